// EF(DODF) (PKCS#15 v1.1 §6.7): the data-object directory. ProvSC / DM-bootstrap readers look for oidDO entries
// (A1, spec §1 step 6); OpenSC only decodes opaqueDO entries (30, pkcs15-data.c c_asn1_data), see layout.ts.
import { bitsSet, namedBits, parseTlvAs, serialize, toArrayBuffer } from './asn';
import { concatBytes, splitEntries, type Tlv } from './der';
import { Pkcs15Error } from './error';
import { OBJECT_FLAGS, type DodfEntry, type ObjectFlag, type Pkcs15Path } from './model';
import { pathFromAsn, pathToAsn } from './path';
import {
	CommonDataObjectAttributesAsn,
	CommonObjectAttributesAsn,
	OidDataAsn,
	OidDataObjectAsn,
	OpaqueDataObjectAsn
} from './schema';

const TAG_OPAQUE_DO = 0x30;
const TAG_OID_DO = 0xa1;

/** What one data object says about itself; the same description yields the oidDO and the opaqueDO form. */
export interface DataObjectSpec {
	label?: string;
	flags: readonly ObjectFlag[];
	authId?: Uint8Array;
	applicationName?: string;
	applicationOID?: string;
	path: Pkcs15Path;
}

function commonAttributes(spec: DataObjectSpec): CommonObjectAttributesAsn {
	const asn = new CommonObjectAttributesAsn();
	if (spec.label !== undefined) asn.label = spec.label;
	// flags is OPTIONAL with no DEFAULT; we always write it so readers see "modifiable" / "private" explicitly.
	asn.flags = namedBits(spec.flags.map((f) => OBJECT_FLAGS.indexOf(f)));
	if (spec.authId !== undefined) asn.authId = toArrayBuffer(spec.authId);
	return asn;
}

function dataAttributes(spec: DataObjectSpec): CommonDataObjectAttributesAsn {
	const asn = new CommonDataObjectAttributesAsn();
	if (spec.applicationName !== undefined) asn.applicationName = spec.applicationName;
	if (spec.applicationOID !== undefined) asn.applicationOID = spec.applicationOID;
	return asn;
}

/** A1 { CommonObjectAttributes, CommonDataObjectAttributes, A1 { 30 { 06 oid, 30 Path } } } */
export function encodeOidDataObject(spec: DataObjectSpec, oid: string): Uint8Array {
	const object = new OidDataObjectAsn();
	object.commonObjectAttributes = commonAttributes(spec);
	object.classAttributes = dataAttributes(spec);
	object.typeAttributes.id = oid;
	object.typeAttributes.value = pathToAsn(spec.path);
	const data = new OidDataAsn();
	data.oidDO = object;
	return serialize(data);
}

/** 30 { CommonObjectAttributes, CommonDataObjectAttributes, A1 { 30 Path } } — the form OpenSC lists. */
export function encodeOpaqueDataObject(spec: DataObjectSpec): Uint8Array {
	const object = new OpaqueDataObjectAsn();
	object.commonObjectAttributes = commonAttributes(spec);
	object.classAttributes = dataAttributes(spec);
	object.typeAttributes = pathToAsn(spec.path);
	return serialize(object);
}

export function encodeDodf(entries: readonly Uint8Array[]): Uint8Array {
	return concatBytes(entries);
}

function commonFields(
	t: Tlv,
	coa: CommonObjectAttributesAsn,
	cdoa: CommonDataObjectAttributesAsn
): Omit<Extract<DodfEntry, { type: 'opaqueDO' }>, 'type' | 'path'> {
	const flags: ObjectFlag[] = [];
	if (coa.flags !== undefined) for (const bit of bitsSet(coa.flags)) if (bit < OBJECT_FLAGS.length) flags.push(OBJECT_FLAGS[bit]);
	const out: Omit<Extract<DodfEntry, { type: 'opaqueDO' }>, 'type' | 'path'> = { offset: t.offset, flags };
	if (coa.label !== undefined) out.label = coa.label;
	if (coa.authId !== undefined) out.authId = new Uint8Array(coa.authId);
	if (cdoa.applicationName !== undefined) out.applicationName = cdoa.applicationName;
	if (cdoa.applicationOID !== undefined) out.applicationOID = cdoa.applicationOID;
	return out;
}

/** Every entry up to the padding. Entries of other types (externalIDO A0, extensions) are listed as 'other'. */
export function parseDodf(bytes: Uint8Array): DodfEntry[] {
	const out: DodfEntry[] = [];
	for (const t of splitEntries(bytes, 'DODF')) {
		if (t.tag === TAG_OID_DO) {
			const data = parseTlvAs(bytes, t, OidDataAsn, 'DODF', 'oidDO entry');
			const object = data.oidDO;
			if (object === undefined) throw new Pkcs15Error('schema', 'DODF', t.offset, 'oidDO entry is empty');
			const oidDo = object.typeAttributes;
			out.push({
				type: 'oidDO',
				...commonFields(t, object.commonObjectAttributes, object.classAttributes),
				oid: oidDo.id,
				path: pathFromAsn(oidDo.value, 'DODF', t.offset)
			});
		} else if (t.tag === TAG_OPAQUE_DO) {
			const object = parseTlvAs(bytes, t, OpaqueDataObjectAsn, 'DODF', 'opaqueDO entry');
			out.push({
				type: 'opaqueDO',
				...commonFields(t, object.commonObjectAttributes, object.classAttributes),
				path: pathFromAsn(object.typeAttributes, 'DODF', t.offset)
			});
		} else {
			out.push({ type: 'other', tag: t.tag, offset: t.offset });
		}
	}
	return out;
}
