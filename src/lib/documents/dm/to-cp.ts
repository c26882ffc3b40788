// DmAccount → OMA CP APPLICATION characteristic (APPID w7) in a wap-provisioningdoc, the DM bootstrap over
// Client Provisioning (DM_Bootstrap §"CP profile"; mapping in OMA-TS-DM_StdObj-V1_2 Appendix, client-provisioning.md §6).
// PrefConRef / ToConRef are client-assigned from TO-NAPID / TO-PROXY (StdObj Appendix), so they are not written;
// the NAPIDs / PROXY-IDs to point at are given as options. The secrets are revealed into the document only.
import { encodeBase64 } from '../ddf';
import type { Characteristic, Parm, ProvDoc } from '../provcont';
import type { AAuthLevel, DmAccount } from './account';
import { checkXmlChars, DmError } from './error';

/** AAUTHLEVEL ↔ AAuthLevel (StdObj Appendix table: APPSRV→CLCRED, CLIENT→SRVCRED, OBEX→OBEX). HTTP has no CP value. */
export const CP_AAUTHLEVEL: Readonly<Record<AAuthLevel, string | undefined>> = {
	CLCRED: 'APPSRV',
	SRVCRED: 'CLIENT',
	OBEX: 'OBEX',
	HTTP: undefined
};

export interface CpRenderOptions {
	/** NAPDEF NAPIDs the account uses (TO-NAPID parms). */
	toNapId?: string[];
	/** PXLOGICAL PROXY-IDs the account uses (TO-PROXY parms). */
	toProxy?: string[];
	/** wap-provisioningdoc version attribute; default 1.0. */
	version?: string;
}

export function accountToApplication(account: DmAccount, options: CpRenderOptions = {}): Characteristic {
	for (const id of [...(options.toNapId ?? []), ...(options.toProxy ?? [])]) checkXmlChars('a TO-NAPID or TO-PROXY value', id);
	const items: (Parm | Characteristic)[] = [parm('APPID', 'w7'), parm('PROVIDER-ID', account.serverId)];
	if (account.name !== undefined) items.push(parm('NAME', account.name));
	for (const napId of options.toNapId ?? []) items.push(parm('TO-NAPID', napId));
	for (const proxyId of options.toProxy ?? []) items.push(parm('TO-PROXY', proxyId));
	for (const address of account.appAddr) {
		const appAddr: (Parm | Characteristic)[] = [parm('ADDR', address.addr), parm('ADDRTYPE', address.addrType)];
		for (const port of address.ports) appAddr.push({ kind: 'characteristic', type: 'PORT', items: [parm('PORTNBR', port)] });
		items.push({ kind: 'characteristic', type: 'APPADDR', items: appAddr });
	}
	for (const auth of account.appAuth) {
		const level = CP_AAUTHLEVEL[auth.level];
		if (level === undefined) {
			throw new DmError('not-representable', undefined, `AAuthLevel ${auth.level} has no AAUTHLEVEL value in OMA CP (StdObj Appendix maps only CLCRED, SRVCRED, OBEX)`);
		}
		const appAuth: Parm[] = [parm('AAUTHLEVEL', level), parm('AAUTHTYPE', auth.type)];
		if (auth.name !== undefined) appAuth.push(parm('AAUTHNAME', auth.name));
		if (auth.secret !== undefined) appAuth.push(parm('AAUTHSECRET', auth.secret.revealText()));
		if (auth.data !== undefined) appAuth.push(parm('AAUTHDATA', encodeBase64(auth.data)));
		items.push({ kind: 'characteristic', type: 'APPAUTH', items: appAuth });
	}
	return { kind: 'characteristic', type: 'APPLICATION', items };
}

export function accountToProvDoc(account: DmAccount, options: CpRenderOptions = {}): ProvDoc {
	return { version: options.version ?? '1.0', characteristics: [accountToApplication(account, options)] };
}

function parm(name: string, value: string): Parm {
	return { kind: 'parm', name, value };
}
