// Writes a built layout onto a card whose files already exist (CREATE FILE is the caller's, with LayoutFile.size).
// Every check that can fail runs before the first UPDATE, and the EF.DIR record goes last, so an interrupted
// write never announces an application whose files are not there yet.
import type { CardFiles } from './card-files';
import { parseDirRecord } from './ef-dir';
import { Pkcs15Error } from './error';
import type { Pkcs15Layout } from './layout';
import { pathText } from './path';

const MF_EF_DIR = new Uint8Array([0x3f, 0x00, 0x2f, 0x00]);

export interface WrittenFile {
	path: Uint8Array;
	/** Record number for EF.DIR, undefined for transparent EFs. */
	record?: number;
	length: number;
}

function isEmptyRecord(bytes: Uint8Array): boolean {
	// An unused EF.DIR record is erased to FF (TS 102 221 §13.1); 00 is seen on some personalisations.
	return bytes.length === 0 || bytes[0] === 0xff || bytes[0] === 0x00;
}

function samePrefix(bytes: Uint8Array, prefix: Uint8Array): boolean {
	return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Picks the EF.DIR record to write: the one already naming the PKCS#15 AID, else the first empty one. */
async function chooseDirRecord(files: CardFiles, layout: Pkcs15Layout): Promise<{ record: number; length: number }> {
	const info = await files.selectPath(MF_EF_DIR);
	if (info.structure !== 'linear-fixed' || info.recordLength === undefined || info.recordCount === undefined) {
		throw new Pkcs15Error('wrong-structure', 'card', -1, `EF.DIR 2F00 is ${info.structure}; expected a linear fixed EF with known records`);
	}
	if (layout.dir.template.length > info.recordLength) {
		throw new Pkcs15Error(
			'file-too-small',
			'card',
			-1,
			`EF.DIR record is ${layout.dir.template.length} bytes; EF 2F00 records hold ${info.recordLength}`
		);
	}
	let firstEmpty: number | undefined;
	for (let n = 1; n <= info.recordCount; n++) {
		const bytes = await files.readRecord(n);
		if (isEmptyRecord(bytes)) {
			firstEmpty ??= n;
			continue;
		}
		let records;
		try {
			records = parseDirRecord(bytes);
		} catch {
			continue; // not ours and not empty: leave it alone
		}
		if (records.some((r) => samePrefix(r.aid, layout.aid))) return { record: n, length: info.recordLength };
	}
	if (firstEmpty === undefined) {
		throw new Pkcs15Error('ef-dir-full', 'card', -1, `EF.DIR 2F00 has no free record among ${info.recordCount} (USIM/ISIM records are never overwritten)`);
	}
	return { record: firstEmpty, length: info.recordLength };
}

export async function writeLayout(files: CardFiles, layout: Pkcs15Layout): Promise<WrittenFile[]> {
	// Phase 1: checks only.
	const dir = await chooseDirRecord(files, layout);
	const sizes: number[] = [];
	for (const file of layout.files) {
		const info = await files.selectPath(file.path);
		const where = `${file.name} EF ${pathText(file.path)}`;
		if (info.structure !== 'transparent') {
			throw new Pkcs15Error('wrong-structure', 'card', -1, `${where} is ${info.structure}; expected a transparent EF`);
		}
		if (info.size === undefined) throw new Pkcs15Error('file-size-unknown', 'card', -1, `${where}: the card did not report a size`);
		if (file.content.length > info.size) {
			throw new Pkcs15Error('file-too-small', 'card', -1, `${file.name} is ${file.content.length} bytes; EF ${pathText(file.fid).replace(/ /g, '')} holds ${info.size}`);
		}
		sizes.push(info.size);
	}

	// Phase 2: documents, DODF, TokenInfo, ODF (layout order), each FF-filled to the EF's real size, then EF.DIR.
	const written: WrittenFile[] = [];
	for (const [i, file] of layout.files.entries()) {
		const image = new Uint8Array(sizes[i]).fill(0xff);
		image.set(file.content, 0);
		await files.selectPath(file.path);
		await files.updateBinary(0, image);
		written.push({ path: file.path, length: image.length });
	}
	const record = new Uint8Array(dir.length).fill(0xff);
	record.set(layout.dir.template, 0);
	await files.selectPath(MF_EF_DIR);
	await files.updateRecord(dir.record, record);
	written.push({ path: MF_EF_DIR, record: dir.record, length: record.length });
	return written;
}
