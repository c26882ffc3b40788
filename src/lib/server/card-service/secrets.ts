// ADM and PIN as they arrive from a command line, a file or a JSON body → Secret. The value never appears in a
// message: errors say what shape was expected and how long the input was, nothing more.
import { Secret } from '../../security/secret';

export class SecretInputError extends Error {
	override readonly name = 'SecretInputError';
}

/** ADM1: hex, 1..8 bytes (TS 102 221 §9.5.1: the VERIFY field is 8 bytes, FF-padded), e.g. 3838383838383838. */
export function admFromHex(text: string): Secret {
	const clean = text.replace(/[\s:]/g, '');
	// Say where and what, never the value (it is the key): the position of the first bad character, or the count.
	const bad = clean.search(/[^0-9a-fA-F]/);
	if (bad >= 0) throw new SecretInputError(`ADM key: character ${bad + 1} is not a hex digit (1..8 bytes of hex expected, e.g. 16 hex digits)`);
	if (clean.length === 0) throw new SecretInputError('ADM key is empty (1..8 bytes of hex expected, e.g. 16 hex digits)');
	if (clean.length % 2 !== 0) throw new SecretInputError(`ADM key: ${clean.length} hex digits, an odd count (whole bytes expected, e.g. 16 hex digits)`);
	if (clean.length > 16) throw new SecretInputError(`ADM key: ${clean.length / 2} bytes, more than the 8 VERIFY carries`);
	const bytes = new Uint8Array(clean.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
	return new Secret('ADM1', bytes);
}

/** PIN1: 4..8 decimal digits, stored as their ASCII bytes (TS 102 221 §9.5.1, PIN coding). */
export function pin1FromDigits(text: string): Secret {
	const clean = text.trim();
	const bad = clean.search(/[^0-9]/);
	if (bad >= 0) throw new SecretInputError(`PIN1: character ${bad + 1} is not a decimal digit (4..8 digits expected)`);
	if (clean.length < 4 || clean.length > 8) throw new SecretInputError(`PIN1: ${clean.length} digits, PIN1 has 4..8`);
	return Secret.fromText('PIN1', clean);
}
