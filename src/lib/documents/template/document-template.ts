// A compiled template: the document with its placeholders, ready to be filled row after row. Filling a row costs
// the substitution, the checks that depend on the values (slots.ts: typed places, references), the encoding
// (codec/wbxml/compiled.ts: no XML is parsed, the fixed parts are planned once) — the MAC is the caller's (one key
// per row). The XML text of a row is made on demand from pieces cut once from the serialised template.
import { compileWbxml, encodeWbxml, WbxmlError, type CompiledWbxml, type EncodeOptions, type ParametrizedText, type WbxmlLanguage } from '../../codec/wbxml';
import { describeNonXmlChar, escapeAttribute, escapeText, firstNonXmlChar, serializeXml } from '../../codec/xml';
import type { XmlAttribute, XmlDocument, XmlText } from '../../codec/xml/tree';
import { Secret } from '../../security/secret';
import type { RefTarget, Severity } from '../provcont';
import { TemplateError } from './error';
import type { RowFinding } from './findings';
import { definedList, echoed, REF_RULES, secretShown, valueProblem, whereText, type SlotType } from './slots';

/** A value a row gives a placeholder: text, or a Secret (PINs, AAuthSecret) that only reaches the bytes. */
export type TemplateValue = string | Secret;

/** A placeholder where it stands: its name and its place in the template's text (line 0: no place there). */
export interface PlacedPlaceholder {
	name: string;
	line: number;
	column: number;
}

/** Literal text and placeholders, as a value of the template is made. */
export type PlacedParts = readonly (string | PlacedPlaceholder)[];

/** One place of the template that takes a placeholder. */
export interface PlaceholderUse {
	line: number;
	column: number;
	/** `parm PORTNBR of PORT`, `$.AppAddr[0].Port[0]`, or the attribute's name. */
	where: string;
	/** What a value there must be: `an integer from 0 to 65535`, `text`. */
	type: string;
	/** The placeholder is the whole value there. */
	whole: boolean;
}

export interface PlaceholderInfo {
	name: string;
	/** Its places, in document order. */
	uses: PlaceholderUse[];
	/** It stands in a secret place (AUTHSECRET, AAuthSecret, …): its values never appear in a finding. */
	secret: boolean;
}

/** A value checked per row with the validator's rules. */
export interface TypedSlot {
	parts: PlacedParts;
	type: SlotType;
	/** The application of an application port's SERVICE: its APPID, constant or made of placeholders. */
	appId?: PlacedParts;
}

/** A parm that defines or names an id (NAPID, PROXY-ID, APPREF), constant or made of placeholders. */
export interface ReferenceEntry {
	parts: PlacedParts;
	/** The value as the template writes it (`NAP_${N}`): two written alike are the template's finding. */
	raw: string;
	parm: string;
	/** Where the value is (validate.ts reports there). */
	line: number;
	column: number;
	slotted: boolean;
}

/** The ids of one target that depend on the row: checked per row (validate.ts references()). */
export interface ReferenceGroup {
	target: RefTarget;
	definitions: ReferenceEntry[];
	references: ReferenceEntry[];
}

/** What builds a DocumentTemplate: the document (constants in place) and its varying values. */
export interface TemplateParts {
	document: XmlDocument;
	language: WbxmlLanguage;
	encodeOptions?: EncodeOptions;
	/** Varying attribute values and text nodes. */
	values: ReadonlyMap<XmlAttribute | XmlText, PlacedParts>;
	placeholders: PlaceholderInfo[];
	typed: TypedSlot[];
	references: ReferenceGroup[];
}

/** What a row gives a template: its document, or the findings that set it aside. */
export type RowResult =
	| {
			ok: true;
			/** The document as WBXML (secrets included: they are substituted here and only here). */
			wbxml: Uint8Array;
			/** Warnings and notes about the row's values (nothing that sets it aside). */
			findings: RowFinding[];
			/** The document as XML text (serializeXml form; secrets included). */
			xml(): string;
			/** The document as a tree. */
			document(): XmlDocument;
	  }
	| { ok: false; findings: RowFinding[] };

/**
 * A check that runs before the document ones (a DM account read with the row's values): undefined when it set the
 * row aside (its findings added), else the arguments to fill the template with (it may normalise them), or the
 * row's whole document when the template cannot stand for it (then encoded whole, wholeEncoding).
 */
export type RowPrecheck = (args: readonly string[], secret: readonly boolean[], findings: RowFinding[]) => readonly string[] | { document: XmlDocument } | undefined;

/** What every compiled template offers: its placeholders in argument order, and rows. */
export interface Template {
	readonly placeholders: readonly PlaceholderInfo[];
	readonly language: WbxmlLanguage;
	/** Whether rows take the compiled encoder (false: each row's document is built and encoded whole). */
	readonly compiled: boolean;
	expand(values: readonly (TemplateValue | undefined)[], columns?: readonly (string | undefined)[]): RowResult;
}

const SENTINEL = /\uE000(\d+)\uE001|\uE002(\d+)\uE003/;

export class DocumentTemplate implements Template {
	readonly placeholders: readonly PlaceholderInfo[];
	readonly language: WbxmlLanguage;
	readonly #index = new Map<string, number>();
	readonly #compiled: CompiledWbxml;
	readonly #typed: readonly TypedSlot[];
	readonly #references: readonly ReferenceGroup[];
	readonly #secretPlaceholder: readonly boolean[];
	readonly #firstUse: readonly { line: number; column: number }[];
	/** The serialised template cut at its values: literal XML, then (parameter, attribute?) pairs. */
	readonly #xmlPieces: readonly (string | { parameter: number; attribute: boolean })[] | undefined;
	/** Text values whose blankness changes the serialised layout: a row where one is blank is serialised whole. */
	readonly #textParameters: readonly ParametrizedText[];
	readonly #encodeOptions: EncodeOptions | undefined;
	#precheck: RowPrecheck | undefined;

	constructor(parts: TemplateParts) {
		this.placeholders = parts.placeholders;
		this.language = parts.language;
		parts.placeholders.forEach((p, i) => this.#index.set(p.name, i));
		this.#secretPlaceholder = parts.placeholders.map((p) => p.secret);
		this.#firstUse = parts.placeholders.map((p) => p.uses[0] ?? { line: 0, column: 0 });
		this.#typed = parts.typed;
		this.#references = parts.references;
		const attributes = new Map<XmlAttribute, ParametrizedText>();
		const texts = new Map<XmlText, ParametrizedText>();
		for (const [node, value] of parts.values) {
			const parametrized = value.map((p) => (typeof p === 'string' ? p : this.#parameter(p.name)));
			if ('name' in node) attributes.set(node, parametrized);
			else texts.set(node, parametrized);
		}
		this.#textParameters = [...texts.values()];
		this.#encodeOptions = parts.encodeOptions;
		const input = { document: parts.document, attributes, texts, parameterCount: parts.placeholders.length };
		this.#compiled = compileWbxml(input, parts.language, parts.encodeOptions);
		this.#xmlPieces = xmlPieces(input);
	}

	/** Sets the check run first on every row (DM templates read the account with the row's values). */
	setPrecheck(precheck: RowPrecheck): void {
		this.#precheck = precheck;
	}

	/** Whether rows take the compiled encoder (false only for documents it cannot compile, e.g. embedded ones). */
	get compiled(): boolean {
		return this.#compiled.compiled;
	}

	/** How many rows were written from a learnt row shape rather than planned (codec/wbxml/compiled-rows.ts). */
	get shapedRows(): number {
		return this.#compiled.shapedEncodings;
	}

	#parameter(name: string): number {
		const index = this.#index.get(name);
		if (index === undefined) throw new Error(`internal: placeholder ${name} is not listed`);
		return index;
	}

	expand(values: readonly (TemplateValue | undefined)[], columns?: readonly (string | undefined)[]): RowResult {
		const count = this.placeholders.length;
		if (values.length !== count) throw new TemplateError('bad-row', `a row gives ${values.length} values, the template has ${count} placeholders`);
		const findings: RowFinding[] = [];
		const read = readRow(this.placeholders, this.#secretPlaceholder, values, columns, findings);
		if (read === undefined) return { ok: false, findings };
		const { args, secret } = read;
		let encodeArgs: readonly string[] = args;
		let whole: XmlDocument | undefined;
		if (this.#precheck !== undefined) {
			const before = findings.length;
			const checked = this.#precheck(args, secret, findings);
			for (let k = before; k < findings.length; k++) this.#name(findings[k], columns);
			if (checked === undefined) return { ok: false, findings };
			if ('document' in checked) whole = checked.document;
			else encodeArgs = checked;
		}
		this.#checkTyped(encodeArgs, secret, findings, columns);
		this.#checkReferences(encodeArgs, secret, findings, columns);
		if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };
		let wbxml: Uint8Array;
		try {
			wbxml = whole === undefined ? this.#compiled.encode(encodeArgs) : encodeWbxml(whole, this.language, wholeEncoding(this.#encodeOptions));
		} catch (error) {
			if (!(error instanceof WbxmlError)) throw error;
			findings.push({ rule: 'unencodable', severity: 'error', message: error.message, line: 0, column: 0 });
			return { ok: false, findings };
		}
		if (whole !== undefined) {
			const document = whole;
			return { ok: true, wbxml, findings, xml: () => serializeXml(document), document: () => document };
		}
		return new FilledRow(wbxml, findings, encodeArgs, this.#xmlOf, this.#documentOf);
	}

	/** A row's XML text and tree, made on demand (FilledRow): one function each per template, not per row. */
	readonly #xmlOf = (args: readonly string[]): string => this.#xml(args);
	readonly #documentOf = (args: readonly string[]): XmlDocument => this.#compiled.document(args);

	/** The XML text of a row's document, as serializeXml writes it. */
	#xml(args: readonly string[]): string {
		const pieces = this.#xmlPieces;
		// A text value that is empty or white space only changes how serializeXml lays its element out.
		if (pieces === undefined || this.#textParameters.some((parts) => /^[ \t\r\n]*$/.test(fill(parts, args)))) return serializeXml(this.#compiled.document(args));
		let out = '';
		for (const piece of pieces) {
			if (typeof piece === 'string') out += piece;
			else out += piece.attribute ? escapeAttribute(args[piece.parameter]) : escapeText(args[piece.parameter]);
		}
		return out;
	}

	#finding(rule: string, severity: Severity, message: string, placeholder: number, columns: readonly (string | undefined)[] | undefined, at?: { line: number; column: number }): RowFinding {
		const where = at ?? this.#firstUse[placeholder];
		const finding: RowFinding = { rule, severity, message, placeholder: this.placeholders[placeholder].name, line: where.line, column: where.column };
		const column = columns?.[placeholder];
		if (column !== undefined) finding.orderColumn = column;
		return finding;
	}

	/** Adds the order column to a finding that names a placeholder. */
	#name(finding: RowFinding, columns: readonly (string | undefined)[] | undefined): void {
		if (finding.placeholder === undefined || columns === undefined) return;
		const column = columns[this.#index.get(finding.placeholder) ?? -1];
		if (column !== undefined) finding.orderColumn = column;
	}

	#show(parts: PlacedParts, secret: readonly boolean[]): (value: string) => string {
		for (const part of parts) {
			if (typeof part !== 'string' && secret[this.#index.get(part.name) ?? 0]) return secretShow(part.name);
		}
		return echoed;
	}

	#checkTyped(args: readonly string[], secret: readonly boolean[], findings: RowFinding[], columns: readonly (string | undefined)[] | undefined): void {
		for (const slot of this.#typed) {
			const value = this.#fill(slot.parts, args);
			const appId = slot.appId === undefined ? undefined : this.#fill(slot.appId, args);
			const show = this.#show(slot.parts, secret);
			const found = valueProblem(slot.type, value, show, appId, show !== echoed);
			if (found === undefined) continue;
			const first = firstPlaceholder(slot.parts);
			if (first === undefined) continue;
			findings.push(this.#finding(found.rule, found.severity, found.message, this.#parameter(first.name), columns, first));
		}
	}

	#checkReferences(args: readonly string[], secret: readonly boolean[], findings: RowFinding[], columns: readonly (string | undefined)[] | undefined): void {
		for (const group of this.#references) {
			const rules = REF_RULES[group.target];
			const definitions = group.definitions.map((d) => ({ entry: d, value: this.#fill(d.parts, args) }));
			const first = new Map<string, ReferenceEntry>();
			for (const { entry, value } of definitions) {
				const seen = first.get(value);
				if (seen === undefined) {
					first.set(value, entry);
					continue;
				}
				// Two definitions written alike (constants included) are the template's finding, not the row's.
				if (entry.raw === seen.raw) continue;
				const culprit = firstPlaceholder(entry.parts) ?? firstPlaceholder(seen.parts);
				if (culprit === undefined) continue;
				const show = this.#show(entry.slotted ? entry.parts : seen.parts, secret);
				findings.push(
					this.#finding(rules.duplicate, rules.duplicateSeverity, `${group.target} ${show(value)} is defined by more than one ${rules.owner} (first at ${whereText(seen)})`, this.#parameter(culprit.name), columns, firstPlaceholder(entry.parts) ?? entry)
				);
			}
			const defined = definitions.map(({ entry, value }) => (this.#show(entry.parts, secret) === echoed ? value : '****'));
			const anySlottedDefinition = group.definitions.some((d) => d.slotted);
			for (const reference of group.references) {
				// A constant reference is the row's business only when a row's definition could have matched it; a
				// reference to a target nothing defines is the template's.
				if (!reference.slotted && !anySlottedDefinition) continue;
				if (group.definitions.length === 0 && group.target !== 'NAPID') continue;
				const value = this.#fill(reference.parts, args);
				if (definitions.some((d) => d.value === value) || (group.target === 'NAPID' && value === 'INTERNET')) continue;
				const culprit = firstPlaceholder(reference.parts) ?? group.definitions.map((d) => firstPlaceholder(d.parts)).find((p) => p !== undefined);
				if (culprit === undefined) continue;
				const show = this.#show(reference.parts, secret);
				findings.push(
					this.#finding(rules.rule, rules.severity, `parm ${reference.parm} value ${show(value)} names no ${rules.owner} ${group.target} (defined: ${definedList(defined, group.target)})`, this.#parameter(culprit.name), columns, firstPlaceholder(reference.parts) ?? reference)
				);
			}
		}
	}

	#fill(parts: PlacedParts, args: readonly string[]): string {
		if (parts.length === 1) {
			const only = parts[0];
			return typeof only === 'string' ? only : args[this.#parameter(only.name)];
		}
		let out = '';
		for (const part of parts) out += typeof part === 'string' ? part : args[this.#parameter(part.name)];
		return out;
	}
}

/**
 * The row's values as text (a Secret revealed: the text goes only into the document), and which are secret; undefined
 * when a value is missing or holds a character XML cannot carry (the findings say which, never the value).
 */
export function readRow(
	placeholders: readonly PlaceholderInfo[],
	secretPlaceholder: readonly boolean[],
	values: readonly (TemplateValue | undefined)[],
	columns: readonly (string | undefined)[] | undefined,
	findings: RowFinding[]
): { args: string[]; secret: boolean[] } | undefined {
	const count = placeholders.length;
	const args = new Array<string>(count);
	const secret = new Array<boolean>(count);
	let failed = false;
	for (let i = 0; i < count; i++) {
		const value = values[i];
		secret[i] = secretPlaceholder[i] || value instanceof Secret;
		if (value === undefined) {
			findings.push(rowError('value-empty', `no value for \${${placeholders[i].name}} (the cell is empty)`, placeholders[i], columns?.[i]));
			failed = true;
			args[i] = '';
			continue;
		}
		const text = typeof value === 'string' ? value : value.revealText();
		const bad = firstNonXmlChar(text);
		if (bad !== undefined) {
			// A secret's character and its place are part of the secret (a Ki byte 1F at position 2): neither is named.
			const what = secret[i] ? `holds a character XML 1.0 cannot carry (a secret: which one and where is not shown)` : describeNonXmlChar(bad);
			findings.push(rowError('value-not-xml', `the value of \${${placeholders[i].name}}: ${what}`, placeholders[i], columns?.[i]));
			failed = true;
		}
		args[i] = text;
	}
	return failed ? undefined : { args, secret };
}

/** A finding that sets the row aside, at the placeholder's first place, naming its order column when known. */
function rowError(rule: string, message: string, placeholder: PlaceholderInfo, column: string | undefined): RowFinding {
	const at = placeholder.uses[0] ?? { line: 0, column: 0 };
	const finding: RowFinding = { rule, severity: 'error', message, placeholder: placeholder.name, line: at.line, column: at.column };
	if (column !== undefined) finding.orderColumn = column;
	return finding;
}

/**
 * How a row's whole document (a RowPrecheck's, a renderer's tree) is encoded: keeping whitespace-only text. Such a
 * tree has no layout whitespace (it is built, not parsed), so a whitespace-only text node there is a row's value
 * (a SyncML Data of "  "): dropped as xml2wbxml drops indentation, the WBXML would hold "" where the XML holds "  ".
 */
export function wholeEncoding(options: EncodeOptions | undefined): EncodeOptions {
	return { ...options, keepWhitespace: true };
}

/** A good row: its bytes and findings, its XML text and tree made only when asked for (most rows never are). */
class FilledRow {
	readonly ok = true;
	constructor(
		readonly wbxml: Uint8Array,
		readonly findings: RowFinding[],
		private readonly args: readonly string[],
		private readonly xmlOf: (args: readonly string[]) => string,
		private readonly documentOf: (args: readonly string[]) => XmlDocument
	) {}

	xml(): string {
		return this.xmlOf(this.args);
	}

	document(): XmlDocument {
		return this.documentOf(this.args);
	}
}

/** The message stand-in for a secret placeholder's value, one function per name (findings are rare, rows many). */
const secretShows = new Map<string, (value: string) => string>();
function secretShow(name: string): (value: string) => string {
	let show = secretShows.get(name);
	if (show === undefined) {
		show = () => secretShown(name);
		secretShows.set(name, show);
	}
	return show;
}

function firstPlaceholder(parts: PlacedParts): PlacedPlaceholder | undefined {
	for (const part of parts) if (typeof part !== 'string') return part;
	return undefined;
}

function fill(parts: ParametrizedText, args: readonly string[]): string {
	let out = '';
	for (const part of parts) out += typeof part === 'string' ? part : args[part];
	return out;
}

/**
 * The template serialised once with markers where its values go, cut at the markers: a row's XML is the pieces with
 * its escaped values between them, exactly what serializeXml writes for the filled-in document (escaping is per
 * value; only a text value's blankness changes the layout, see #xml). undefined when the template's own text holds
 * the marker characters (private use U+E000–U+E003): then every row is serialised whole.
 */
function xmlPieces(input: { document: XmlDocument; attributes: ReadonlyMap<XmlAttribute, ParametrizedText>; texts: ReadonlyMap<XmlText, ParametrizedText> }): (string | { parameter: number; attribute: boolean })[] | undefined {
	const marked = (parts: ParametrizedText, attribute: boolean): string =>
		parts.map((p) => (typeof p === 'string' ? p : attribute ? `\uE000${p}\uE001` : `\uE002${p}\uE003`)).join('');
	const plain = serializeXml(input.document);
	if (/[\uE000-\uE003]/.test(plain)) return undefined;
	const copy = (element: XmlDocument['root']): XmlDocument['root'] => ({
		kind: 'element',
		name: element.name,
		attributes: element.attributes.map((a) => {
			const parts = input.attributes.get(a);
			return { name: a.name, value: parts === undefined ? a.value : marked(parts, true) };
		}),
		children: element.children.map((c) => {
			if (c.kind === 'element') return copy(c);
			if (c.kind === 'text') {
				const parts = input.texts.get(c);
				return { kind: 'text', text: parts === undefined ? c.text : marked(parts, false) };
			}
			return c;
		})
	});
	const text = serializeXml({ ...input.document, root: copy(input.document.root) });
	const pieces: (string | { parameter: number; attribute: boolean })[] = [];
	let rest = text;
	for (let match = SENTINEL.exec(rest); match !== null; match = SENTINEL.exec(rest)) {
		if (match.index > 0) pieces.push(rest.slice(0, match.index));
		pieces.push(match[1] !== undefined ? { parameter: Number(match[1]), attribute: true } : { parameter: Number(match[2]), attribute: false });
		rest = rest.slice(match.index + match[0].length);
	}
	if (rest !== '') pieces.push(rest);
	return pieces;
}
