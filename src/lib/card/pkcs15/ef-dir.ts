// EF(DIR) 2F00 application template (ISO/IEC 7816-4 §8.2.1.1; PKCS#15 v1.1 §5.4). These are BER-TLV
// application-class tags (61, 4F, 50, 51), not PKCS#15 ASN.1, so they are written and read by hand.
import { concatBytes, encodeTlv, hexTag, readTlv, splitEntries } from './der';
import { Pkcs15Error } from './error';
import type { DirRecord } from './model';
import { utf8Decode, utf8Encode } from './utf8';

export const TAG_APPLICATION_TEMPLATE = 0x61;
export const TAG_AID = 0x4f;
export const TAG_LABEL = 0x50;
export const TAG_PATH = 0x51;

/** The template bytes, without record padding. */
export function encodeDirRecord(record: DirRecord): Uint8Array {
	if (record.aid.length < 5 || record.aid.length > 16) {
		throw new Pkcs15Error('bad-argument', 'EF.DIR', -1, `AID is ${record.aid.length} bytes; ISO 7816-4 allows 5..16`);
	}
	const parts = [encodeTlv(TAG_AID, record.aid)];
	if (record.label !== undefined) parts.push(encodeTlv(TAG_LABEL, utf8Encode(record.label)));
	if (record.path !== undefined) parts.push(encodeTlv(TAG_PATH, record.path));
	return encodeTlv(TAG_APPLICATION_TEMPLATE, concatBytes(parts));
}

/** The template padded with FF to the record length of the linear fixed EF (TS 102 221 §11.1.6: whole records). */
export function buildDirRecord(record: DirRecord, recordLength: number): Uint8Array {
	const template = encodeDirRecord(record);
	if (template.length > recordLength) {
		throw new Pkcs15Error(
			'document-too-large',
			'EF.DIR',
			-1,
			`EF.DIR record is ${template.length} bytes; EF 2F00 records hold ${recordLength}`
		);
	}
	const out = new Uint8Array(recordLength).fill(0xff);
	out.set(template, 0);
	return out;
}

/**
 * Every application template in one EF(DIR) record. Tags other than 4F/50/51 inside the template (73
 * discretionary data, 5F50 URL) are skipped; FF after the template is padding. A template without AID is an error.
 */
export function parseDirRecord(bytes: Uint8Array): DirRecord[] {
	const out: DirRecord[] = [];
	for (const t of splitEntries(bytes, 'EF.DIR')) {
		if (t.tag !== TAG_APPLICATION_TEMPLATE) continue;
		let aid: Uint8Array | undefined;
		let label: string | undefined;
		let path: Uint8Array | undefined;
		for (let p = t.valueOffset; p < t.end; ) {
			const inner = readTlv(bytes, p, t.end, 'EF.DIR');
			const value = bytes.slice(inner.valueOffset, inner.end);
			if (inner.tag === TAG_AID) aid = value;
			else if (inner.tag === TAG_LABEL) label = utf8Decode(value, 'EF.DIR', inner.offset);
			else if (inner.tag === TAG_PATH) path = value;
			p = inner.end;
		}
		if (aid === undefined) {
			throw new Pkcs15Error('unexpected-tag', 'EF.DIR', t.offset, `application template 0x${hexTag(t.tag)} has no AID (4F)`);
		}
		const record: DirRecord = { aid };
		if (label !== undefined) record.label = label;
		if (path !== undefined) record.path = path;
		out.push(record);
	}
	return out;
}
