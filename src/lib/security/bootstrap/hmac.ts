import { BootstrapError } from './error';

// ProvBoot §5: M = HMAC-SHA1(K, A). WebCrypto so the same code runs in the browser and in Node 20
// (globalThis.crypto.subtle); this is the one async step because SubtleCrypto is.

function subtle(): SubtleCrypto {
	const s = globalThis.crypto?.subtle;
	if (!s) throw new BootstrapError('no-webcrypto', 'WebCrypto (crypto.subtle) is not available; a secure context is needed');
	return s;
}

/** HMAC-SHA1 of data under key; 20 bytes. */
export async function hmacSha1(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
	const s = subtle();
	const k = await s.importKey('raw', key.slice(), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
	return new Uint8Array(await s.sign('HMAC', k, data.slice()));
}
