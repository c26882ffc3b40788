// The OMA CP characteristic schema as data: where each characteristic may nest, which parms it takes, how
// often, and what values they take. Source: OMA-WAP-ProvCont-V1_1 §5 as digested in client-provisioning.md §5
// (hierarchy and parm lists) and §7 (token tables, which confirm names and enumerations).
// `verified` says whether the parm list of a characteristic is confirmed in two places (§5: "Parm membership
// confirmed in two places for PXLOGICAL, PXAUTHINFO, PXPHYSICAL, PORT, NAPDEF, NAPAUTHINFO and BOOTSTRAP"; APPADDR
// and APPAUTH through the DM bootstrap mapping of §6); rules resting on unverified facts are warnings.
import {
	ADDRESS_TYPES,
	APP_ADDRESS_TYPES,
	APP_AUTH_LEVELS,
	APP_AUTH_TYPES,
	AUTH_ENTITIES,
	BEARERS,
	CALL_TYPES,
	NAP_AUTH_TYPES,
	PPG_AUTH_TYPES,
	PROXY_AUTH_TYPES,
	SERVICES
} from './values';

export type ValueType =
	/** Any string. */
	| { kind: 'text' }
	/** One of the values; `open` lists are not closed in our sources (warning); `list` = comma-separated. */
	| { kind: 'enum'; values: readonly string[]; open?: boolean; list?: boolean }
	/** A decimal integer in [min, max], or one of `words`; `hard` when the range is a fact of nature (ports). */
	| { kind: 'integer'; min: number; max: number; words?: readonly string[]; hard?: boolean }
	/** Boolean-like parm, written without a value (`<parm name="INTERNET"/>`, libwbxml prov-008.xml). */
	| { kind: 'flag' }
	/** A reference to an id defined elsewhere in the document. */
	| { kind: 'ref'; target: RefTarget };

export type RefTarget = 'NAPID' | 'PROXY-ID' | 'APPREF';

export interface ParmSpec {
	/** 'one' = at most once; 'repeatable' = the `*` of client-provisioning.md §5. */
	cardinality: 'one' | 'repeatable';
	required?: boolean;
	value: ValueType;
	/** This parm defines an id others refer to (NAPID, PROXY-ID, APPREF). */
	defines?: RefTarget;
	/** The value is a credential (a password, a shared secret): the library never stores it in clear (issue 9). */
	secret?: boolean;
}

/** `null` stands for the top level (a child of wap-provisioningdoc). */
export type Parent = string | null;

export interface CharacteristicSpec {
	parents: readonly Parent[];
	/** Whether `parents` is confirmed (libwbxml test documents, Microsoft CSP trees) or only inferred. */
	placementVerified: boolean;
	/** Whether `parms` is confirmed as the complete list (see header). */
	verified: boolean;
	/** Parms outside the list are application/vendor specific, not mistakes (APPLICATION, VENDORCONFIG). */
	openParms?: boolean;
	parms: Readonly<Record<string, ParmSpec>>;
	/** Sub-characteristics that must appear at least once (unverified: warnings). */
	requiredChildren?: readonly string[];
	/** Where it comes from, for messages and for the rule listing. */
	source: string;
}

const text: ValueType = { kind: 'text' };
const flag: ValueType = { kind: 'flag' };
const count: ValueType = { kind: 'integer', min: 0, max: 0xffffffff };
const speed: ValueType = { kind: 'integer', min: 0, max: 0xffffffff, words: ['AUTOBAUDING'] };
const port: ValueType = { kind: 'integer', min: 0, max: 65535, hard: true };
const closed = (values: readonly string[]): ValueType => ({ kind: 'enum', values });

const one = (value: ValueType = text, extra: Partial<ParmSpec> = {}): ParmSpec => ({ cardinality: 'one', value, ...extra });
const many = (value: ValueType = text, extra: Partial<ParmSpec> = {}): ParmSpec => ({ cardinality: 'repeatable', value, ...extra });

const PORT_PARMS = { PORTNBR: one(port), SERVICE: many(closed(SERVICES)) };

export const CHARACTERISTICS: Readonly<Record<string, CharacteristicSpec>> = {
	PXLOGICAL: {
		parents: [null],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 PXLOGICAL',
		requiredChildren: ['PXPHYSICAL'],
		parms: {
			'PROXY-ID': one(text, { required: true, defines: 'PROXY-ID' }),
			'PROXY-PW': one(text, { secret: true }),
			'PPGAUTH-TYPE': one(closed(PPG_AUTH_TYPES)),
			'PROXY-PROVIDER-ID': one(),
			DOMAIN: many(),
			NAME: one(text, { required: true }),
			TRUST: one(flag),
			MASTER: one(flag),
			STARTPAGE: one(),
			'BASAUTH-ID': one(),
			'BASAUTH-PW': one(text, { secret: true }),
			'WSP-VERSION': one(),
			PUSHENABLED: one(),
			PULLENABLED: one()
		}
	},
	PXAUTHINFO: {
		parents: ['PXLOGICAL'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 PXAUTHINFO',
		parms: { 'PXAUTH-TYPE': one(closed(PROXY_AUTH_TYPES)), 'PXAUTH-ID': one(), 'PXAUTH-PW': one(text, { secret: true }) }
	},
	PXPHYSICAL: {
		parents: ['PXLOGICAL'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 PXPHYSICAL',
		parms: {
			'PHYSICAL-PROXY-ID': one(text, { required: true }),
			DOMAIN: many(),
			PXADDR: one(text, { required: true }),
			PXADDRTYPE: one(closed(ADDRESS_TYPES)),
			'PXADDR-FQDN': one(),
			'WSP-VERSION': one(),
			PUSHENABLED: one(),
			PULLENABLED: one(),
			'TO-NAPID': many({ kind: 'ref', target: 'NAPID' }, { required: true })
		}
	},
	PORT: {
		parents: ['PXLOGICAL', 'PXPHYSICAL', 'APPADDR'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 PORT',
		parms: PORT_PARMS
	},
	NAPDEF: {
		parents: [null],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 NAPDEF',
		parms: {
			NAPID: one(text, { required: true, defines: 'NAPID' }),
			BEARER: many(closed(BEARERS)),
			NAME: one(text, { required: true }),
			INTERNET: one(flag),
			'NAP-ADDRESS': one(text, { required: true }),
			'NAP-ADDRTYPE': one(closed(ADDRESS_TYPES)),
			'DNS-ADDR': many(),
			CALLTYPE: one(closed(CALL_TYPES)),
			'LOCAL-ADDR': one(),
			'LOCAL-ADDRTYPE': one(closed(ADDRESS_TYPES)),
			LINKSPEED: one(speed),
			DNLINKSPEED: one(speed),
			LINGER: one(count),
			'DELIVERY-ERR-SDU': one(),
			'DELIVERY-ORDER': one(),
			'TRAFFIC-CLASS': one(),
			'MAX-SDU-SIZE': one(),
			'MAX-BITRATE-UPLINK': one(),
			'MAX-BITRATE-DNLINK': one(),
			'RESIDUAL-BER': one(),
			'SDU-ERROR-RATIO': one(),
			'TRAFFIC-HANDL-PRIO': one(),
			'TRANSFER-DELAY': one(),
			'GUARANTEED-BITRATE-UPLINK': one(),
			'GUARANTEED-BITRATE-DNLINK': one(),
			'MAX-NUM-RETRY': one(count),
			'FIRST-RETRY-TIMEOUT': one(count),
			'REREG-THRESHOLD': one(count),
			'T-BIT': one(flag)
		}
	},
	NAPAUTHINFO: {
		parents: ['NAPDEF'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 NAPAUTHINFO',
		parms: {
			AUTHTYPE: one(closed(NAP_AUTH_TYPES)),
			AUTHNAME: one(),
			AUTHSECRET: one(text, { secret: true }),
			'AUTH-ENTITY': many(closed(AUTH_ENTITIES)),
			SPI: one()
		}
	},
	VALIDITY: {
		parents: ['NAPDEF'],
		placementVerified: false,
		verified: false,
		source: 'ProvCont §5 VALIDITY (placement UNVERIFIED)',
		parms: { COUNTRY: one(), NETWORK: one(), SID: one(), SOC: one(), VALIDUNTIL: one() }
	},
	BOOTSTRAP: {
		parents: [null],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 BOOTSTRAP',
		parms: { NAME: one(), NETWORK: many(), COUNTRY: one(), 'PROXY-ID': many(), PROVURL: one(), 'CONTEXT-ALLOW': one() }
	},
	CLIENTIDENTITY: {
		// type=CLIENTIDENTITY has a token on page 1 as well (§7.2), so it may also sit in APPLICATION.
		parents: [null, 'APPLICATION'],
		placementVerified: false,
		verified: false,
		source: 'ProvCont §5 CLIENTIDENTITY (placement UNVERIFIED)',
		parms: { 'CLIENT-ID': one() }
	},
	VENDORCONFIG: {
		parents: [null],
		placementVerified: false,
		verified: false,
		openParms: true,
		source: 'ProvCont §5 VENDORCONFIG (placement UNVERIFIED)',
		parms: { NAME: one() }
	},
	APPLICATION: {
		parents: [null],
		placementVerified: true,
		verified: false,
		openParms: true,
		source: 'ProvCont §5 APPLICATION',
		parms: {
			APPID: one(text, { required: true }),
			'PROVIDER-ID': one(),
			NAME: one(),
			AACCEPT: one(),
			APROTOCOL: one(),
			'TO-PROXY': many({ kind: 'ref', target: 'PROXY-ID' }),
			'TO-NAPID': many({ kind: 'ref', target: 'NAPID' }),
			ADDR: many(),
			APPREF: one(text, { defines: 'APPREF' }),
			'TO-APPREF': many({ kind: 'ref', target: 'APPREF' })
		}
	},
	APPADDR: {
		parents: ['APPLICATION'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 APPADDR, DM bootstrap §6',
		parms: { ADDR: one(), ADDRTYPE: one({ kind: 'enum', values: APP_ADDRESS_TYPES, open: true }) }
	},
	APPAUTH: {
		parents: ['APPLICATION'],
		placementVerified: true,
		verified: true,
		source: 'ProvCont §5 APPAUTH, DM bootstrap §6',
		parms: {
			AAUTHLEVEL: one(closed(APP_AUTH_LEVELS)),
			AAUTHTYPE: one({ kind: 'enum', values: APP_AUTH_TYPES, open: true, list: true }),
			AAUTHNAME: one(),
			AAUTHSECRET: one(text, { secret: true }),
			AAUTHDATA: one()
		}
	},
	RESOURCE: {
		parents: ['APPLICATION'],
		placementVerified: false,
		verified: false,
		source: 'ProvCont §5 RESOURCE (placement UNVERIFIED)',
		parms: {
			URI: one(),
			NAME: one(),
			AACCEPT: one(),
			AAUTHTYPE: one({ kind: 'enum', values: APP_AUTH_TYPES, open: true, list: true }),
			AAUTHNAME: one(),
			AAUTHSECRET: one(text, { secret: true }),
			AAUTHDATA: one(),
			// In RESOURCE, STARTPAGE is a flag: present, this resource is the start page (`<parm name="STARTPAGE"/>`,
			// the w2 idiom, e.g. Microsoft's w2 APPLICATION example). In PXLOGICAL it holds a URL (ProvCont §6.1 example 1).
			STARTPAGE: one(flag)
		}
	},
	ACCESS: {
		parents: [null],
		placementVerified: false,
		verified: false,
		source: 'ProvCont §5 ACCESS (placement UNVERIFIED)',
		parms: {
			RULE: one(),
			APPID: many(),
			PORTNBR: many(port),
			DOMAIN: many(),
			'TO-NAPID': many({ kind: 'ref', target: 'NAPID' }),
			'TO-PROXY': many({ kind: 'ref', target: 'PROXY-ID' })
		}
	}
};

/** TO-NAPID may name this literal instead of a NAPDEF: "the Internet" (ProvCont, NAPDEF INTERNET semantics). */
export const INTERNET_NAPID = 'INTERNET';

/** The spec of a characteristic type, or undefined (own properties only: `type="__proto__"` is just unknown). */
export function characteristicSpec(type: string): CharacteristicSpec | undefined {
	return Object.hasOwn(CHARACTERISTICS, type) ? CHARACTERISTICS[type] : undefined;
}
