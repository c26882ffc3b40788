// CP templates: a wap-provisioningdoc whose attribute values hold placeholders (syntax.ts). Compiled once: the
// placeholders are found and typed by where they stand (slots.ts), the document is validated once with its
// placeholders in place — a typed place gets a value of its type (a PORTNBR 0, a BEARER GSM-USSD), any other keeps
// `${X}` as written, which the validator takes as the text it is — and what depends on a row's values is kept for
// the rows: the typed places and the ids (NAPID, PROXY-ID, APPREF) a placeholder defines or names.
import { parseXml, XmlError } from '../../codec/xml';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode } from '../../codec/xml/tree';
import { PROV, type EncodeOptions, WbxmlError } from '../../codec/wbxml';
import { characteristicSpec, INTERNET_NAPID, provDocFromXml, ProvDocError, validateProvDoc, type RefTarget } from '../provcont';
import { DocumentTemplate, type PlacedParts, type Template, type PlacedPlaceholder, type PlaceholderInfo, type ReferenceEntry, type ReferenceGroup, type TemplateParts, type TypedSlot } from './document-template';
import { templateRuleSeverity, type TemplateFinding, type TemplateRuleId } from './findings';
import { MARKUP_MESSAGES, placeholdersInMarkup } from './markup';
import { SourceText } from './source';
import { mayHoldPlaceholders, parseTemplateValue, type TemplatePart } from './syntax';
import {
	CHARACTERISTIC_ELEMENTS,
	compatible,
	definedList,
	describeSlot,
	describeType,
	echoed,
	isClosedSlot,
	isSecretSlot,
	PARM_ELEMENTS,
	parmSlotType,
	REF_RULES,
	REF_TARGETS,
	representative,
	whereText,
	type SlotType
} from './slots';

export type TemplateCompilation =
	| { ok: true; template: Template; findings: TemplateFinding[] }
	| { ok: false; findings: TemplateFinding[] };

export interface CpTemplateOptions {
	/** WBXML options of every row's document (default: WBXML 1.3 with a string table, as `pstudio encode`). */
	encode?: EncodeOptions;
}

/** Where a placeholder is: maps an index in a parsed value to a line and column of the template. */
export type Locate = (index: number) => { line: number; column: number };

/** A value of the document that holds template syntax, read: its parts, with every placeholder placed. */
export interface ReadValue {
	parts: PlacedParts;
	/** Whether a placeholder is among the parts. */
	varies: boolean;
	/** The value with escapes resolved and placeholders as written (`${X}`): what the template shows. */
	raw: string;
}

export function compileCpTemplate(text: string, options: CpTemplateOptions = {}): TemplateCompilation {
	const source = new SourceText(text);
	const markup = markupFindings(source);
	let parsed: XmlDocument;
	try {
		parsed = parseXml(text);
	} catch (error) {
		if (!(error instanceof XmlError)) throw error;
		// A placeholder in a name or a reference is what made the text not XML: said so, at the placeholder.
		const misplaced = markup.filter((f) => f.severity === 'error');
		return { ok: false, findings: misplaced.length > 0 ? misplaced : [finding('not-well-formed', error.reason, error)] };
	}
	try {
		provDocFromXml(parsed);
	} catch (error) {
		if (!(error instanceof ProvDocError)) throw error;
		return { ok: false, findings: [finding('bad-structure', error.reason, error)] };
	}
	const findings: TemplateFinding[] = [...markup];
	const read = (attribute: XmlAttribute, element: XmlElement): ReadValue | undefined => readAttribute(source, attribute, element, findings);
	const values = new Map<XmlAttribute, ReadValue>();
	const document = rebuild(parsed, read, values);
	// A placeholder in a type or a name leaves the document's schema unknown: checking it would only add noise.
	if (findings.some((f) => f.rule === 'placeholder-in-name')) {
		sortFindings(findings);
		return { ok: false, findings };
	}
	return compileProvDocument(document, values, findings, options.encode);
}

/**
 * Types, validates and compiles a wap-provisioningdoc whose varying attribute values are `values` (constant values
 * are in place in `document`). Shared by CP templates and DM account templates rendered as CP w7.
 */
export function compileProvDocument(
	document: XmlDocument,
	values: ReadonlyMap<XmlAttribute, ReadValue>,
	findings: TemplateFinding[],
	encode: EncodeOptions | undefined,
	setUp?: { placeholders: PlaceholderInfo[]; configure: (template: DocumentTemplate) => void; idsElsewhere: boolean }
): TemplateCompilation {
	const analysis = analyse(document, values, findings);
	// A DM account's w7 APPLICATION travels alone: the NAPDEF or PXLOGICAL it names comes in another document.
	if (setUp?.idsElsewhere) analysis.groups = [];
	if (setUp !== undefined) {
		// The placeholders as the caller's source has them (a DM account), marked secret where the document says so.
		for (const p of analysis.placeholders) {
			const own = setUp.placeholders.find((q) => q.name === p.name);
			if (own === undefined) setUp.placeholders.push(p);
			else if (p.secret) own.secret = true;
		}
		analysis.placeholders = setUp.placeholders;
	}
	const representativeDocument = substitute(document, values, analysis.representatives);
	const slottedTargets = new Set(analysis.groups.map((g) => g.target));
	const dropped = new Set([...slottedTargets].flatMap((t) => [REF_RULES[t].rule, REF_RULES[t].duplicate]));
	for (const f of validateProvDoc(provDocFromXml(representativeDocument))) {
		if (dropped.has(f.rule)) continue;
		if (setUp?.idsElsewhere && (f.rule === 'ref-to-napid' || f.rule === 'ref-to-proxy')) {
			findings.push({ ...f, severity: 'info', message: `${f.message}; taken as defined in another document (a DM account's w7 travels alone)` });
		} else findings.push(f);
	}
	for (const group of analysis.groups) findings.push(...alwaysWrongReferences(group, analysis.rawOf));
	sortFindings(findings);
	if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };
	const parts: TemplateParts = {
		document,
		language: PROV,
		values: new Map([...values].filter(([, v]) => v.varies).map(([node, v]) => [node, v.parts])),
		placeholders: analysis.placeholders,
		typed: analysis.typed,
		references: analysis.groups
	};
	if (encode !== undefined) parts.encodeOptions = encode;
	try {
		const template = new DocumentTemplate(parts);
		setUp?.configure(template);
		return { ok: true, template, findings };
	} catch (error) {
		if (!(error instanceof WbxmlError)) throw error;
		return { ok: false, findings: [...findings, { rule: 'unencodable', severity: 'error', message: error.message, line: 0, column: 0 }] };
	}
}

function finding(rule: TemplateRuleId, message: string, at: { line: number; column: number }, placeholder?: string): TemplateFinding {
	const f: TemplateFinding = { rule, severity: templateRuleSeverity(rule), message, line: at.line, column: at.column };
	if (placeholder !== undefined) f.placeholder = placeholder;
	return f;
}

function sortFindings(findings: TemplateFinding[]): void {
	// Stable: findings at one place keep the order they were found in.
	findings.sort((a, b) => (a.line || Infinity) - (b.line || Infinity) || a.column - b.column);
}

/**
 * Placeholders outside the values (markup.ts): in an element or attribute name (`<${X}>`, `<parm ${X}="1"/>`), a
 * reference, the DOCTYPE or the XML declaration (errors), in a comment or a PI (never filled: a warning).
 */
function markupFindings(source: SourceText): TemplateFinding[] {
	return placeholdersInMarkup(source.text).map(({ at, place }) =>
		place === 'name'
			? finding('placeholder-in-name', 'a placeholder cannot stand in an element or attribute name: names are written out (they decide the WBXML tokens)', source.at(at))
			: finding(place === 'comment' || place === 'pi' ? 'placeholder-not-filled' : 'placeholder-in-name', MARKUP_MESSAGES[place], source.at(at))
	);
}

/** Reads one attribute value of the template: its parts, placed; findings for bad syntax or a forbidden place. */
function readAttribute(source: SourceText, attribute: XmlAttribute, element: XmlElement, findings: TemplateFinding[]): ReadValue | undefined {
	if (!mayHoldPlaceholders(attribute.value)) return undefined;
	const position = attribute.position;
	const valueStart = position !== undefined && 'line' in position ? source.attributeValueStart(source.offsetOf(position)) : -1;
	const locate: Locate = (index) => (valueStart < 0 ? { line: 0, column: 0 } : source.at(source.xmlValueOffset(valueStart, index)));
	const forbidden = namingAttribute(element, attribute.name);
	if (forbidden !== undefined) {
		const at = attribute.value.indexOf('${');
		if (at >= 0) findings.push(finding('placeholder-in-name', `a placeholder cannot stand in ${forbidden}: it decides the WBXML tokens and the schema, so it is written out`, locate(at)));
		return undefined;
	}
	return readValue(attribute.value, locate, findings);
}

/** Reads template syntax in a value; `locate` places an index of it. */
export function readValue(value: string, locate: Locate, findings: TemplateFinding[]): ReadValue {
	const parsed = parseTemplateValue(value);
	for (const problem of parsed.problems) findings.push(finding('placeholder-syntax', problem.message, locate(problem.at)));
	const parts = parsed.parts.map((p: TemplatePart): string | PlacedPlaceholder => (typeof p === 'string' ? p : { name: p.name, ...locate(p.at) }));
	const varies = parts.some((p) => typeof p !== 'string');
	return { parts, varies, raw: rawText(parts) };
}

export function rawText(parts: PlacedParts): string {
	return parts.map((p) => (typeof p === 'string' ? p : `\${${p.name}}`)).join('');
}

/** What an attribute names rather than holds, for messages; undefined for a value. */
function namingAttribute(element: XmlElement, attribute: string): string | undefined {
	if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) return `a namespace declaration (${attribute})`;
	if (CHARACTERISTIC_ELEMENTS.has(element.name) && attribute === 'type') return 'a characteristic type';
	if (PARM_ELEMENTS.has(element.name) && attribute === 'name') return 'a parm name';
	return undefined;
}

/** The document with every read value's literal text in place (escapes resolved); the varying ones are recorded. */
function rebuild(document: XmlDocument, read: (a: XmlAttribute, e: XmlElement) => ReadValue | undefined, values: Map<XmlAttribute, ReadValue>): XmlDocument {
	const copy = (element: XmlElement): XmlElement => ({
		kind: 'element',
		name: element.name,
		attributes: element.attributes.map((a) => {
			const value = read(a, element);
			const out: XmlAttribute = { name: a.name, value: value === undefined ? a.value : value.raw };
			if (a.position !== undefined) out.position = a.position;
			if (value !== undefined) values.set(out, value);
			return out;
		}),
		children: element.children.map((c): XmlNode => (c.kind === 'element' ? copy(c) : c)),
		...(element.position === undefined ? {} : { position: element.position })
	});
	return { ...document, root: copy(document.root) };
}

interface Analysis {
	placeholders: PlaceholderInfo[];
	typed: TypedSlot[];
	groups: ReferenceGroup[];
	/** The value each varying attribute gets when the template is validated. */
	representatives: Map<XmlAttribute, string>;
	rawOf: Map<ReferenceEntry, string>;
}

/** Types every varying value by its place and collects what rows must check. */
function analyse(document: XmlDocument, values: ReadonlyMap<XmlAttribute, ReadValue>, findings: TemplateFinding[]): Analysis {
	const placeholders = new Map<string, PlaceholderInfo>();
	const wholeClosed = new Map<string, { type: SlotType; at: PlacedPlaceholder }[]>();
	const typed: TypedSlot[] = [];
	const representatives = new Map<XmlAttribute, string>();
	const entries: Record<RefTarget, { definitions: ReferenceEntry[]; references: ReferenceEntry[] }> = {
		NAPID: { definitions: [], references: [] },
		'PROXY-ID': { definitions: [], references: [] },
		APPREF: { definitions: [], references: [] }
	};
	const rawOf = new Map<ReferenceEntry, string>();

	const use = (value: ReadValue, type: SlotType, where: string): void => {
		const whole = value.parts.length === 1;
		for (const part of value.parts) {
			if (typeof part === 'string') continue;
			let info = placeholders.get(part.name);
			if (info === undefined) placeholders.set(part.name, (info = { name: part.name, uses: [], secret: false }));
			info.uses.push({ line: part.line, column: part.column, where, type: describeType(type), whole });
			if (isSecretSlot(type)) info.secret = true;
		}
	};

	const visit = (element: XmlElement, chain: readonly string[], typedChain: boolean, application: XmlElement | undefined): void => {
		let inner = chain;
		let innerTyped = typedChain;
		let innerApplication = application;
		if (CHARACTERISTIC_ELEMENTS.has(element.name)) {
			const type = element.attributes.find((a) => a.name === 'type')?.value ?? '';
			inner = [...chain, type];
			// The validator does not look inside a characteristic it does not know (validate.ts characteristic()).
			innerTyped = typedChain && characteristicSpec(type) !== undefined;
			if (type === 'APPLICATION' && innerApplication === undefined) innerApplication = element;
		}
		const parmName = PARM_ELEMENTS.has(element.name) ? element.attributes.find((a) => a.name === 'name')?.value : undefined;
		for (const attribute of element.attributes) {
			const value = values.get(attribute);
			const isParmValue = parmName !== undefined && attribute.name === 'value';
			const type: SlotType = isParmValue && typedChain ? parmSlotType(chain, parmName) : { kind: 'text', secret: false };
			if (isParmValue && typedChain && type.kind === 'parm' && attribute.value !== undefined) {
				const spec = type.spec;
				const parts: PlacedParts = value?.parts ?? [attribute.value];
				const at = attribute.position !== undefined && 'line' in attribute.position ? attribute.position : { line: 0, column: 0 };
				const entry: ReferenceEntry = { parts, raw: value?.raw ?? attribute.value, parm: type.parm, line: at.line, column: at.column, slotted: value?.varies === true };
				rawOf.set(entry, entry.raw);
				if (spec.defines !== undefined) entries[spec.defines].definitions.push(entry);
				if (spec.value.kind === 'ref') entries[spec.value.target].references.push(entry);
			}
			if (value === undefined || !value.varies) continue;
			const where = describeSlot(type) ?? `attribute ${attribute.name} of <${element.name}>`;
			use(value, type, where);
			// Text and ids take any value: nothing to check per row but the references.
			if (!isClosedSlot(type)) continue;
			const first = value.parts.find((p): p is PlacedPlaceholder => typeof p !== 'string') as PlacedPlaceholder;
			// The template is validated with a valid value where a finding was made here, so it is not made twice.
			representatives.set(attribute, representative(type) ?? '');
			if (type.kind === 'parm' && type.spec.value.kind === 'flag') {
				findings.push(finding('placeholder-in-flag', `parm ${type.parm} takes no value (a flag: written present or left out), so \${${first.name}} cannot stand there`, first, first.name));
				continue;
			}
			const items = type.kind === 'parm' && type.spec.value.kind === 'enum' && type.spec.value.list ? listItems(value.parts) : [value.parts];
			const partial = items.find((item) => item.length > 1 && item.some((p) => typeof p !== 'string'));
			if (partial !== undefined) {
				const culprit = partial.find((p): p is PlacedPlaceholder => typeof p !== 'string') as PlacedPlaceholder;
				findings.push(
					finding(
						'placeholder-not-whole',
						`${where} takes ${describeType(type)}: \${${culprit.name}} must be the whole value${items.length > 1 ? ' or a whole item of the list' : ''}, found ${echoed(value.raw)}`,
						culprit,
						culprit.name
					)
				);
				continue;
			}
			for (const item of items) {
				const only = item[0];
				if (item.length !== 1 || typeof only === 'string') continue;
				const earlier = wholeClosed.get(only.name) ?? [];
				const clash = earlier.find((e) => !compatible(e.type, type));
				if (clash !== undefined) {
					findings.push(
						finding(
							'placeholder-type-conflict',
							`\${${only.name}} stands here in ${where} (${describeType(type)}) and at line ${clash.at.line}, column ${clash.at.column} in ${describeSlot(clash.type) ?? 'a typed place'} (${describeType(clash.type)}): no value is both`,
							only,
							only.name
						)
					);
				}
				earlier.push({ type, at: only });
				wholeClosed.set(only.name, earlier);
			}
			const rep = items.map((item) => (item.length === 1 && typeof item[0] !== 'string' ? (representative(type) ?? '') : rawText(item))).join(',');
			representatives.set(attribute, rep);
			typed.push(slotOf(value, type, innerApplication ?? application, values));
		}
		for (const child of element.children) if (child.kind === 'element') visit(child, inner, innerTyped, innerApplication);
	};
	visit(document.root, [], true, undefined);

	const groups: ReferenceGroup[] = [];
	for (const target of REF_TARGETS) {
		const { definitions, references } = entries[target];
		if ([...definitions, ...references].some((e) => e.slotted)) groups.push({ target, definitions, references });
	}
	return { placeholders: [...placeholders.values()], typed, groups, representatives, rawOf };
}

function slotOf(value: ReadValue, type: SlotType, application: XmlElement | undefined, values: ReadonlyMap<XmlAttribute, ReadValue>): TypedSlot {
	const slot: TypedSlot = { parts: value.parts, type };
	if (type.kind === 'application-service') {
		// validate.ts: the first APPID parm among the outermost APPLICATION's own items.
		const appId = application?.children.find((c): c is XmlElement => c.kind === 'element' && PARM_ELEMENTS.has(c.name) && c.attributes.some((a) => a.name === 'name' && a.value === 'APPID'));
		const attribute = appId?.attributes.find((a) => a.name === 'value');
		if (attribute !== undefined) slot.appId = values.get(attribute)?.parts ?? [attribute.value];
	}
	return slot;
}

/** A list value's items (split at literal commas), each as parts. */
function listItems(parts: PlacedParts): PlacedParts[] {
	const items: (string | PlacedPlaceholder)[][] = [[]];
	for (const part of parts) {
		if (typeof part !== 'string') {
			items[items.length - 1].push(part);
			continue;
		}
		const pieces = part.split(',');
		pieces.forEach((piece, i) => {
			if (i > 0) items.push([]);
			if (piece !== '') items[items.length - 1].push(piece);
		});
	}
	return items;
}

/** The document with the representative values in place, and the others as written (`${X}`). */
function substitute(document: XmlDocument, values: ReadonlyMap<XmlAttribute, ReadValue>, representatives: ReadonlyMap<XmlAttribute, string>): XmlDocument {
	const copy = (element: XmlElement): XmlElement => ({
		...element,
		attributes: element.attributes.map((a) => {
			const rep = representatives.get(a) ?? (values.get(a)?.varies ? values.get(a)?.raw : undefined);
			return rep === undefined ? a : { ...a, value: rep };
		}),
		children: element.children.map((c): XmlNode => (c.kind === 'element' ? copy(c) : c))
	});
	return { ...document, root: copy(document.root) };
}

/**
 * The reference findings no row can mend, for a target some row values take part in (validate.ts references(),
 * same messages, the values as the template writes them): two definitions written alike, and a reference to a
 * target nothing defines. The others depend on the row and are checked per row (DocumentTemplate).
 */
function alwaysWrongReferences(group: ReferenceGroup, rawOf: ReadonlyMap<ReferenceEntry, string>): TemplateFinding[] {
	const out: TemplateFinding[] = [];
	const rules = REF_RULES[group.target];
	const first = new Map<string, ReferenceEntry>();
	for (const d of group.definitions) {
		const raw = rawOf.get(d) ?? '';
		const seen = first.get(raw);
		if (seen === undefined) first.set(raw, d);
		else out.push({ rule: rules.duplicate, severity: rules.duplicateSeverity, message: `${group.target} ${echoed(raw)} is defined by more than one ${rules.owner} (first at ${whereText(seen)})`, line: d.line, column: d.column });
	}
	const constants = group.definitions.filter((d) => !d.slotted).map((d) => rawOf.get(d) ?? '');
	const anySlotted = group.definitions.some((d) => d.slotted);
	for (const r of group.references) {
		const raw = rawOf.get(r) ?? '';
		const never = r.slotted ? group.definitions.length === 0 && group.target !== 'NAPID' : !anySlotted && !constants.includes(raw) && !(group.target === 'NAPID' && raw === INTERNET_NAPID);
		if (!never) continue;
		out.push({
			rule: rules.rule,
			severity: rules.severity,
			message: `parm ${r.parm} value ${echoed(raw)} names no ${rules.owner} ${group.target} (defined: ${definedList(constants, group.target)})`,
			line: r.line,
			column: r.column
		});
	}
	return out;
}
