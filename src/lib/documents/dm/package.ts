// A configuration diff as a SyncML DM package (XmlDocument, XML text or WBXML with the SyncML 1.2 tables).
import { serializeXml } from '../../codec/xml';
import { encodeWbxml, SYNCML12 } from '../../codec/wbxml';
import type { XmlDocument } from '../../codec/xml/tree';
import type { DmCommand } from '../ddf';
import { syncMlMessage, type SyncMlHeader } from './syncml';

export function dmPackage(commands: readonly DmCommand[], header: SyncMlHeader): XmlDocument {
	return syncMlMessage(header, commands);
}

export function dmPackageXml(commands: readonly DmCommand[], header: SyncMlHeader): string {
	return serializeXml(dmPackage(commands, header));
}

/** WBXML 1.3 with SyncML 1.2 tokens (public id 0x1201), content type application/vnd.syncml.dm+wbxml. */
export function dmPackageWbxml(commands: readonly DmCommand[], header: Omit<SyncMlHeader, 'version'>): Uint8Array {
	return encodeWbxml(dmPackage(commands, { ...header, version: '1.2' }), SYNCML12);
}
