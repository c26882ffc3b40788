// DmCommands → a SyncML DM message (OMA-TS-DM_RepPro-V1_2 §6; SyncML RepPro 1.2 element order), as an
// XmlDocument ready for serializeXml or encodeWbxml(..., SYNCML12). Consecutive commands of the same kind share
// one SyncML command with one Item per node, as in libwbxml's DM bootstrap example (syncml-012.xml).
// Meta children carry xmlns="syncml:metinf" (MetInf is code page 1 in WBXML; wbxml2xml restores the xmlns).
// Secret values are revealed here, into the document, and nowhere else.
import type { XmlDocument, XmlElement, XmlNode } from '../../codec/xml/tree';
import type { DmCommand } from '../ddf';
import { Secret } from '../../security/secret';

export type SyncMlVersion = '1.2' | '1.1';

export interface SyncMlHeader {
	/** 1.2: VerDTD 1.2 / VerProto DM/1.2 (public id 0x1201); 1.1: VerDTD 1.1 / VerProto DM/1.1 (0x0FD3). */
	version?: SyncMlVersion;
	sessionId: string;
	msgId: string;
	/** Target/LocURI: the device (e.g. IMEI:...). */
	target: string;
	/** Source/LocURI: the server. */
	source: string;
}

// DOCTYPE identifiers as libwbxml writes them back (wbxml2xml), so the XML text matches the oracle's.
const DOCTYPES: Record<SyncMlVersion, { publicId: string; systemId: string; xmlns: string }> = {
	'1.2': {
		publicId: '-//SYNCML//DTD SyncML 1.2//EN',
		systemId: 'http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd',
		xmlns: 'SYNCML:SYNCML1.2'
	},
	'1.1': {
		publicId: '-//SYNCML//DTD SyncML 1.1//EN',
		systemId: 'http://www.syncml.org/docs/syncml_represent_v11_20020213.dtd',
		xmlns: 'SYNCML:SYNCML1.1'
	}
};

export const METINF_NAMESPACE = 'syncml:metinf';

export function syncMlMessage(header: SyncMlHeader, commands: readonly DmCommand[], options: { final?: boolean } = {}): XmlDocument {
	const version = header.version ?? '1.2';
	const doctype = DOCTYPES[version];
	const syncHdr = element('SyncHdr', [
		leaf('VerDTD', version),
		leaf('VerProto', `DM/${version}`),
		leaf('SessionID', header.sessionId),
		leaf('MsgID', header.msgId),
		element('Target', [leaf('LocURI', header.target)]),
		element('Source', [leaf('LocURI', header.source)])
	]);
	const body: XmlElement[] = [];
	let cmdId = 0;
	let open: XmlElement | undefined;
	for (const command of commands) {
		if (open === undefined || open.name !== command.op) {
			open = element(command.op, [leaf('CmdID', String(++cmdId))]);
			body.push(open);
		}
		open.children.push(item(command));
	}
	if (options.final ?? true) body.push(element('Final', []));
	return {
		publicId: doctype.publicId,
		systemId: doctype.systemId,
		root: element('SyncML', [syncHdr, element('SyncBody', body)], [{ name: 'xmlns', value: doctype.xmlns }])
	};
}

function item(command: DmCommand): XmlElement {
	const children: XmlElement[] = [element('Target', [leaf('LocURI', command.uri)])];
	if (command.op === 'Delete') return element('Item', children);
	// TND §8.3.7.2: binary values travel base64-encoded with Meta Format b64; the node's Format stays bin.
	const format = command.format === 'bin' ? 'b64' : command.format;
	const meta = [metInf('Format', format)];
	if (command.mime !== undefined) meta.push(metInf('Type', command.mime));
	children.push(element('Meta', meta));
	if (command.value !== undefined) {
		const value = command.value instanceof Secret ? command.value.revealText() : command.value;
		children.push(leaf('Data', value));
	}
	return element('Item', children);
}

function metInf(name: string, value: string): XmlElement {
	return element(name, [{ kind: 'text', text: value }], [{ name: 'xmlns', value: METINF_NAMESPACE }]);
}

function leaf(name: string, value: string): XmlElement {
	return element(name, value === '' ? [] : [{ kind: 'text', text: value }]);
}

function element(name: string, children: XmlNode[], attributes: { name: string; value: string }[] = []): XmlElement {
	return { kind: 'element', name, attributes, children };
}
