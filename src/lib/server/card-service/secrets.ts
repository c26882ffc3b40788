// ADM and PIN as they arrive from a command line, a file or a JSON body → Secret. The value never appears in a
// message: errors say what shape was expected and how long the input was, nothing more.
import { admBytes, type AdmFormat } from '../../card/keys';
import { Secret } from '../../security/secret';

export class SecretInputError extends Error {
	override readonly name = 'SecretInputError';
}

/**
 * ADM1 as the command line gives it, in pySim's two spellings (pySim/utils.py sanitize_pin_adm), so a key copied
 * from a pySim command means the same bytes here:
 *   --adm      8 decimal digits, each sent as its ASCII byte ("88888888" → 3838383838383838), or 16 hex digits,
 *              the 8 bytes as they are (pstudio's spelling before; pySim's --adm never takes 16 characters, so
 *              the two cannot be confused);
 *   --adm-hex  exactly 16 hex digits.
 * Anything else is refused before the card is touched: TS 102 221 §11.1.9 counts every wrong VERIFY, and "88888888"
 * taken as the 4 hex bytes 88 88 88 88 (as this function once did) spends a try of a real card's ADM1.
 */
export function admFromCommandLine(text: string, spelling: 'adm' | 'adm-hex' = 'adm'): Secret {
	const clean = text.replace(/[\s:]/g, '');
	const expected = spelling === 'adm-hex' ? '--adm-hex takes exactly 16 hex digits' : '--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits';
	// Say where and what, never the value (it is the key): the position of the first bad character, or the count.
	if (clean.length === 0) throw new SecretInputError(`ADM key is empty (${expected})`);
	const bad = clean.search(/[^0-9a-fA-F]/);
	if (bad >= 0) throw new SecretInputError(`ADM key: character ${bad + 1} is not a ${spelling === 'adm' ? 'decimal or hex digit' : 'hex digit'} (${expected})`);
	// The bytes by the one rule every ADM1 entry follows (card/keys.ts admBytes, the Card page's too); the checks above
	// only word the command line's messages.
	let format: AdmFormat | undefined;
	if (clean.length === 16) format = 'hex';
	else if (spelling === 'adm' && clean.length === 8) {
		const letter = clean.search(/[^0-9]/);
		if (letter >= 0) throw new SecretInputError(`ADM key: character ${letter + 1} is not a decimal digit (8 characters are 8 decimal digits sent as ASCII; a hex key has 16 hex digits)`);
		format = 'digits';
	}
	if (format !== undefined) {
		const check = admBytes(format, clean);
		if (!check.ok) throw new SecretInputError(`ADM key: ${check.problem}`);
		return new Secret('ADM1', check.bytes);
	}
	throw new SecretInputError(`ADM key: ${clean.length} characters (${expected})`);
}

/** PIN1: 4..8 decimal digits, stored as their ASCII bytes (TS 102 221 §9.5.1, PIN coding). */
export function pin1FromDigits(text: string): Secret {
	const clean = text.trim();
	const bad = clean.search(/[^0-9]/);
	if (bad >= 0) throw new SecretInputError(`PIN1: character ${bad + 1} is not a decimal digit (4..8 digits expected)`);
	if (clean.length < 4 || clean.length > 8) throw new SecretInputError(`PIN1: ${clean.length} digits, PIN1 has 4..8`);
	return Secret.fromText('PIN1', clean);
}
