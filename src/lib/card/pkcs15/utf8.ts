import { Pkcs15Error, type Pkcs15File } from './error';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export function utf8Encode(text: string): Uint8Array {
	return encoder.encode(text);
}

/** Strict UTF-8 (labels are UTF8String in PKCS#15 §6.1.9 and in OpenSC's EF.DIR decoder). */
export function utf8Decode(bytes: Uint8Array, file: Pkcs15File, offset: number): string {
	try {
		return decoder.decode(bytes);
	} catch {
		throw new Pkcs15Error('schema', file, offset, 'label is not valid UTF-8');
	}
}
