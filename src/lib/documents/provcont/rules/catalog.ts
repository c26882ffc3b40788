// Every validation rule, as data, so the UI and the CLI can list them. `source` cites the section of
// OMA-WAP-ProvCont-V1_1 (as digested in /work/shared/spec/client-provisioning.md) the rule rests on.
// Severity policy: a rule resting on a fact the digest marks UNVERIFIED is a warning; enumerations confirmed
// by the §7.3 token tables and dangling references are errors.
import type { Severity } from '../model';

export interface RuleInfo {
	id: string;
	severity: Severity;
	title: string;
	source: string;
}

export const RULES = [
	{ id: 'dialect', severity: 'info', title: 'The document is of another dialect sharing the wap-provisioningdoc root (Windows CSP, Zebra MX, RCS)', source: 'client-provisioning.md "Other dialects"' },
	{ id: 'unknown-characteristic', severity: 'error', title: 'Characteristic type is not an OMA CP type (a warning in documents of another dialect)', source: '§5 hierarchy; §7.2 type= tokens' },
	{ id: 'characteristic-placement', severity: 'error', title: 'Characteristic nested in a parent it does not belong to', source: '§5 hierarchy (confirmed by libwbxml tests and Microsoft CSP trees)' },
	{ id: 'characteristic-placement-unverified', severity: 'warning', title: 'VALIDITY, CLIENTIDENTITY, VENDORCONFIG, RESOURCE or ACCESS outside its usual parent', source: '§5 hierarchy (placement UNVERIFIED)' },
	{ id: 'parm-not-allowed', severity: 'error', title: 'Parm not defined for this characteristic', source: '§5 parm lists (confirmed in two places)' },
	{ id: 'parm-not-allowed-unverified', severity: 'warning', title: 'Parm not in the (unverified) list of VALIDITY, CLIENTIDENTITY, RESOURCE or ACCESS', source: '§5 parm lists (UNVERIFIED membership)' },
	{ id: 'application-specific-parm', severity: 'info', title: 'Parm outside the ProvCont list of APPLICATION/VENDORCONFIG, taken as application- or vendor-specific', source: '§5 APPLICATION "plus application-specific parms"' },
	{ id: 'parm-repeated', severity: 'warning', title: 'Parm that may appear once appears more than once', source: '§5 cardinalities (UNVERIFIED)' },
	{ id: 'parm-required', severity: 'warning', title: 'Required parm missing', source: '§5 required parms (UNVERIFIED)' },
	{ id: 'characteristic-required', severity: 'warning', title: 'PXLOGICAL without PXPHYSICAL', source: '§5 "PXLOGICAL needs ... at least one PXPHYSICAL" (UNVERIFIED)' },
	{ id: 'application-without-appid', severity: 'warning', title: 'APPLICATION without APPID', source: '§5 "APPLICATION needs APPID" (UNVERIFIED); §6 APPIDs' },
	{ id: 'value-enum', severity: 'error', title: 'Value not in the enumeration of the parm', source: '§5 value constraints; §7.3 value tokens' },
	{ id: 'value-enum-open', severity: 'warning', title: 'ADDRTYPE/AAUTHTYPE value not among the known ones, or an application port\'s SERVICE neither a ProvCont SERVICE, STARTTLS nor a port (the lists are not closed)', source: '§5 value constraints; §6 DM bootstrap; e-mail application characteristics (25, 110, 143)' },
	{ id: 'value-port', severity: 'error', title: 'PORTNBR is not a decimal port number 0–65535', source: '§5 "PORTNBR: decimal 16-bit port"' },
	{ id: 'value-integer', severity: 'warning', title: 'Numeric parm (LINGER, LINKSPEED, MAX-NUM-RETRY, ...) is not a non-negative integer', source: '§5 value constraints (semantics UNVERIFIED)' },
	{ id: 'value-flag', severity: 'warning', title: 'Boolean-like parm (INTERNET, MASTER, TRUST, T-BIT, RESOURCE STARTPAGE) written with a value', source: '§5 "Boolean-like parms written without value"; w2 RESOURCE STARTPAGE' },
	{ id: 'value-missing', severity: 'warning', title: 'Parm that takes a value has none', source: '§5 DTD (value #IMPLIED)' },
	{ id: 'ref-to-napid', severity: 'error', title: 'TO-NAPID names no NAPDEF NAPID (nor INTERNET)', source: '§5 PXPHYSICAL/APPLICATION TO-NAPID' },
	{ id: 'ref-to-proxy', severity: 'error', title: 'TO-PROXY names no PXLOGICAL PROXY-ID', source: '§5 APPLICATION TO-PROXY' },
	{ id: 'ref-to-appref', severity: 'warning', title: 'TO-APPREF names no APPLICATION APPREF', source: '§5 APPLICATION APPREF/TO-APPREF (UNVERIFIED)' },
	{ id: 'duplicate-napid', severity: 'error', title: 'Two NAPDEFs with the same NAPID', source: '§5 NAPDEF NAPID' },
	{ id: 'duplicate-proxy-id', severity: 'error', title: 'Two PXLOGICALs with the same PROXY-ID', source: '§5 PXLOGICAL PROXY-ID' },
	{ id: 'duplicate-appref', severity: 'warning', title: 'Two APPLICATIONs with the same APPREF', source: '§5 APPLICATION APPREF (UNVERIFIED)' },
	{ id: 'empty-document', severity: 'warning', title: 'wap-provisioningdoc without characteristics', source: '§5 DTD characteristic+ (DTD text UNVERIFIED)' },
	{ id: 'empty-characteristic', severity: 'warning', title: 'Characteristic without parms or characteristics (ACCESS excepted: the spec\'s own examples have an empty one)', source: '§5 DTD (parm | characteristic)+ (DTD text UNVERIFIED)' },
	{ id: 'unknown-attribute', severity: 'warning', title: 'Attribute prov.dtd does not define (type; name, value)', source: '§5 DTD' }
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]['id'];

export function ruleSeverity(id: RuleId): Severity {
	const rule = RULES.find((r) => r.id === id);
	return rule === undefined ? 'error' : rule.severity;
}
