// The DM account (DMAcc, OMA-TS-DM_StdObj-V1_2 §7.1.3.1) as the studio holds it. Field names follow the
// node names; secrets are Secrets from the moment they are read.
import type { Secret } from '../../security/secret';

/** AppAuth/<X>/AAuthLevel (StdObj §7.1.3.1.19). */
export const AAUTH_LEVELS = ['CLCRED', 'SRVCRED', 'OBEX', 'HTTP'] as const;
export type AAuthLevel = (typeof AAUTH_LEVELS)[number];

/** AppAuth/<X>/AAuthType values listed in StdObj §7.1.3.1.20 (the node is chr; others are accepted). */
export const AAUTH_TYPES = ['HTTP-BASIC', 'HTTP-DIGEST', 'BASIC', 'DIGEST', 'HMAC', 'X509', 'SECURID', 'SAFEWORD', 'DIGIPASS', 'TRANSPORT'] as const;

/** Account members that hold credentials: AppAuth/<X>/AAuthSecret ("No Get", StdObj §7.1.3.1.22). */
export const SECRET_MEMBERS = ['AAuthSecret'] as const;

/** Tree leaves that hold credentials: DM 1.2 AppAuth/<X>/AAuthSecret, DM 1.1 ServerPW and ClientPW (to-tree.ts). */
export const SECRET_LEAVES = ['AAuthSecret', 'ServerPW', 'ClientPW'] as const;

/** AppAddr/<X>/AddrType (StdObj §7.1.3.1.12); URI is the default. */
export const ADDR_TYPES = ['URI', 'IPv4', 'IPv6'] as const;

export interface AppAddr {
	addr: string;
	addrType: string;
	/** Port/<X>/PortNbr values, decimal 0–65535. */
	ports: string[];
}

export interface AppAuth {
	level: AAuthLevel;
	type: string;
	name?: string;
	secret?: Secret;
	/** AAuthData (bin), e.g. the nonce. */
	data?: Uint8Array;
}

export interface DmAccount {
	/** Run-time name of the account node (./DMAcc/<NodeName>); derived from ServerID when absent. */
	nodeName?: string;
	serverId: string;
	name?: string;
	prefConRef?: string;
	/** ToConRef/<X>/ConRef values. */
	toConRef: string[];
	appAddr: AppAddr[];
	aAuthPref?: string;
	/** AppAuth is ZeroOrOne in the StdObj figure: an account may carry no credentials. */
	appAuth: AppAuth[];
}

/** The account node name: the given one, else ServerID reduced to characters safe in a URI segment. */
export function accountNodeName(account: DmAccount): string {
	if (account.nodeName !== undefined) return account.nodeName;
	const safe = account.serverId.replace(/[^A-Za-z0-9._-]/g, '_');
	return safe === '.' || safe === '..' ? `_${safe}` : safe;
}
