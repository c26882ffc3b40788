// One card's PKCS#15 provisioning files for a personalisation bureau: the bytes `pstudio card write` would put on
// that card (smartcard-provisioning.md §5), planned by the card library's own buildLayout, never re-encoded here.
// The writer learns three things from the card that a bureau knows from its card profile instead: the EF sizes
// (it FF-fills each file to the size SELECT reports), the EF.DIR record (the one already naming the PKCS#15 AID,
// else the first empty one) and the ICCID (TokenInfo.serialNumber is the EF.ICCID content it reads).
import type { Secret } from '../../../security';
import {
	buildLayout,
	DEFAULT_PROFILE,
	PROFILES,
	type DocumentKind,
	type FileSizes,
	type LayoutRole,
	type Pkcs15Layout,
	type Pkcs15Profile
} from '../../../card/pkcs15';
import { BatchError } from '../../error';
import { efIccid } from './ef-iccid';

/** What the bureau package needs of one good row. */
export interface BureauCard {
	iccid: string;
	/** WBXML of each document; Bootstrap is required, as for `pstudio card write`. */
	documents: { bootstrap: Uint8Array; config1?: Uint8Array; config2?: Uint8Array };
	/** The row's ADM1 key bytes (8 ASCII digits or 16 hex, as the order reader gave them); used only when asked. */
	adm?: Secret;
}

export interface BureauFileOptions {
	/** Default: the writer's default profile (oma-provsc, DF(PKCS#15) 3F00 7F50). */
	profile?: Pkcs15Profile;
	/**
	 * EF sizes of the bureau's card profile; each file is FF-filled to its size, as the writer fills to the size
	 * the card reports. Omitted ones take the profile defaults (the sizes the writer gives files it creates).
	 */
	fileSizes?: FileSizes;
	/**
	 * EF.DIR record to write (1-based). The writer picks the record already naming the PKCS#15 AID, else the first
	 * empty one; a script cannot read the card first, so the card profile says. Default 2 (record 1 is USIM's on a
	 * UICC personalised with a USIM application first, as in our simulator's default profile).
	 */
	efDirRecord?: number;
	/** Also list each document as an opaqueDO so OpenSC's pkcs15-tool sees it (layout.ts openscMirror). */
	openscMirror?: boolean;
	tokenLabel?: string;
	manufacturerID?: string;
}

/** One file of a card as the bureau loads it. */
export interface BureauFile {
	/** The layout role, or 'dir' for the EF.DIR record. */
	role: LayoutRole | 'dir';
	/** In the standard's words: EF.Bootstrap, EF.DODF, EF.TokenInfo, EF.ODF, EF.DIR. */
	name: string;
	/** Absolute path from the MF, e.g. 3F00 7F50 6E01. */
	path: Uint8Array;
	/** For EF.DIR: the record number (UPDATE RECORD, absolute mode). */
	record?: number;
	/** Bytes before the FF fill (the document, or the DER structure). */
	contentLength: number;
	/** What is written: the content FF-filled to the EF size (or to the record length). */
	bytes: Uint8Array;
	/** For documents: the OID the DODF names it by. */
	oid?: string;
}

export interface BureauCardFiles {
	iccid: string;
	profile: Pkcs15Profile;
	/** In the writer's order: documents, DODF, TokenInfo, ODF, then the EF.DIR record. */
	files: BureauFile[];
}

const MF_EF_DIR = Uint8Array.from([0x3f, 0x00, 0x2f, 0x00]);

/** Standard names of the files (PKCS#15 v1.1 §5, ProvSC document EFs named after their document). */
const EF_NAMES: Record<LayoutRole, string> = {
	bootstrap: 'EF.Bootstrap',
	config1: 'EF.Config1',
	config2: 'EF.Config2',
	dmBootstrap: 'EF.DM-Bootstrap',
	dodf: 'EF.DODF',
	tokenInfo: 'EF.TokenInfo',
	odf: 'EF.ODF'
};

export function resolveProfile(profile: Pkcs15Profile | undefined): Pkcs15Profile {
	return profile ?? PROFILES[DEFAULT_PROFILE];
}

export function checkEfDirRecord(record: number | undefined): number {
	const n = record ?? 2;
	// P1 of UPDATE RECORD carries 01..FE (TS 102 221 §11.1.6).
	if (!Number.isInteger(n) || n < 1 || n > 0xfe) throw new BatchError('bad-option', `EF.DIR record must be 1..254, got ${String(record)}`);
	return n;
}

function fromLayout(layout: Pkcs15Layout, record: number): BureauFile[] {
	const files: BureauFile[] = layout.files.map((f) => ({
		role: f.role,
		name: EF_NAMES[f.role],
		path: f.path,
		contentLength: f.content.length,
		bytes: f.image,
		...(f.oid !== undefined ? { oid: f.oid } : {})
	}));
	files.push({ role: 'dir', name: 'EF.DIR', path: MF_EF_DIR, record, contentLength: layout.dir.template.length, bytes: layout.dir.image });
	return files;
}

/**
 * What buildLayout gives every card with the same documents present: the DODF, ODF and EF.DIR record do not depend on
 * the documents' bytes nor on the card (buildLayout: paths, labels, OIDs and flags only), and TokenInfo differs only
 * in its 10-byte serialNumber (EF.ICCID is always 10 bytes, so no DER length moves).
 */
interface Shape {
	files: BureauFile[];
	/** Where TokenInfo's serialNumber bytes sit in its image. */
	tokenInfo: { index: number; serialAt: number };
}

/** The one run of positions where a and b differ, when it is exactly `length` long. */
function differingRun(a: Uint8Array, b: Uint8Array, length: number): number | undefined {
	if (a.length !== b.length) return undefined;
	let first = -1;
	let last = -1;
	for (let i = 0; i < a.length; i++) {
		if (a[i] === b[i]) continue;
		if (first < 0) first = i;
		last = i;
	}
	return first >= 0 && last - first + 1 === length ? first : undefined;
}

/**
 * Plans the cards of one batch. buildLayout's DER encoders cost ~0.7 ms a card, so the first card of each set of
 * documents runs buildLayout twice (two serial numbers that differ in every byte) to learn the fixed files and where
 * the serial number sits; every later card copies them, puts its own serial number there and FF-fills its documents.
 * A card whose document does not fit goes through buildLayout itself, which refuses it with its own message.
 */
export class BureauPlanner {
	readonly profile: Pkcs15Profile;
	readonly #record: number;
	readonly #options: BureauFileOptions;
	/** By the document kinds present ("bootstrap,config1"); null: the serial number could not be located, no shortcut. */
	readonly #shapes = new Map<string, Shape | null>();

	constructor(options: BureauFileOptions = {}) {
		this.profile = resolveProfile(options.profile);
		this.#record = checkEfDirRecord(options.efDirRecord);
		this.#options = options;
	}

	#layout(documents: Partial<Record<DocumentKind, Uint8Array>>, serialNumber: Uint8Array): Pkcs15Layout {
		const o = this.#options;
		return buildLayout(documents, this.profile, o.fileSizes ?? {}, {
			serialNumber,
			...(o.openscMirror ? { openscMirror: true } : {}),
			...(o.tokenLabel !== undefined ? { tokenLabel: o.tokenLabel } : {}),
			...(o.manufacturerID !== undefined ? { manufacturerID: o.manufacturerID } : {})
		});
	}

	/** Plans one card's files; a document that does not fit its EF is a Pkcs15Error from buildLayout, as in the writer. */
	plan(card: BureauCard): BureauCardFiles {
		const serial = efIccid(card.iccid);
		const documents: Partial<Record<DocumentKind, Uint8Array>> = { bootstrap: card.documents.bootstrap };
		if (card.documents.config1 !== undefined) documents.config1 = card.documents.config1;
		if (card.documents.config2 !== undefined) documents.config2 = card.documents.config2;
		const key = Object.keys(documents).join(',');
		const shape = this.#shapes.get(key);
		const exact = (): BureauCardFiles => ({ iccid: card.iccid, profile: this.profile, files: fromLayout(this.#layout(documents, serial), this.#record) });
		if (shape === null) return exact();
		if (shape === undefined) {
			const planned = exact();
			const other = fromLayout(this.#layout(documents, serial.map((b) => b ^ 0xff)), this.#record);
			const index = planned.files.findIndex((f) => f.role === 'tokenInfo');
			const serialAt = differingRun(planned.files[index].bytes, other[index].bytes, serial.length);
			const same = planned.files.every((f, i) => i === index || f.role in documents || f.bytes.every((b, j) => b === other[i].bytes[j]));
			this.#shapes.set(key, serialAt === undefined || !same ? null : { files: planned.files.map((f) => ({ ...f, bytes: f.bytes.slice() })), tokenInfo: { index, serialAt } });
			return planned;
		}
		const files: BureauFile[] = [];
		for (const f of shape.files) {
			const content = f.role === 'dir' ? undefined : documents[f.role as DocumentKind];
			if (content === undefined) {
				files.push({ ...f, bytes: f.bytes.slice() });
				continue;
			}
			// Empty or too large: buildLayout says so in its own words.
			if (content.length === 0 || content.length > f.bytes.length) return exact();
			const bytes = new Uint8Array(f.bytes.length).fill(0xff);
			bytes.set(content, 0);
			files.push({ ...f, contentLength: content.length, bytes });
		}
		files[shape.tokenInfo.index].bytes.set(serial, shape.tokenInfo.serialAt);
		return { iccid: card.iccid, profile: this.profile, files };
	}
}

/** One card's files, planned on its own (a batch uses one BureauPlanner for all its cards). */
export function bureauCardFiles(card: BureauCard, options: BureauFileOptions = {}): BureauCardFiles {
	return new BureauPlanner(options).plan(card);
}
