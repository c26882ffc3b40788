// DmAccount → DM tree instance, in the DM 1.2 shape (./DMAcc/<x>, StdObj §7.1.3.1) or the DM 1.1 shape
// (./SyncML/DMAcc/<x> with flat leaves, syncml-dm.md §4; leaf list from libwbxml syncml-012.xml, Funambol and
// OSGi DmtAdmin — the full DM 1.1 list is UNVERIFIED). Names of run-time nodes the client would otherwise
// assign: AppAddr/1.., Port/1.., ToConRef/1.., AppAuth/<AAuthLevel> (as Microsoft's DMAcc CSP does).
import { encodeBase64, type DmValue } from '../ddf';
import type { Secret } from '../../security/secret';
import { accountNodeName, type AppAuth, type DmAccount } from './account';

export const DMACC_ROOT = './DMAcc';
export const DMACC11_ROOT = './SyncML/DMAcc';
export const CON11_ROOT = './SyncML/Con';

export function accountToTree(account: DmAccount, root: string = DMACC_ROOT): Map<string, DmValue> {
	const base = `${root}/${accountNodeName(account)}`;
	const tree = new Map<string, DmValue>([[base, null]]);
	const leaf = (path: string, value: string | Secret | undefined): void => {
		if (value !== undefined) tree.set(`${base}/${path}`, value);
	};
	// StdObj §7.1.3.1.2: AppID is w7 (the CP APPLICATION registered for OMA DM).
	leaf('AppID', 'w7');
	leaf('ServerID', account.serverId);
	leaf('Name', account.name);
	leaf('PrefConRef', account.prefConRef);
	if (account.toConRef.length > 0) {
		tree.set(`${base}/ToConRef`, null);
		account.toConRef.forEach((conRef, i) => {
			tree.set(`${base}/ToConRef/${i + 1}`, null);
			leaf(`ToConRef/${i + 1}/ConRef`, conRef);
		});
	}
	tree.set(`${base}/AppAddr`, null);
	account.appAddr.forEach((address, i) => {
		const at = `AppAddr/${i + 1}`;
		tree.set(`${base}/${at}`, null);
		leaf(`${at}/Addr`, address.addr);
		leaf(`${at}/AddrType`, address.addrType);
		if (address.ports.length > 0) {
			tree.set(`${base}/${at}/Port`, null);
			address.ports.forEach((port, j) => {
				tree.set(`${base}/${at}/Port/${j + 1}`, null);
				leaf(`${at}/Port/${j + 1}/PortNbr`, port);
			});
		}
	});
	leaf('AAuthPref', account.aAuthPref);
	if (account.appAuth.length > 0) tree.set(`${base}/AppAuth`, null);
	for (const [name, auth] of authNodeNames(account.appAuth)) {
		const at = `AppAuth/${name}`;
		tree.set(`${base}/${at}`, null);
		leaf(`${at}/AAuthLevel`, auth.level);
		leaf(`${at}/AAuthType`, auth.type);
		leaf(`${at}/AAuthName`, auth.name);
		leaf(`${at}/AAuthSecret`, auth.secret);
		// AAuthData is bin; trees carry binary values as base64 (TND §8.3.7.2).
		leaf(`${at}/AAuthData`, auth.data === undefined ? undefined : encodeBase64(auth.data));
	}
	return tree;
}

/** DM 1.1 ./SyncML/DMAcc/<x>: the first AppAddr and port, CLCRED as the client's and SRVCRED as the server's credentials. */
export function accountToTree11(account: DmAccount, root: string = DMACC11_ROOT): Map<string, DmValue> {
	const base = `${root}/${accountNodeName(account)}`;
	const tree = new Map<string, DmValue>([[base, null]]);
	const leaf = (name: string, value: string | Secret | undefined): void => {
		if (value !== undefined) tree.set(`${base}/${name}`, value);
	};
	const address = account.appAddr[0];
	const client = account.appAuth.find((auth) => auth.level === 'CLCRED');
	const server = account.appAuth.find((auth) => auth.level === 'SRVCRED');
	leaf('Addr', address?.addr);
	leaf('AddrType', address?.addrType);
	leaf('PortNbr', address?.ports[0]);
	leaf('ConRef', account.prefConRef ?? account.toConRef[0]);
	leaf('ServerId', account.serverId);
	leaf('ServerPW', server?.secret);
	leaf('ServerNonce', server?.data === undefined ? undefined : encodeBase64(server.data));
	leaf('UserName', client?.name);
	leaf('ClientPW', client?.secret);
	leaf('ClientNonce', client?.data === undefined ? undefined : encodeBase64(client.data));
	leaf('AuthPref', account.aAuthPref);
	leaf('Name', account.name);
	return tree;
}

/** Unique node names for AppAuth entries: the level, then level2, level3 for repeats. */
function authNodeNames(auths: readonly AppAuth[]): [string, AppAuth][] {
	const seen = new Map<string, number>();
	return auths.map((auth) => {
		const count = (seen.get(auth.level) ?? 0) + 1;
		seen.set(auth.level, count);
		return [count === 1 ? auth.level : `${auth.level}${count}`, auth];
	});
}
