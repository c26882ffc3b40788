// Short descriptions of the characteristic types and parms of schema.ts, for the editor's hover and completion.
// Keyed by the schema's own names; a unit test checks that every name of the schema has one and that no entry
// names something the schema lacks, so the two cannot drift apart.
// Facts are from /work/shared/spec/client-provisioning.md (cited as §N of that digest: §2/§3 token tables, §4 value
// tokens, §5 document model and value constraints, §6 DM bootstrap) and from the Microsoft NAPDEF/PXLOGICAL CSP
// pages the digest's §5 cites for the hierarchy. Where neither says what a parm means, the text gives the meaning its
// ProvCont name carries and says "meaning UNVERIFIED".

export interface Description {
	/** One or two sentences: what it is for. */
	summary: string;
	/** Where the facts come from. */
	section: string;
}

export interface ParmDescription extends Description {
	/** A different meaning inside some characteristics (NAME, STARTPAGE, ADDR, ...), keyed by characteristic type. */
	within?: Readonly<Record<string, string>>;
}

const HIERARCHY = 'client-provisioning.md §5 (hierarchy)';
const VALUES = 'client-provisioning.md §5 (value constraints), §4 (value tokens)';
const MS_NAPDEF = 'client-provisioning.md §5; Microsoft NAPDEF CSP';
const MS_PXLOGICAL = 'client-provisioning.md §5; Microsoft PXLOGICAL CSP';
const DM = 'client-provisioning.md §6 (DM bootstrap, w7 ↔ DMAcc)';
const UNVERIFIED = 'client-provisioning.md §5 (name only; meaning UNVERIFIED)';
const QOS = 'client-provisioning.md §5 NAPDEF parm list, §2 tokens 0x31–0x3C (meaning UNVERIFIED: the 3GPP QoS attribute of that name)';

export const CHARACTERISTIC_DESCRIPTIONS: Readonly<Record<string, Description>> = {
	PXLOGICAL: {
		summary: 'A logical proxy: a WAP proxy as the client sees it, identified by PROXY-ID and reached through one or more PXPHYSICAL addresses.',
		section: `${MS_PXLOGICAL}; type=PXLOGICAL token 0x51 (§2)`
	},
	PXAUTHINFO: {
		summary: 'Credentials for the logical proxy around it: PXAUTH-TYPE, PXAUTH-ID, PXAUTH-PW.',
		section: `${HIERARCHY}; type=PXAUTHINFO token 0x59 (§2)`
	},
	PXPHYSICAL: {
		summary: 'A physical proxy of the logical proxy around it: its address (PXADDR, PXADDRTYPE), ports, and the access points it is reached through (TO-NAPID).',
		section: `${MS_PXLOGICAL}; type=PXPHYSICAL token 0x52 (§2)`
	},
	PORT: {
		summary: 'Binds a port number (PORTNBR) to the services offered on it (SERVICE); inside PXLOGICAL, PXPHYSICAL or an application address (APPADDR).',
		section: `${MS_PXLOGICAL}; type=PORT token 0x53 (§2, §3)`
	},
	NAPDEF: {
		summary: 'A network access point definition: bearer, address (an APN, a phone number, ...) and credentials of a connection. Identified by NAPID, which TO-NAPID parms name.',
		section: `${MS_NAPDEF}; type=NAPDEF token 0x55 (§2)`
	},
	NAPAUTHINFO: {
		summary: 'Authentication for the access point around it: AUTHTYPE (PAP, CHAP, MD5), AUTHNAME, AUTHSECRET.',
		section: `${MS_NAPDEF}; type=NAPAUTHINFO token 0x5A (§2)`
	},
	VALIDITY: {
		summary: 'Where the access point around it is valid (COUNTRY, NETWORK, SID, SOC, VALIDUNTIL). Placement UNVERIFIED.',
		section: `${HIERARCHY}; type=VALIDITY token 0x54 (§2)`
	},
	BOOTSTRAP: {
		summary: 'Bootstrap information of the provisioning context: its name, networks and countries, the provisioning URL (PROVURL) and proxies (PROXY-ID).',
		section: `${HIERARCHY}; type=BOOTSTRAP token 0x56 (§2)`
	},
	CLIENTIDENTITY: {
		summary: 'The identity of the client (CLIENT-ID). Placement UNVERIFIED; its type has a token on page 1 too, so it may sit in APPLICATION.',
		section: `${HIERARCHY}; type=CLIENTIDENTITY token 0x58 (§2, §3)`
	},
	VENDORCONFIG: {
		summary: 'Vendor-specific configuration: NAME, then parms the vendor defines (any other parm is taken as vendor-specific).',
		section: `${HIERARCHY}; type=VENDORCONFIG token 0x57 (§2)`
	},
	APPLICATION: {
		summary: 'Settings of one application, identified by APPID (w7 OMA DM account, w2 browser, w4 MMS): its addresses, credentials, and the proxies or access points it uses. Application-specific parms are allowed.',
		section: `${HIERARCHY}; §6; type=APPLICATION token 0x55 page 1 (§3)`
	},
	APPADDR: {
		summary: 'An address of the application (ADDR, ADDRTYPE) with its ports; for w7 it becomes DMAcc AppAddr.',
		section: `${DM}; type=APPADDR token 0x56 page 1 (§3)`
	},
	APPAUTH: {
		summary: 'Credentials of the application at one level (AAUTHLEVEL): type, name, secret, data; for w7 they become DMAcc AppAuth (APPSRV→CLCRED, CLIENT→SRVCRED, OBEX→OBEX).',
		section: `${DM}; type=APPAUTH token 0x57 page 1 (§3)`
	},
	RESOURCE: {
		summary: 'A resource of the application (URI) with its own name and credentials; STARTPAGE marks the start page. Placement UNVERIFIED.',
		section: `${HIERARCHY}; type=RESOURCE token 0x59 page 1 (§3)`
	},
	ACCESS: {
		summary: 'An access rule: which applications (APPID), ports, domains, access points and proxies go together. Placement UNVERIFIED; an empty ACCESS is allowed.',
		section: `${HIERARCHY}; type=ACCESS token 0x5B (§2)`
	}
};

export const PARM_DESCRIPTIONS: Readonly<Record<string, ParmDescription>> = {
	'PROXY-ID': {
		summary: 'Identifier of the logical proxy, unique in the document; TO-PROXY parms name it.',
		section: `${MS_PXLOGICAL}; name=PROXY-ID token 0x15 (§2)`,
		within: { BOOTSTRAP: 'Names a logical proxy (a PXLOGICAL PROXY-ID) of the provisioning context; may repeat.' }
	},
	'PROXY-PW': { summary: 'Password of the logical proxy.', section: `${UNVERIFIED}; token 0x3E (§2)` },
	'PPGAUTH-TYPE': { summary: 'How the push proxy gateway authenticates: HTTP-BASIC or HTTP-DIGEST.', section: `${VALUES}; token 0x3F (§2)` },
	'PROXY-PROVIDER-ID': { summary: 'Identifier of the provider of the proxy.', section: `${UNVERIFIED}; token 0x16 (§2)` },
	DOMAIN: {
		summary: 'A domain the proxy serves (for example "*.com"); may repeat.',
		section: `${MS_PXLOGICAL}; token 0x17 (§2)`,
		within: { ACCESS: 'A domain the access rule applies to; may repeat.' }
	},
	NAME: {
		summary: 'A name shown to the user.',
		section: `${HIERARCHY}; name=NAME token 0x07 (§2, §3)`,
		within: {
			PXLOGICAL: 'Name of the logical proxy, shown to the user.',
			NAPDEF: 'Logical, user-readable name of the access point.',
			BOOTSTRAP: 'Name of the provisioning context.',
			VENDORCONFIG: 'Name of the vendor configuration.',
			APPLICATION: 'Name of the application account shown to the user (w7: DMAcc Name, §6).',
			RESOURCE: 'Name of the resource.'
		}
	},
	TRUST: { summary: 'Flag, written without a value: the physical proxies of this logical proxy are trusted (privileged).', section: `${MS_PXLOGICAL}; token 0x2A (§2)` },
	MASTER: { summary: 'Flag, written without a value: marks a master proxy.', section: `${UNVERIFIED}; written without value (§5); token 0x2B (§2)` },
	STARTPAGE: {
		summary: 'URL of the start page of this proxy.',
		section: `${HIERARCHY}; name=STARTPAGE token 0x1C (§2, §3)`,
		within: { RESOURCE: 'Flag, written without a value: this resource is the start page of the application (the w2 idiom).' }
	},
	'BASAUTH-ID': { summary: 'User id for basic authentication at the proxy.', section: `${UNVERIFIED}; token 0x1D (§2)` },
	'BASAUTH-PW': { summary: 'Password for basic authentication at the proxy.', section: `${UNVERIFIED}; token 0x1E (§2)` },
	'WSP-VERSION': { summary: 'WSP version the proxy supports.', section: `${UNVERIFIED}; token 0x2E (§2)` },
	PUSHENABLED: { summary: 'Whether the proxy supports push: 0 no, 1 yes; in PXLOGICAL it applies to all its PXPHYSICALs.', section: `${MS_PXLOGICAL}; token 0x1F (§2)` },
	PULLENABLED: { summary: 'Whether the proxy supports pull.', section: `${UNVERIFIED}; token 0x47 (§2)` },
	'PXAUTH-TYPE': { summary: 'Authentication with the proxy: HTTP-BASIC, HTTP-DIGEST or WTLS-SS.', section: `${VALUES}; token 0x19 (§2)` },
	'PXAUTH-ID': { summary: 'User id for authentication with the proxy.', section: `${HIERARCHY}; token 0x1A (§2)` },
	'PXAUTH-PW': { summary: 'Password for authentication with the proxy (a secret).', section: `${HIERARCHY}; token 0x1B (§2)` },
	'PHYSICAL-PROXY-ID': { summary: 'Identifier of the physical proxy.', section: `${MS_PXLOGICAL}; token 0x2F (§2)` },
	PXADDR: { summary: 'Address of the physical proxy, in the format PXADDRTYPE gives.', section: `${MS_PXLOGICAL}; token 0x20 (§2)` },
	PXADDRTYPE: { summary: 'Format of PXADDR: IPV4, IPV6, E164, ALPHA, APN, SCODE, TETRA-ITSI or MAN.', section: `${VALUES}; token 0x21 (§2)` },
	'PXADDR-FQDN': { summary: 'Fully qualified domain name of the physical proxy.', section: `${UNVERIFIED}; token 0x3D (§2)` },
	'TO-NAPID': {
		summary: 'Names the access point to connect through: a NAPDEF NAPID, or the literal INTERNET. Go to its NAPDEF with F12 or Ctrl-click.',
		section: `${MS_PXLOGICAL}; token 0x22 (§2, §3)`,
		within: { ACCESS: 'An access point (NAPDEF NAPID, or INTERNET) the access rule applies to; may repeat.' }
	},
	PORTNBR: {
		summary: 'Port number, decimal 0–65535 (classic WAP ports: 9200 CL-WSP, 9201 CO-WSP, 9202/9203 secure).',
		section: `${VALUES}; token 0x23 (§2, §3)`,
		within: { ACCESS: 'A port number the access rule applies to; may repeat.' }
	},
	SERVICE: {
		summary: 'A service offered on the port: CL-WSP, CO-WSP, CL-SEC-WSP, CO-SEC-WSP, CL-SEC-WTA, CO-SEC-WTA or OTA-HTTP-(TLS-)TO/PO; may repeat.',
		section: `${VALUES}; token 0x24 (§2, §3)`
	},
	NAPID: {
		summary: 'Identifier of the access point, unique in the document; TO-NAPID parms name it. F2 renames it together with its references.',
		section: `${MS_NAPDEF}; token 0x11 (§2)`
	},
	BEARER: { summary: 'Network type of the access point, e.g. GSM-GPRS or GSM-CSD; may repeat.', section: `${MS_NAPDEF}; values 0xA2–0xBA (§4); token 0x10 (§2)` },
	INTERNET: { summary: 'Flag, written without a value: the access point connects to the Internet (Microsoft: an always-on connection).', section: `${MS_NAPDEF}; token 0x14 (§2)` },
	'NAP-ADDRESS': { summary: 'Address of the access point (an APN, a phone number, ...) in the format NAP-ADDRTYPE gives.', section: `${MS_NAPDEF}; token 0x08 (§2)` },
	'NAP-ADDRTYPE': { summary: 'Format of NAP-ADDRESS: IPV4, IPV6, E164, ALPHA, APN, SCODE, TETRA-ITSI or MAN.', section: `${VALUES}; token 0x09 (§2)` },
	'DNS-ADDR': { summary: 'Address of a DNS server; may repeat.', section: `${UNVERIFIED}; token 0x48 (§2)` },
	CALLTYPE: { summary: 'Call type of a circuit-switched connection: ANALOG-MODEM, V.120, V.110, X.31, BIT-TRANSPARENT or DIRECT-ASYNCHRONOUS-DATA-SERVICE.', section: `${VALUES}; token 0x0A (§2)` },
	'LOCAL-ADDR': { summary: 'Local address of the client (Microsoft: for GPRS access points).', section: `${MS_NAPDEF}; token 0x27 (§2)` },
	'LOCAL-ADDRTYPE': { summary: 'Format of LOCAL-ADDR (same values as NAP-ADDRTYPE).', section: `${VALUES}; token 0x28 (§2)` },
	LINKSPEED: { summary: 'Link speed: a number, or AUTOBAUDING.', section: `${VALUES}; token 0x25 (§2)` },
	DNLINKSPEED: { summary: 'Downlink speed: a number, or AUTOBAUDING.', section: `${VALUES}; token 0x26 (§2)` },
	LINGER: { summary: 'How long an idle connection is kept before it is closed (an integer).', section: `${UNVERIFIED}; token 0x0F (§2)` },
	'DELIVERY-ERR-SDU': { summary: 'QoS: whether erroneous SDUs are delivered.', section: QOS },
	'DELIVERY-ORDER': { summary: 'QoS: whether SDUs are delivered in order.', section: QOS },
	'TRAFFIC-CLASS': { summary: 'QoS: traffic class (conversational, streaming, interactive, background).', section: QOS },
	'MAX-SDU-SIZE': { summary: 'QoS: maximum SDU size.', section: QOS },
	'MAX-BITRATE-UPLINK': { summary: 'QoS: maximum uplink bit rate.', section: QOS },
	'MAX-BITRATE-DNLINK': { summary: 'QoS: maximum downlink bit rate.', section: QOS },
	'RESIDUAL-BER': { summary: 'QoS: residual bit error ratio.', section: QOS },
	'SDU-ERROR-RATIO': { summary: 'QoS: SDU error ratio.', section: QOS },
	'TRAFFIC-HANDL-PRIO': { summary: 'QoS: traffic handling priority.', section: QOS },
	'TRANSFER-DELAY': { summary: 'QoS: transfer delay.', section: QOS },
	'GUARANTEED-BITRATE-UPLINK': { summary: 'QoS: guaranteed uplink bit rate.', section: QOS },
	'GUARANTEED-BITRATE-DNLINK': { summary: 'QoS: guaranteed downlink bit rate.', section: QOS },
	'MAX-NUM-RETRY': { summary: 'Maximum number of connection retries (an integer).', section: `${UNVERIFIED}; token 0x49 (§2)` },
	'FIRST-RETRY-TIMEOUT': { summary: 'Time before the first retry (an integer).', section: `${UNVERIFIED}; token 0x4A (§2)` },
	'REREG-THRESHOLD': { summary: 'Re-registration threshold (an integer).', section: `${UNVERIFIED}; token 0x4B (§2)` },
	'T-BIT': { summary: 'Flag, written without a value (Mobile IP reverse tunnelling).', section: `${UNVERIFIED}; token 0x4C (§2)` },
	AUTHTYPE: { summary: 'Authentication protocol of the access point: PAP, CHAP or MD5.', section: `${VALUES}; token 0x0C (§2)` },
	AUTHNAME: { summary: 'User name for authentication at the access point.', section: `${MS_NAPDEF}; token 0x0D (§2)` },
	AUTHSECRET: { summary: 'Password for authentication at the access point (a secret).', section: `${MS_NAPDEF}; token 0x0E (§2)` },
	'AUTH-ENTITY': { summary: 'Entity the credentials are for: AAA or HA; may repeat.', section: `${VALUES}; values 0xE0, 0xE1 (§4); token 0x4E (§2)` },
	SPI: { summary: 'Security parameter index.', section: `${UNVERIFIED}; token 0x4F (§2)` },
	COUNTRY: {
		summary: 'Country (mobile country code) where the access point is valid.',
		section: `${UNVERIFIED}; token 0x12 (§2)`,
		within: { BOOTSTRAP: 'Country (mobile country code) of the provisioning context.' }
	},
	NETWORK: {
		summary: 'Network where the access point is valid.',
		section: `${UNVERIFIED}; token 0x13 (§2)`,
		within: { BOOTSTRAP: 'A network of the provisioning context; may repeat.' }
	},
	SID: { summary: 'System identification where the access point is valid.', section: `${UNVERIFIED}; token 0x2C (§2)` },
	SOC: { summary: 'System operator code where the access point is valid.', section: `${UNVERIFIED}; token 0x2D (§2)` },
	VALIDUNTIL: { summary: 'Until when the access point is valid.', section: `${UNVERIFIED}; token 0x0B (§2)` },
	PROVURL: { summary: 'URL of the provisioning server of the context.', section: `${HIERARCHY}; token 0x18 (§2)` },
	'CONTEXT-ALLOW': { summary: 'How many further provisioning contexts the client may accept.', section: `${UNVERIFIED}; token 0x29 (§2)` },
	'CLIENT-ID': { summary: 'Identifier of the client.', section: `${UNVERIFIED}; token 0x30 (§2)` },
	APPID: {
		summary: 'Which application this is: w7 OMA DM account, w2 browser, w4 MMS, ... (a plain string, no token).',
		section: `client-provisioning.md §6; name=APPID token 0x36 page 1 (§3)`,
		within: { ACCESS: 'An application (APPID) the access rule applies to; may repeat.' }
	},
	'PROVIDER-ID': { summary: 'Identifier of the service provider of the application (w7: DMAcc ServerID).', section: `${DM}; token 0x38 page 1 (§3)` },
	AACCEPT: { summary: 'Content types the application accepts.', section: `${UNVERIFIED}; token 0x2E page 1 (§3)` },
	APROTOCOL: { summary: 'Protocol of the application.', section: `${UNVERIFIED}; token 0x37 page 1 (§3)` },
	'TO-PROXY': {
		summary: 'Names the logical proxy the application uses (a PXLOGICAL PROXY-ID). Go to it with F12 or Ctrl-click.',
		section: `${DM}; token 0x39 page 1 (§3)`,
		within: { ACCESS: 'A logical proxy (PXLOGICAL PROXY-ID) the access rule applies to; may repeat.' }
	},
	ADDR: {
		summary: 'An address of the application (a URL, ...); may repeat.',
		section: `${HIERARCHY}; token 0x34 page 1 (§3)`,
		within: { APPADDR: 'The address (w7: DMAcc AppAddr/<x>/Addr, §6), in the format ADDRTYPE gives.' }
	},
	APPREF: { summary: 'A name for this application that TO-APPREF parms of other applications name.', section: `${UNVERIFIED}; token 0x3C page 1 (§3, Kannel only)` },
	'TO-APPREF': { summary: 'Names another application by its APPREF. Go to it with F12 or Ctrl-click.', section: `${UNVERIFIED}; token 0x3D page 1 (§3, Kannel only)` },
	ADDRTYPE: { summary: 'Format of ADDR: IPV4, IPV6, E164, ALPHA, APPSRV, OBEX or URI (w7: URI, IPv4, IPv6); not a closed list.', section: `${VALUES}; ${DM}` },
	AAUTHLEVEL: { summary: 'Which credentials these are: APPSRV (the client’s, w7 CLCRED), CLIENT (the server’s, w7 SRVCRED) or OBEX.', section: `${DM}; values 0x8D, 0x8E page 1 (§4)` },
	AAUTHTYPE: { summary: 'Authentication type, or a comma-separated list: HTTP-BASIC, HTTP-DIGEST, BASIC, DIGEST, HMAC, X509, ... (not a closed list).', section: `${VALUES}; ${DM}` },
	AAUTHNAME: { summary: 'User name of the credentials (w7: AAuthName).', section: `${DM}; token 0x31 page 1 (§3)` },
	AAUTHSECRET: { summary: 'Secret of the credentials (w7: AAuthSecret).', section: `${DM}; token 0x32 page 1 (§3)` },
	AAUTHDATA: { summary: 'Additional authentication data, e.g. the nonce (w7: AAuthData).', section: `${DM}; token 0x2F page 1 (§3)` },
	URI: { summary: 'URI of the resource.', section: `${HIERARCHY}; token 0x3A page 1 (§3)` },
	RULE: { summary: 'The access rule.', section: `${UNVERIFIED}; token 0x3B page 1 (§3)` }
};

export function describeCharacteristic(type: string): Description | undefined {
	return Object.hasOwn(CHARACTERISTIC_DESCRIPTIONS, type) ? CHARACTERISTIC_DESCRIPTIONS[type] : undefined;
}

/** The description of parm `name` as it is used inside characteristic `type` (its own meaning there, if it has one). */
export function describeParm(type: string, name: string): Description | undefined {
	if (!Object.hasOwn(PARM_DESCRIPTIONS, name)) return undefined;
	const entry = PARM_DESCRIPTIONS[name];
	const within = entry.within !== undefined && Object.hasOwn(entry.within, type) ? entry.within[type] : undefined;
	return { summary: within ?? entry.summary, section: entry.section };
}
