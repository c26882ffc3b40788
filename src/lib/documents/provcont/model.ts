// The OMA Client Provisioning document model (OMA-WAP-ProvCont §5, prov.dtd): a wap-provisioningdoc holds
// characteristics; a characteristic holds parms and characteristics in document order; a parm is name/value.
import type { SourcePosition, XmlAttribute } from '../../codec/xml/tree';

export interface Parm {
	kind: 'parm';
	name: string;
	/** undefined when the parm has no value attribute (e.g. <parm name="INTERNET"/>). */
	value?: string;
	position?: SourcePosition;
	namePosition?: SourcePosition;
	valuePosition?: SourcePosition;
	/**
	 * The element name when it is not `parm`: Windows CSP documents also use `parm-query` and `noparm`
	 * under the same root (see "Other dialects" in client-provisioning.md). Absent for OMA CP.
	 */
	element?: 'parm-query' | 'noparm';
	/** Attributes prov.dtd does not define (Windows CSP `datatype`, ...), kept in order for round trips. */
	extraAttributes?: XmlAttribute[];
}

export interface Characteristic {
	kind: 'characteristic';
	type: string;
	/** Parms and sub-characteristics in document order. */
	items: (Parm | Characteristic)[];
	position?: SourcePosition;
	typePosition?: SourcePosition;
	/** The element name when it is not `characteristic` (Windows CSP `characteristic-query`, `nocharacteristic`). */
	element?: 'characteristic-query' | 'nocharacteristic';
	/** Attributes prov.dtd does not define (Zebra MX `version`, Windows `recursive`, ...), kept in order. */
	extraAttributes?: XmlAttribute[];
}

/** A wap-provisioningdoc (OMA-WAP-ProvCont §5). */
export interface ProvDoc {
	version?: string;
	characteristics: Characteristic[];
	position?: SourcePosition;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
	/** Stable rule id, e.g. 'parm-not-allowed', 'value-enum', 'ref-to-napid'. */
	rule: string;
	severity: Severity;
	message: string;
	/** 1-based; 0 when the document came from WBXML (then `offset` says where). */
	line: number;
	column: number;
	/** Byte offset in the WBXML stream, for documents decoded from WBXML. */
	offset?: number;
}
