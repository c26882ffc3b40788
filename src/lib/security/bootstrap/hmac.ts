import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';

// ProvBoot §5: M = HMAC-SHA1(K, A). @noble/hashes (audited, pure JS) rather than WebCrypto: a bulk job signs one
// document per key, and WebCrypto's async importKey + sign per document ran at 0.05-0.08x of node:crypto where this
// runs at about 0.5x (`npm run bench` sign, issue 4 asks for 0.3x). It also works where crypto.subtle is missing
// (a page served over plain http to another host), and it is synchronous.

/** HMAC-SHA1 of data under key; 20 bytes. */
export function hmacSha1(key: Uint8Array, data: Uint8Array): Uint8Array {
	return hmac(sha1, key, data);
}
