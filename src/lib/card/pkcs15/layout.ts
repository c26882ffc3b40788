// Builds every byte the studio writes for the provisioning layout (spec §5), refusing anything that does not
// fit before a single file exists, so a write flow never leaves half a layout on a card.
import { encodeDirRecord } from './ef-dir';
import { encodeDodf, encodeOidDataObject, encodeOpaqueDataObject, type DataObjectSpec } from './dodf';
import { Pkcs15Error } from './error';
import type { DirRecord, TokenFlag } from './model';
import { encodeOdf } from './odf';
import { pathText, resolvePath } from './path';
import { DOCUMENT_KINDS, type DocumentKind, type Pkcs15Profile } from './profiles';
import { encodeTokenInfo } from './token-info';

export type ProvisioningDocuments = Partial<Record<DocumentKind, Uint8Array>>;

/** EF sizes in bytes; anything omitted takes the profile default. */
export type FileSizes = Partial<Record<DocumentKind | 'odf' | 'tokenInfo' | 'dodf' | 'dirRecord', number>>;

export interface LayoutOptions {
	/** TokenInfo serialNumber (PKCS#15 §6.9, mandatory there); the ICCID bytes are a natural choice. Default 00. */
	serialNumber?: Uint8Array;
	manufacturerID?: string;
	tokenLabel?: string;
	tokenFlags?: TokenFlag[];
	/**
	 * Also write each document as an opaqueDO with applicationOID = its OID, placed BEFORE the oidDO entries.
	 * OpenSC decodes only opaqueDO (pkcs15-data.c c_asn1_data) and stops the DODF at the first entry it cannot
	 * decode (pkcs15.c sc_pkcs15_parse_df), so only this order lets `pkcs15-tool -C` list them; ProvSC-style
	 * readers skip non-A1 entries (nRF pkcs15_decode.c). Off by default: handset behaviour with it is untested.
	 */
	openscMirror?: boolean;
}

export type LayoutRole = DocumentKind | 'dodf' | 'tokenInfo' | 'odf';

export interface LayoutFile {
	role: LayoutRole;
	name: string;
	fid: Uint8Array;
	/** Absolute path from MF. */
	path: Uint8Array;
	/** EF size (what CREATE FILE must allocate). */
	size: number;
	content: Uint8Array;
	/** content followed by FF up to `size`: erases whatever a longer previous version left behind. */
	image: Uint8Array;
	/** Present for provisioning documents. */
	oid?: string;
}

export interface Pkcs15Layout {
	profile: Pkcs15Profile['id'];
	aid: Uint8Array;
	appDfPath: Uint8Array;
	dir: { record: DirRecord; template: Uint8Array; recordLength: number; image: Uint8Array };
	/** In write order: documents, then DODF, TokenInfo, ODF (a reader never meets a pointer to a missing file). */
	files: LayoutFile[];
}

function fidText(fid: Uint8Array): string {
	return pathText(fid).replace(/ /g, '');
}

function padded(content: Uint8Array, size: number): Uint8Array {
	const image = new Uint8Array(size).fill(0xff);
	image.set(content, 0);
	return image;
}

function sizeOf(sizes: FileSizes, key: keyof FileSizes, fallback: number): number {
	const size = sizes[key] ?? fallback;
	if (!Number.isSafeInteger(size) || size <= 0 || size > 0x7fff) {
		// READ/UPDATE BINARY offsets are 15 bits (apdu.md §3): larger EFs are not addressable.
		throw new Pkcs15Error('bad-argument', 'layout', -1, `size of ${key} must be 1..32767 bytes, got ${String(size)}`);
	}
	return size;
}

function fits(name: string, fid: Uint8Array, length: number, size: number): void {
	if (length > size) {
		throw new Pkcs15Error('document-too-large', 'layout', -1, `${name} is ${length} bytes; EF ${fidText(fid)} holds ${size}`);
	}
}

export function buildLayout(
	documents: ProvisioningDocuments,
	profile: Pkcs15Profile,
	fileSizes: FileSizes = {},
	options: LayoutOptions = {}
): Pkcs15Layout {
	const present = DOCUMENT_KINDS.filter((kind) => documents[kind] !== undefined);
	if (present.length === 0) throw new Pkcs15Error('bad-argument', 'layout', -1, 'no provisioning document given');

	const seen = new Map<string, DocumentKind>();
	for (const kind of present) {
		const slot = profile.documents[kind];
		const other = seen.get(slot.oid.value);
		if (other !== undefined) {
			throw new Pkcs15Error(
				'duplicate-oid',
				'layout',
				-1,
				`${profile.documents[other].name} and ${slot.name} both use OID ${slot.oid.value} in profile ${profile.id}; a reader could not tell them apart`
			);
		}
		seen.set(slot.oid.value, kind);
	}

	// Every size check happens before any byte is built, in document order.
	const docFiles: LayoutFile[] = [];
	for (const kind of present) {
		const slot = profile.documents[kind];
		const content = documents[kind] as Uint8Array;
		if (content.length === 0) throw new Pkcs15Error('bad-argument', 'layout', -1, `${slot.name} is empty`);
		const size = sizeOf(fileSizes, kind, slot.defaultSize);
		fits(slot.name, slot.fid.value, content.length, size);
		docFiles.push({
			role: kind,
			name: slot.name,
			fid: slot.fid.value,
			path: resolvePath(profile.appDf.value, slot.fid.value),
			size,
			content,
			image: padded(content, size),
			oid: slot.oid.value
		});
	}

	const specs = docFiles.map((f): { spec: DataObjectSpec; oid: string } => ({
		spec: {
			label: f.name,
			flags: profile.documents[f.role as DocumentKind].flags,
			// Relative FID: PKCS#15 §6.1.5 resolves it against DF(PKCS#15), like the spec §4 example.
			path: { path: f.fid }
		},
		oid: f.oid as string
	}));
	const entries: Uint8Array[] = [];
	if (options.openscMirror) {
		for (const { spec, oid } of specs) {
			entries.push(encodeOpaqueDataObject({ ...spec, applicationName: profile.applicationLabel, applicationOID: oid }));
		}
	}
	for (const { spec, oid } of specs) entries.push(encodeOidDataObject(spec, oid));
	const dodfContent = encodeDodf(entries);

	const tokenInfoContent = encodeTokenInfo({
		version: 0,
		serialNumber: options.serialNumber ?? new Uint8Array([0x00]),
		...(options.manufacturerID !== undefined ? { manufacturerID: options.manufacturerID } : {}),
		...(options.tokenLabel !== undefined ? { label: options.tokenLabel } : {}),
		flags: options.tokenFlags ?? []
	});
	const odfContent = encodeOdf([{ kind: 'dataObjects', path: { path: profile.dodf.value } }]);

	const structural: [LayoutRole, string, Uint8Array, Uint8Array, number][] = [
		['dodf', 'DODF', profile.dodf.value, dodfContent, sizeOf(fileSizes, 'dodf', profile.defaultSizes.dodf)],
		['tokenInfo', 'TokenInfo', profile.tokenInfo.value, tokenInfoContent, sizeOf(fileSizes, 'tokenInfo', profile.defaultSizes.tokenInfo)],
		['odf', 'ODF', profile.odf.value, odfContent, sizeOf(fileSizes, 'odf', profile.defaultSizes.odf)]
	];
	const files = [...docFiles];
	for (const [role, name, fid, content, size] of structural) {
		fits(name, fid, content.length, size);
		files.push({ role, name, fid, path: resolvePath(profile.appDf.value, fid), size, content, image: padded(content, size) });
	}

	const record: DirRecord = { aid: profile.aid.value, label: profile.applicationLabel, path: profile.appDf.value };
	const template = encodeDirRecord(record);
	const recordLength = sizeOf(fileSizes, 'dirRecord', profile.defaultSizes.dirRecord);
	if (recordLength > 255) throw new Pkcs15Error('bad-argument', 'layout', -1, `EF.DIR record length ${recordLength} exceeds 255`);
	fits('EF.DIR record', profile.efDir.value, template.length, recordLength);

	return {
		profile: profile.id,
		aid: profile.aid.value,
		appDfPath: profile.appDf.value,
		dir: { record, template, recordLength, image: padded(template, recordLength) },
		files
	};
}
