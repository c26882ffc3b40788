// DDF XML → DdfSchema, following the element content models of OMA-TS-DM_TND-V1_2 §8.5.4.1–8.5.4.3.
// Element order inside an aggregate is not enforced (real DDFs vary); unknown elements, repeated singletons and bad
// values are DdfErrors with the line/column of the offending element. What vendor DDFs commonly get wrong but can
// still be understood is read, with a DdfWarning that names the line: a missing DFType (even OMA's published DMAcc
// DDF has DFProperties without one), AccessType or DFFormat; `<Path>./</Path>` (every Nokia S60 DDF); a top node
// named "." for the root. A <Node> without <DFProperties> is valid (the DTD makes them optional) and undescribed.
// Elements with a namespace prefix (e.g. Microsoft's `MSFT:Applicability`) are vendor extensions and skipped.
import { parseXml, XmlError } from '../../codec/xml';
import type { XmlDocument, XmlElement } from '../../codec/xml/tree';
import { suggestion } from '../suggest';
import { DdfError, describeLocation } from './error';
import {
	ACCESS_TYPES,
	DF_FORMATS,
	type AccessTypeName,
	type DdfNode,
	type DdfSchema,
	type DdfWarning,
	type DfFormat,
	type Occurrence,
	type SourceLocation
} from './schema';
import { depthOf, normaliseUri, ROOT, shortUri, uriProblem, URI_LIMITS } from './uri';

/** Name segment written into URI patterns for an unnamed node. */
export const UNNAMED = '<X>';

export function parseDdf(text: string): DdfSchema {
	let document: XmlDocument;
	try {
		document = parseXml(text);
	} catch (error) {
		if (error instanceof XmlError) throw new DdfError('not-well-formed', { line: error.line, column: error.column }, error.reason);
		throw error;
	}
	return ddfFromXml(document);
}

export function ddfFromXml(document: XmlDocument): DdfSchema {
	const root = document.root;
	if (root.name !== 'MgmtTree') {
		fail('not-ddf', root, `root element is <${root.name}>, a DDF starts with <MgmtTree> (TND §8.5.4.1.1)`);
	}
	const parts = children(root, ['VerDTD', 'Man', 'Mod', 'Node'], ['Node']);
	const warnings: DdfWarning[] = [];
	const verDtd = single(root, parts, 'VerDTD', false);
	if (verDtd === undefined) warn(warnings, root, '<MgmtTree> has no <VerDTD> (the DTD requires one); read as DDF 1.2');
	const schema: DdfSchema = { verDtd: verDtd === undefined ? '1.2' : text(verDtd), nodes: [], warnings };
	const man = single(root, parts, 'Man', false);
	const mod = single(root, parts, 'Mod', false);
	if (man) schema.man = text(man);
	if (mod) schema.mod = text(mod);
	const nodes = parts.get('Node') ?? [];
	if (nodes.length === 0) fail('bad-structure', root, '<MgmtTree> has no <Node> (content model VerDTD, Man?, Mod?, Node+)');
	for (const node of nodes) {
		const named = rootAlias(node, warnings);
		// The root itself: its child <Node>s are the top-level nodes.
		if (named !== undefined) for (const child of named) schema.nodes.push(readNode(child, undefined, warnings));
		else schema.nodes.push(readNode(node, undefined, warnings));
	}
	return schema;
}

/**
 * Some vendor DDFs wrap their nodes in one top-level <Node> that stands for the root: named "." (read literally:
 * URIs like "./."; TND §6: "." is no node name), or unnamed with an empty <Path> (a Symbian DDF 1.1.2 quoted in
 * NPower's nWave-DM tests). Its child <Node>s are returned, or undefined when it is an ordinary node.
 */
function rootAlias(element: XmlElement, warnings: DdfWarning[]): XmlElement[] | undefined {
	const parts = children(element, ['NodeName', 'Path', 'RTProperties', 'DFProperties', 'Node', 'Value'], ['Node']);
	const nameElement = parts.get('NodeName')?.[0];
	if (nameElement === undefined) return undefined;
	const name = text(nameElement);
	const pathElement = parts.get('Path')?.[0];
	const path = pathElement === undefined ? undefined : text(pathElement);
	const atRoot = path === undefined || path === '' || path === ROOT || path === './';
	if (name === ROOT && atRoot) {
		warn(warnings, nameElement, 'NodeName "." names the root, which is no node (TND §6); its child nodes are read as top-level nodes');
	} else if (name === '' && pathElement !== undefined && atRoot && path !== undefined) {
		warn(warnings, nameElement, 'an unnamed node at the root stands for the root itself; its child nodes are read as top-level nodes');
	} else {
		return undefined;
	}
	return parts.get('Node') ?? [];
}

function readNode(element: XmlElement, parentUri: string | undefined, warnings: DdfWarning[]): DdfNode {
	const parts = children(element, ['NodeName', 'Path', 'RTProperties', 'DFProperties', 'Node', 'Value'], ['Node']);
	const nameElement = single(element, parts, 'NodeName', true);
	const rawName = text(nameElement);
	if (rawName.includes('/')) fail('bad-value', nameElement, `NodeName "${shortUri(rawName)}" contains '/' (a name is one URI segment)`);
	if (rawName === '.' || rawName === '..') fail('bad-value', nameElement, `NodeName "${rawName}" is no node name (TND §6)`);
	if (rawName.length > URI_LIMITS.maxSegmentLength) {
		fail('bad-value', nameElement, `NodeName is ${rawName.length} characters long; the limit is ${URI_LIMITS.maxSegmentLength} (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3)`);
	}
	const name = rawName === '' ? undefined : rawName;
	const segment = name ?? UNNAMED;
	const pathElement = single(element, parts, 'Path', false);
	let base = parentUri ?? ROOT;
	if (pathElement) {
		const path = text(pathElement);
		// "./" is the root with a trailing slash (every Nokia S60 DDF writes it): the same URI as ".".
		const problem = path === './' ? undefined : uriProblem(path);
		if (problem !== undefined) fail('bad-value', pathElement, `Path: ${problem}`);
		base = normaliseUri(path);
	}
	const uri = base === ROOT ? `./${segment}` : `${base}/${segment}`;
	const depth = depthOf(uri);
	if (depth > URI_LIMITS.maxDepth) {
		fail('bad-value', nameElement, `node URI ${shortUri(uri)} has ${depth} segments; the limit is ${URI_LIMITS.maxDepth} (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)`);
	}
	if (uri.length > URI_LIMITS.maxTotalLength) {
		fail('bad-value', nameElement, `node URI ${shortUri(uri)} is ${uri.length} characters long; the limit is ${URI_LIMITS.maxTotalLength} (DevDetail/URI/MaxTotLen, StdObj §7.1.3.3)`);
	}
	const valueElement = single(element, parts, 'Value', false);
	const childNodes = parts.get('Node') ?? [];
	const dfElement = single(element, parts, 'DFProperties', false);
	const node =
		dfElement === undefined
			? undescribedNode(name, uri, at(element), childNodes.length > 0 || valueElement === undefined)
			: readDfProperties(dfElement, name, uri, at(element), childNodes.length > 0, warnings);
	const rt = single(element, parts, 'RTProperties', false);
	if (rt) {
		const ddfName = rtDdfName(rt);
		if (ddfName !== undefined) node.rtDdfName = ddfName;
	}
	if (valueElement && childNodes.length > 0) {
		fail('bad-structure', valueElement, '<Node> has both <Value> and child <Node>s (content model Node* | Value?)');
	}
	if (valueElement) node.value = text(valueElement);
	if (childNodes.length > 0 && node.format !== 'node') {
		fail('bad-structure', childNodes[0], `<Node> ${shortUri(uri)} has DFFormat ${node.format} but child nodes; interior nodes have DFFormat node (TND §8.5.4.3.4)`);
	}
	// TND §6: a URI names one node, so two child <Node>s of one name describe the same node twice and the second's
	// DFProperties would go unread; two unnamed ones leave a run-time name matching either. Refused, both placed.
	const seen = new Map<string, DdfNode>();
	for (const childElement of childNodes) {
		const child = readNode(childElement, uri, warnings);
		const first = seen.get(child.uri);
		if (first !== undefined) {
			const what = child.name === undefined ? `a second unnamed <Node> under ${shortUri(uri)}` : `<Node> ${shortUri(child.uri)} is described a second time`;
			fail('bad-structure', childElement, `${what} (the first is at ${describeLocation(first.position)}); sibling nodes need distinct names (TND §6)`);
		}
		seen.set(child.uri, child);
		node.children.push(child);
	}
	return node;
}

/** A <Node> without <DFProperties>: named, placed, and otherwise left undescribed (interior when it has children). */
function undescribedNode(name: string | undefined, uri: string, position: SourceLocation, interior: boolean): DdfNode {
	return {
		name,
		uri,
		accessTypes: new Set(ACCESS_TYPES),
		format: interior ? 'node' : 'chr',
		occurrence: { kind: 'ZeroOrMore' },
		scope: 'Dynamic',
		type: { mime: [] },
		children: [],
		position,
		undescribed: true
	};
}

function readDfProperties(
	element: XmlElement,
	name: string | undefined,
	uri: string,
	position: SourceLocation,
	hasChildren: boolean,
	warnings: DdfWarning[]
): DdfNode {
	const parts = children(element, ['AccessType', 'DefaultValue', 'Description', 'DFFormat', 'Occurrence', 'Scope', 'DFTitle', 'DFType', 'CaseSense'], []);
	const accessElement = single(element, parts, 'AccessType', false);
	const accessTypes = new Set<AccessTypeName>();
	if (accessElement === undefined) {
		warn(warnings, element, '<DFProperties> has no <AccessType> (the DTD requires one); read as allowing every command');
		for (const access of ACCESS_TYPES) accessTypes.add(access);
	} else {
		for (const child of elementChildren(accessElement)) {
			const access = oneOf(child, ACCESS_TYPES, 'AccessType');
			if (accessTypes.has(access)) fail('bad-structure', child, `<${access}> appears twice in <AccessType>`);
			accessTypes.add(access);
		}
	}
	const formatElement = single(element, parts, 'DFFormat', false);
	let format: DfFormat;
	if (formatElement === undefined) {
		format = hasChildren ? 'node' : 'chr';
		warn(warnings, element, `<DFProperties> has no <DFFormat> (the DTD requires one); read as ${format}, the node having ${hasChildren ? 'child nodes' : 'none'}`);
	} else {
		format = choice(formatElement, DF_FORMATS) as DfFormat;
	}
	const node: DdfNode = {
		name,
		uri,
		accessTypes,
		format,
		occurrence: { kind: 'One' },
		scope: 'Dynamic',
		type: { mime: [] },
		children: [],
		position
	};
	const occurrenceElement = single(element, parts, 'Occurrence', false);
	if (occurrenceElement) node.occurrence = readOccurrence(occurrenceElement);
	const scope = single(element, parts, 'Scope', false);
	if (scope) node.scope = choice(scope, ['Permanent', 'Dynamic'] as const);
	const caseSense = single(element, parts, 'CaseSense', false);
	if (caseSense) node.caseSense = choice(caseSense, ['CS', 'CIS'] as const);
	const defaultValue = single(element, parts, 'DefaultValue', false);
	if (defaultValue) node.defaultValue = text(defaultValue);
	const description = single(element, parts, 'Description', false);
	if (description) node.description = text(description);
	const title = single(element, parts, 'DFTitle', false);
	if (title) node.title = text(title);
	const dfType = single(element, parts, 'DFType', false);
	if (dfType === undefined) warn(warnings, element, '<DFProperties> has no <DFType> (TND §8.5.4.3.8; the DTD requires one); read as no MIME type');
	else node.type = readDfType(dfType, warnings);
	return node;
}

// TND §8.5.4.3.8: DFType is (MIME+ | DDFName).
function readDfType(element: XmlElement, warnings: DdfWarning[]): DdfNode['type'] {
	const kids = elementChildren(element);
	if (kids.length === 0) {
		warn(warnings, element, '<DFType> is empty (TND §8.5.4.3.8: <MIME>+ or <DDFName>); read as no MIME type');
		return { mime: [] };
	}
	if (kids[0].name === 'DDFName') {
		if (kids.length > 1) fail('bad-structure', kids[1], '<DFType> holds <DDFName> and more; expected exactly one <DDFName>');
		return { ddfName: text(kids[0]) };
	}
	const mime: string[] = [];
	for (const kid of kids) {
		if (kid.name !== 'MIME') fail('bad-structure', kid, `unexpected <${kid.name}> in <DFType>, expected <MIME> or <DDFName>`);
		mime.push(text(kid));
	}
	return { mime };
}

// TND §8.5.4.1.9: RTProperties (ACL?, Format?, Name?, Size?, Title?, TStamp?, Type, VerNo?); only the
// management object identifier (Type/DDFName) is kept, the rest is checked for shape only.
function rtDdfName(rt: XmlElement): string | undefined {
	const parts = children(rt, ['ACL', 'Format', 'Name', 'Size', 'Title', 'TStamp', 'Type', 'VerNo'], []);
	const format = parts.get('Format')?.[0];
	if (format) choice(format, DF_FORMATS);
	const type = parts.get('Type')?.[0];
	if (type === undefined) return undefined;
	const inner = choice(type, ['MIME', 'DDFName'] as const);
	return inner === 'DDFName' ? text(elementChildren(type)[0]) : undefined;
}

// TND §8.5.4.3.15–8.5.4.3.20; ZeroOrN / OneOrN hold N, "a positive integer value between 2 and 65536".
function readOccurrence(element: XmlElement): Occurrence {
	const kinds = ['One', 'ZeroOrOne', 'ZeroOrMore', 'OneOrMore', 'ZeroOrN', 'OneOrN'] as const;
	const kind = choice(element, kinds);
	if (kind !== 'ZeroOrN' && kind !== 'OneOrN') return { kind };
	const holder = elementChildren(element)[0];
	const raw = text(holder).trim();
	const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : NaN;
	if (!(n >= 2 && n <= 65536)) fail('bad-value', holder, `<${kind}> holds "${raw}", expected an integer from 2 to 65536 (TND §8.5.4.3.18)`);
	return { kind, n };
}

/** An element whose content is exactly one empty child out of `allowed` (DFFormat, Scope, CaseSense, ...). */
function choice<T extends string>(element: XmlElement, allowed: readonly T[]): T {
	const kids = elementChildren(element);
	if (kids.length !== 1) {
		fail('bad-structure', element, `<${element.name}> holds ${kids.length} elements, expected exactly one of ${allowed.map((a) => `<${a}>`).join(' ')}`);
	}
	return oneOf(kids[0], allowed, element.name);
}

function oneOf<T extends string>(element: XmlElement, allowed: readonly T[], parent: string): T {
	const found = allowed.find((name) => name === element.name);
	if (found === undefined) {
		const hint = suggestion(element.name, allowed, { noun: 'element names', show: (name) => `<${name}>` });
		fail('bad-structure', element, `unexpected <${element.name}> in <${parent}>, expected one of ${allowed.map((a) => `<${a}>`).join(' ')}${hint === undefined ? '' : `; ${hint}`}`);
	}
	return found;
}

/** Child elements grouped by name; vendor extensions (prefixed names) skipped; stray text refused. */
function children(element: XmlElement, allowed: readonly string[], repeatable: readonly string[]): Map<string, XmlElement[]> {
	const out = new Map<string, XmlElement[]>();
	for (const child of element.children) {
		if (child.kind !== 'element') {
			if (child.kind === 'text' && child.text.trim() === '') continue;
			fail('bad-structure', element, `<${element.name}> holds text, expected only elements`);
		}
		if (child.name.includes(':')) continue;
		if (!allowed.includes(child.name)) {
			const hint = suggestion(child.name, allowed, { noun: 'element names', show: (name) => `<${name}>` });
			fail('bad-structure', child, `unexpected <${child.name}> in <${element.name}>, expected one of ${allowed.map((a) => `<${a}>`).join(' ')}${hint === undefined ? '' : `; ${hint}`}`);
		}
		const list = out.get(child.name) ?? [];
		if (list.length > 0 && !repeatable.includes(child.name)) {
			fail('bad-structure', child, `<${child.name}> appears twice in <${element.name}>`);
		}
		list.push(child);
		out.set(child.name, list);
	}
	return out;
}

function single(parent: XmlElement, parts: Map<string, XmlElement[]>, name: string, required: true): XmlElement;
function single(parent: XmlElement, parts: Map<string, XmlElement[]>, name: string, required: false): XmlElement | undefined;
function single(parent: XmlElement, parts: Map<string, XmlElement[]>, name: string, required: boolean): XmlElement | undefined {
	const found = parts.get(name)?.[0];
	if (found === undefined && required) fail('bad-structure', parent, `<${parent.name}> has no <${name}>, which the DDF DTD requires (TND §8.5.4)`);
	return found;
}

function elementChildren(element: XmlElement): XmlElement[] {
	const out: XmlElement[] = [];
	for (const child of element.children) {
		if (child.kind === 'element') {
			if (!child.name.includes(':')) out.push(child);
		} else if (child.kind === 'text' && child.text.trim() !== '') {
			fail('bad-structure', element, `<${element.name}> holds text "${child.text.trim().slice(0, 40)}", expected only elements`);
		} else if (child.kind === 'opaque') {
			fail('bad-structure', element, `<${element.name}> holds opaque data, expected only elements`);
		}
	}
	return out;
}

/** #PCDATA content, trimmed of surrounding XML whitespace (DDF files are indented). */
function text(element: XmlElement): string {
	let out = '';
	for (const child of element.children) {
		if (child.kind === 'text') out += child.text;
		else if (child.kind === 'opaque') out += new TextDecoder().decode(child.bytes);
		else fail('bad-structure', child, `<${child.name}> inside <${element.name}>, which holds only text`);
	}
	return out.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

function warn(warnings: DdfWarning[], element: XmlElement, message: string): void {
	warnings.push({ position: at(element), message });
}

function at(element: XmlElement): SourceLocation {
	const position = element.position;
	if (position === undefined) return { line: 0, column: 0 };
	return 'line' in position ? { line: position.line, column: position.column } : { offset: position.offset };
}

function fail(code: 'not-ddf' | 'bad-structure' | 'bad-value', element: XmlElement, reason: string): never {
	throw new DdfError(code, at(element), reason);
}
