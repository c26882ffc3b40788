// The DM account form of the /dm page → a DmAccount (through the library's own reader, so the form and the
// CLI accept the same accounts) → its two renderings: CP APPLICATION w7 and the SyncML DM bootstrap message,
// each as XML and WBXML. Reader errors come back on the form field they are about.
import { encodeWbxml, PROV, SYNCML12 } from '../../codec/wbxml';
import { serializeXml } from '../../codec/xml';
import { accountFromObject, accountToProvDoc, bootstrapMessage, DmError, type DmAccount } from '../../documents/dm';
import { provDocToXml } from '../../documents/provcont';

export interface CredentialFields {
	type: string;
	name: string;
	/** AAuthSecret, typed into a password input; never stored anywhere but this object. */
	secret: string;
	/** AAuthData as base64. */
	data: string;
}

export interface AccountFields {
	serverId: string;
	name: string;
	addr: string;
	addrType: string;
	portNbr: string;
	aAuthPref: string;
	/** CLCRED: what the client sends to the server. */
	client: CredentialFields;
	/** SRVCRED: what the server sends to the client. */
	server: CredentialFields;
	/** SyncHdr Target/LocURI of the bootstrap message. */
	deviceId: string;
}

export type AccountField =
	| 'serverId' | 'name' | 'addr' | 'addrType' | 'portNbr' | 'aAuthPref' | 'deviceId'
	| `${'client' | 'server'}.${keyof CredentialFields}`;

export interface Rendering {
	xml: string;
	wbxml: Uint8Array;
}

export interface AccountRenderings {
	problems: Partial<Record<AccountField | 'form', string>>;
	cp?: Rendering;
	/** Why there is no CP rendering while the account itself is fine (e.g. AAuthLevel HTTP). */
	cpProblem?: string;
	syncml?: Rendering;
	syncmlProblem?: string;
}

const emptyCredential = (type: string): CredentialFields => ({ type, name: '', secret: '', data: '' });

export function emptyAccount(): AccountFields {
	return {
		serverId: 'dm.example.com',
		name: 'Example DM server',
		addr: 'https://dm.example.com/dm',
		addrType: 'URI',
		portNbr: '443',
		aAuthPref: 'DIGEST',
		client: emptyCredential('DIGEST'),
		server: emptyCredential('DIGEST'),
		deviceId: 'IMEI:490154203237518'
	};
}

const hasAny = (c: CredentialFields): boolean => c.name !== '' || c.secret !== '' || c.data !== '';

/** The JSON shape of read-account.ts, and which form field each of its members came from. */
function toObject(fields: AccountFields): { object: Record<string, unknown>; fieldOf: (jsonPath: string) => AccountField | undefined } {
	const appAuth: Record<string, string>[] = [];
	const owners: ('client' | 'server')[] = [];
	for (const [owner, level] of [['client', 'CLCRED'], ['server', 'SRVCRED']] as const) {
		const c = fields[owner];
		if (!hasAny(c)) continue;
		const auth: Record<string, string> = { AAuthLevel: level, AAuthType: c.type };
		if (c.name !== '') auth.AAuthName = c.name;
		if (c.secret !== '') auth.AAuthSecret = c.secret;
		if (c.data !== '') auth.AAuthData = c.data.trim();
		appAuth.push(auth);
		owners.push(owner);
	}
	// A blank AddrType is left out so that the account reader's default (URI, DM StdObj) applies, not an empty leaf.
	const address: Record<string, unknown> = { Addr: fields.addr };
	if (fields.addrType.trim() !== '') address.AddrType = fields.addrType.trim();
	if (fields.portNbr.trim() !== '') address.Port = [fields.portNbr.trim()];
	const object: Record<string, unknown> = { ServerID: fields.serverId, AppAddr: [address], AppAuth: appAuth };
	if (fields.name !== '') object.Name = fields.name;
	if (fields.aAuthPref !== '') object.AAuthPref = fields.aAuthPref;

	const AUTH_MEMBERS: Record<string, keyof CredentialFields> = { AAuthType: 'type', AAuthName: 'name', AAuthSecret: 'secret', AAuthData: 'data' };
	const fieldOf = (jsonPath: string): AccountField | undefined => {
		const auth = /^\$\.AppAuth\[(\d+)\](?:\.(\w+))?/.exec(jsonPath);
		if (auth) {
			const owner = owners[Number(auth[1])];
			const member = AUTH_MEMBERS[auth[2] ?? 'AAuthName'];
			return owner && member ? `${owner}.${member}` : undefined;
		}
		if (jsonPath.startsWith('$.AppAddr[0].Port')) return 'portNbr';
		if (jsonPath.startsWith('$.AppAddr[0].AddrType')) return 'addrType';
		if (jsonPath.startsWith('$.AppAddr')) return 'addr';
		const top: Record<string, AccountField> = { '$.ServerID': 'serverId', '$.Name': 'name', '$.AAuthPref': 'aAuthPref' };
		return top[jsonPath];
	};
	return { object, fieldOf };
}

/** A missing member is reported at its parent ('$' for ServerID): the message names the member, so map by it. */
function fieldOfMissing(reason: string): AccountField | undefined {
	if (reason.startsWith('ServerID')) return 'serverId';
	if (reason.startsWith('Addr ')) return 'addr';
	return undefined;
}

export function renderAccount(fields: AccountFields): AccountRenderings {
	const { object, fieldOf } = toObject(fields);
	let account: DmAccount;
	try {
		account = accountFromObject(object, (jsonPath) => ({ jsonPath }));
	} catch (err) {
		if (!(err instanceof DmError)) throw err;
		const path = err.location !== undefined && 'jsonPath' in err.location ? err.location.jsonPath : '$';
		const field = fieldOf(path) ?? fieldOfMissing(err.reason) ?? 'form';
		return { problems: { [field]: err.reason } };
	}
	const result: AccountRenderings = { problems: {} };
	try {
		const doc = provDocToXml(accountToProvDoc(account));
		result.cp = { xml: serializeXml(doc), wbxml: encodeWbxml(doc, PROV) };
	} catch (err) {
		if (!(err instanceof DmError)) throw err;
		result.cpProblem = err.reason;
	}
	if (fields.deviceId.trim() === '') {
		result.problems.deviceId = 'the bootstrap message is addressed to a device: give its id, e.g. IMEI:490154203237518';
	} else {
		const message = bootstrapMessage(account, { deviceId: fields.deviceId.trim() });
		result.syncml = { xml: serializeXml(message), wbxml: encodeWbxml(message, SYNCML12) };
	}
	return result;
}
