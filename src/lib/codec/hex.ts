// Hex lives only at the edges (UI, CLI, logs): libraries pass Uint8Array.

const DIGITS = '0123456789ABCDEF';

/** Uppercase hex, optionally with a separator between bytes ("03 0B 6A"). */
export function toHex(bytes: Uint8Array, separator = ''): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) {
		if (i > 0 && separator) out += separator;
		out += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 0x0f];
	}
	return out;
}

export class HexError extends Error {
	override readonly name = 'HexError';
	constructor(
		readonly index: number,
		message: string
	) {
		super(message);
	}
}

/** Parses hex, ignoring whitespace and ':' separators; a stray character or odd digit count is a HexError. */
export function fromHex(text: string): Uint8Array {
	const digits: number[] = [];
	const positions: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === ':') continue;
		const v = parseInt(c, 16);
		if (Number.isNaN(v)) throw new HexError(i, `hex: character ${JSON.stringify(c)} at index ${i} is not a hex digit`);
		digits.push(v);
		positions.push(i);
	}
	if (digits.length % 2 !== 0) {
		throw new HexError(positions[positions.length - 1], `hex: odd number of digits (${digits.length})`);
	}
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i] << 4) | digits[2 * i + 1];
	return out;
}
