// A synchronous pure-TypeScript HMAC-SHA1 (RFC 2104 over FIPS 180-4 SHA-1), used ONLY by the sign bench as a
// "reference only" line: what a library path without WebCrypto's per-call async cost could reach. Its MACs are
// checked against node:crypto like every other path of the bench. Not a library module.

const W = new Uint32Array(80);

/** SHA-1 of the concatenation of `prefix` (exactly one 64-byte block) and `data`. */
function sha1(prefix: Uint8Array, data: Uint8Array): Uint8Array {
	const total = 64 + data.length;
	// Message + 0x80 + zero padding + 64-bit big-endian bit length, in whole 64-byte blocks (FIPS 180-4 §5.1.1).
	const blocks = Math.ceil((total + 9) / 64);
	const m = new Uint8Array(blocks * 64);
	m.set(prefix, 0);
	m.set(data, 64);
	m[total] = 0x80;
	const bits = total * 8;
	const view = new DataView(m.buffer);
	view.setUint32(m.length - 8, Math.floor(bits / 0x100000000));
	view.setUint32(m.length - 4, bits >>> 0);
	let h0 = 0x67452301;
	let h1 = 0xefcdab89;
	let h2 = 0x98badcfe;
	let h3 = 0x10325476;
	let h4 = 0xc3d2e1f0;
	for (let at = 0; at < m.length; at += 64) {
		for (let t = 0; t < 16; t++) W[t] = view.getUint32(at + t * 4);
		for (let t = 16; t < 80; t++) {
			const x = W[t - 3] ^ W[t - 8] ^ W[t - 14] ^ W[t - 16];
			W[t] = (x << 1) | (x >>> 31);
		}
		let a = h0;
		let b = h1;
		let c = h2;
		let d = h3;
		let e = h4;
		for (let t = 0; t < 80; t++) {
			const f = t < 20 ? ((b & c) | (~b & d)) + 0x5a827999 : t < 40 ? (b ^ c ^ d) + 0x6ed9eba1 : t < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc : (b ^ c ^ d) + 0xca62c1d6;
			const temp = (((a << 5) | (a >>> 27)) + f + e + W[t]) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		h0 = (h0 + a) | 0;
		h1 = (h1 + b) | 0;
		h2 = (h2 + c) | 0;
		h3 = (h3 + d) | 0;
		h4 = (h4 + e) | 0;
	}
	const out = new Uint8Array(20);
	const outView = new DataView(out.buffer);
	[h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h >>> 0));
	return out;
}

/** HMAC-SHA1(key, data), RFC 2104; keys up to 64 bytes (an IMSI key is 8). */
export function hmacSha1Js(key: Uint8Array, data: Uint8Array): Uint8Array {
	if (key.length > 64) throw new Error('bench HMAC: keys longer than one block are not supported');
	const ipad = new Uint8Array(64).fill(0x36);
	const opad = new Uint8Array(64).fill(0x5c);
	for (let i = 0; i < key.length; i++) {
		ipad[i] ^= key[i];
		opad[i] ^= key[i];
	}
	return sha1(opad, sha1(ipad, data));
}
