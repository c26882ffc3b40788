// EF(ODF) 5031 (PKCS#15 v1.1 §6.2): a run of PKCS15Objects CHOICE values, each pointing at a directory file.
import { parseTlvAs, serialize } from './asn';
import { concatBytes, readTlv, splitEntries } from './der';
import type { OdfEntry, OdfKind, Pkcs15Path } from './model';
import { pathFromAsn, pathToAsn } from './path';
import { ODF_KINDS, OdfEntryAsn } from './schema';

/** Context-specific constructed tags A0..A8 name the nine object classes of §6.2. */
function kindOfTag(tag: number): OdfKind | 'unknown' {
	const n = tag - 0xa0;
	return tag >= 0xa0 && n < ODF_KINDS.length ? ODF_KINDS[n] : 'unknown';
}

export function encodeOdfEntry(kind: OdfKind, path: Pkcs15Path): Uint8Array {
	const entry = new OdfEntryAsn();
	entry[kind] = pathToAsn(path);
	return serialize(entry);
}

export function encodeOdf(entries: readonly { kind: OdfKind; path: Pkcs15Path }[]): Uint8Array {
	return concatBytes(entries.map((e) => encodeOdfEntry(e.kind, e.path)));
}

/**
 * All entries; those whose PathOrObjects is not a Path (direct objects [0], protected [1]/[2]) and tags the
 * v1.1 module does not define (ISO 7816-15 adds more) are listed without a path, as readers skip them.
 */
export function parseOdf(bytes: Uint8Array): OdfEntry[] {
	const out: OdfEntry[] = [];
	for (const t of splitEntries(bytes, 'ODF')) {
		const kind = kindOfTag(t.tag);
		const entry: OdfEntry = { kind, tag: t.tag, offset: t.offset };
		const inner = t.constructed && t.length > 0 ? readTlv(bytes, t.valueOffset, t.end, 'ODF') : undefined;
		if (kind !== 'unknown' && inner !== undefined && inner.tag === 0x30) {
			const asn = parseTlvAs(bytes, t, OdfEntryAsn, 'ODF', `ODF entry ${kind}`);
			const pathAsn = asn[kind];
			if (pathAsn !== undefined) entry.path = pathFromAsn(pathAsn, 'ODF', inner.offset);
		}
		out.push(entry);
	}
	return out;
}
