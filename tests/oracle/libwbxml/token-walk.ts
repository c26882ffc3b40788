// An independent reading of a WBXML stream (WAP-192 §5.8, wbxml.md §3–4) that records which application tokens
// appear on which code page. It deliberately shares no code with src/lib/codec/wbxml, so the coverage check
// does not trust the decoder it is checking.

/** 'tag', 'attr-start' or 'attr-value', the code page, and the token (tag tokens without the 0x80/0x40 flags). */
export type TokenUse = `${'tag' | 'attr-start' | 'attr-value'}:${number}:${string}`;

export const tokenKey = (kind: 'tag' | 'attr-start' | 'attr-value', page: number, token: number): TokenUse =>
	`${kind}:${page}:0x${token.toString(16).toUpperCase().padStart(2, '0')}`;

export function tokensUsed(bytes: Uint8Array): Set<TokenUse> {
	const used = new Set<TokenUse>();
	let i = 0;
	const byte = (): number => {
		if (i >= bytes.length) throw new Error(`token walk: stream ends at offset ${i}`);
		return bytes[i++];
	};
	// mb_u_int32 (wbxml.md §2).
	const mb = (): number => {
		let value = 0;
		for (let n = 0; n < 5; n++) {
			const b = byte();
			value = value * 128 + (b & 0x7f);
			if ((b & 0x80) === 0) return value;
		}
		throw new Error(`token walk: mb_u_int32 longer than 5 bytes at offset ${i}`);
	};
	// Not `i += mb()`: that reads `i` before mb() has moved it past the length bytes.
	const skipBytes = (count: number): void => {
		if (i + count > bytes.length) throw new Error(`token walk: ${count} bytes at offset ${i} run past the end`);
		i += count;
	};
	const skipString = (): void => {
		while (byte() !== 0);
	};
	// WAP-192 §7.1 globals shared by content and attribute state; returns false when the token is not one.
	const skipGlobal = (t: number): boolean => {
		switch (t) {
			case 0x02: mb(); return true; // ENTITY
			case 0x03: case 0x40: case 0x41: case 0x42: skipString(); return true; // STR_I, EXT_I_n
			case 0x83: case 0x80: case 0x81: case 0x82: mb(); return true; // STR_T, EXT_T_n
			case 0xc0: case 0xc1: case 0xc2: return true; // EXT_n
			case 0xc3: skipBytes(mb()); return true; // OPAQUE
			default: return false;
		}
	};

	const version = byte();
	const publicId = mb();
	if (publicId === 0) mb();
	if (version >= 0x01) mb();
	skipBytes(mb()); // string table

	const attrPage = { value: 0 };
	const attributes = (): void => {
		for (;;) {
			const t = byte();
			if (t === 0x01) return;
			if (t === 0x00) { attrPage.value = byte(); continue; }
			if (t === 0x04) { mb(); continue; } // LITERAL attribute name
			if (skipGlobal(t)) continue;
			used.add(tokenKey(t < 0x80 ? 'attr-start' : 'attr-value', attrPage.value, t));
		}
	};

	let tagPage = 0;
	let depth = 0;
	let seenRoot = false;
	while (!seenRoot || depth > 0) {
		const t = byte();
		if (t === 0x00) { tagPage = byte(); continue; }
		if (t === 0x01) { depth--; continue; }
		if (t === 0x43) { attributes(); continue; } // PI
		if (depth > 0 && skipGlobal(t)) continue;
		const id = t & 0x3f;
		if (id === 0x04) mb(); // LITERAL, LITERAL_A/C/AC: name from the string table
		else used.add(tokenKey('tag', tagPage, id));
		seenRoot = true;
		if (t & 0x80) attributes();
		if (t & 0x40) depth++;
	}
	return used;
}
