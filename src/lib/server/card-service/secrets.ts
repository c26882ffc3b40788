// ADM and PIN as they arrive from a command line, a file or a JSON body → Secret. The value never appears in a
// message: errors say what shape was expected and how long the input was, nothing more.
import { Secret } from '../../security/secret';

export class SecretInputError extends Error {
	override readonly name = 'SecretInputError';
}

/** ADM1: hex, 1..8 bytes (TS 102 221 §9.5.1: the VERIFY field is 8 bytes, FF-padded), e.g. 3838383838383838. */
export function admFromHex(text: string): Secret {
	const clean = text.replace(/[\s:]/g, '');
	if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length === 0 || clean.length % 2 !== 0 || clean.length > 16) {
		throw new SecretInputError(`ADM key must be 1..8 bytes of hex (e.g. 16 hex digits); got ${clean.length} characters that are not that`);
	}
	const bytes = new Uint8Array(clean.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
	return new Secret('ADM1', bytes);
}

/** PIN1: 4..8 decimal digits, stored as their ASCII bytes (TS 102 221 §9.5.1, PIN coding). */
export function pin1FromDigits(text: string): Secret {
	const clean = text.trim();
	if (!/^[0-9]{4,8}$/.test(clean)) throw new SecretInputError(`PIN1 must be 4..8 digits; got ${clean.length} characters that are not that`);
	return Secret.fromText('PIN1', clean);
}
