// The DDF as data (OMA-TS-DM_TND-V1_2 §8.5.4): one DdfNode per <Node>, with its full URI pattern.

/** DFFormat / RTProperties Format values (TND §8.5.4.2.9–8.5.4.2.19). */
export const DF_FORMATS = ['b64', 'bin', 'bool', 'chr', 'int', 'node', 'null', 'xml', 'date', 'time', 'float'] as const;
export type DfFormat = (typeof DF_FORMATS)[number];

/** AccessType children (TND §8.5.4.3.1), the OMA DM commands a node supports. */
export const ACCESS_TYPES = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace'] as const;
export type AccessTypeName = (typeof ACCESS_TYPES)[number];

/** Occurrence (TND §8.5.4.3.5); omitted means exactly one. ZeroOrN / OneOrN carry N (2..65536). */
export type Occurrence =
	| { kind: 'One' | 'ZeroOrOne' | 'ZeroOrMore' | 'OneOrMore' }
	| { kind: 'ZeroOrN' | 'OneOrN'; n: number };

/** Where a DDF node was read: line/column in XML text, byte offset in WBXML (the XML tree's SourcePosition). */
export type SourceLocation = { line: number; column: number } | { offset: number };

export interface DdfNode {
	/** NodeName; undefined for an unnamed node (`<X>`), whose name is assigned at run time (TND §8.5.4.1.6). */
	name: string | undefined;
	/** Full URI pattern, unnamed segments written `<X>`, e.g. `./DMAcc/<X>/AppID`. */
	uri: string;
	accessTypes: ReadonlySet<AccessTypeName>;
	format: DfFormat;
	occurrence: Occurrence;
	/** Scope (TND §8.5.4.3.6): omitted means Dynamic. */
	scope: 'Permanent' | 'Dynamic';
	/** CaseSense (TND §8.5.4.3.23), undefined when the DDF does not say. */
	caseSense?: 'CS' | 'CIS';
	defaultValue?: string;
	description?: string;
	title?: string;
	/** DFType: the MIME types of a leaf, or the management object identifier of an interior node. */
	type: { mime: string[] } | { ddfName: string };
	/** Value element (TND §8.5.4.1.8): initial value of instantiated nodes. */
	value?: string;
	/** RTProperties Type/DDFName when present (e.g. the MO identifier of a TNDS root). */
	rtDdfName?: string;
	/**
	 * True when the <Node> has no <DFProperties> (the DTD makes them optional, TND §8.5.4.1.2): the DDF names the
	 * node but says nothing of it, like an ancestor named only in a Path. format/accessTypes above are then guesses.
	 */
	undescribed?: boolean;
	children: DdfNode[];
	position: SourceLocation;
}

/** Something a DDF does that the DTD or TND does not allow but that can still be understood: read, and said where. */
export interface DdfWarning {
	position: SourceLocation;
	message: string;
}

export interface DdfSchema {
	verDtd: string;
	man?: string;
	mod?: string;
	/** The <Node> children of MgmtTree, each with its URI resolved from Path. */
	nodes: DdfNode[];
	/** What was read leniently, in document order (vendor DDFs break the DTD in a few common ways). */
	warnings: DdfWarning[];
}

/** Smallest and largest number of instances an occurrence allows. */
export function occurrenceBounds(occurrence: Occurrence): { min: number; max: number } {
	switch (occurrence.kind) {
		case 'One':
			return { min: 1, max: 1 };
		case 'ZeroOrOne':
			return { min: 0, max: 1 };
		case 'ZeroOrMore':
			return { min: 0, max: Infinity };
		case 'OneOrMore':
			return { min: 1, max: Infinity };
		case 'ZeroOrN':
			return { min: 0, max: occurrence.n };
		case 'OneOrN':
			return { min: 1, max: occurrence.n };
	}
}

export function describeOccurrence(occurrence: Occurrence): string {
	return 'n' in occurrence ? `${occurrence.kind} ${occurrence.n}` : occurrence.kind;
}
