// The DM bootstrap message (OMA-TS-DM_Bootstrap-V1_2 §"Bootstrap message", syncml-dm.md §4): a normal DM
// message (SyncHdr + one Add of the account's nodes, parents first, each with Meta/Format, then Final). It uses
// the plain per-node Add form (as libwbxml's DM 1.1 bootstrap example and device stacks do), not a TNDS object.
import type { XmlDocument } from '../../codec/xml/tree';
import { diff, dmAccSchema, dmTree, SchemaIndex, type DmCommand, type DmValue } from '../ddf';
import type { DmAccount } from './account';
import { checkXmlChars } from './error';
import { syncMlMessage, type SyncMlVersion } from './syncml';
import { accountToTree, accountToTree11, CON11_ROOT, DMACC11_ROOT, DMACC_ROOT } from './to-tree';

export interface BootstrapOptions {
	/** Target/LocURI: the device identifier, e.g. IMEI:490154203237518. */
	deviceId: string;
	/** Source/LocURI: the server; default the account's first AppAddr Addr. */
	serverUri?: string;
	/** Default '1.2' (./DMAcc); '1.1' writes ./SyncML/DMAcc. */
	version?: SyncMlVersion;
	/** Defaults 0 and 0, as Funambol's DMBootstrapMessageBuilder writes them (syncml-dm.md §4). */
	sessionId?: string;
	msgId?: string;
	/**
	 * DM 1.1 only: a connectivity object ./SyncML/Con/<name> sent in the same Add (syncml-dm.md §4, libwbxml
	 * syncml-012.xml), its leaves given by path below <name>, e.g. { "NAP/Addr": "internet" }. The DM 1.1 Con
	 * leaf names are not checked (no DDF for them is shipped).
	 */
	con?: { name: string; nodes: Record<string, string> };
}

/** The Add commands of a bootstrap: every node of the account below the existing account root, parents first. */
export function bootstrapCommands(account: DmAccount, version: SyncMlVersion = '1.2', con?: BootstrapOptions['con']): DmCommand[] {
	if (version === '1.2') {
		// ./DMAcc exists on every DM 1.2 client (StdObj §7.1.3: clients MUST support the DMAcc object).
		return diff(new Map<string, DmValue>([[DMACC_ROOT, null]]), accountToTree(account), dmAccSchema());
	}
	// DM 1.1 has no DDF shipped here: interior nodes are format node, leaves chr.
	const wanted = accountToTree11(account);
	const current = new Map<string, DmValue>([[DMACC11_ROOT, null]]);
	if (con !== undefined) {
		current.set(CON11_ROOT, null);
		for (const [path, value] of Object.entries(con.nodes)) wanted.set(`${CON11_ROOT}/${con.name}/${path}`, value);
	}
	return diff(current, dmTree(wanted), new SchemaIndex([]));
}

export function bootstrapMessage(account: DmAccount, options: BootstrapOptions): XmlDocument {
	const version = options.version ?? '1.2';
	// The header values go into XML as they are: refuse what XML 1.0 cannot carry (the account's own values were
	// checked where they were read, read-account.ts).
	checkXmlChars('the device id (SyncHdr Target)', options.deviceId);
	if (options.serverUri !== undefined) checkXmlChars('the server URI (SyncHdr Source)', options.serverUri);
	for (const value of [options.sessionId, options.msgId, options.con?.name, ...Object.entries(options.con?.nodes ?? {}).flat()]) {
		if (value !== undefined) checkXmlChars('a header or Con value', value);
	}
	return syncMlMessage(
		{
			version,
			sessionId: options.sessionId ?? '0',
			msgId: options.msgId ?? '0',
			target: options.deviceId,
			source: options.serverUri ?? account.appAddr[0]?.addr ?? account.serverId
		},
		bootstrapCommands(account, version, options.con)
	);
}
