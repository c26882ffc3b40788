// DM account templates: a DM account in its JSON or XML form (dm/read-account.ts) whose field values hold
// placeholders, rendered per row as a CP APPLICATION w7 or a SyncML DM bootstrap message by the DM library's own
// renderers (dm/to-cp.ts, dm/bootstrap.ts). Every row's account is read with the reader's rules
// (accountFromObject, no text is parsed again), so a row is set aside for what a single account would be refused for.
// Compiled: the account is rendered once with a marker in each placeholder's place and the rendering becomes the
// template (a CP rendering is then typed and checked as a CP template too: PORTNBR, ADDRTYPE). A marker must come
// out of the renderer as it went in; where a value shapes the document rather than filling it (AAuthLevel names the
// AppAuth node and orders the Add, AAuthData is re-encoded, a ServerID without NodeName names every node), each row
// is rendered whole instead. A row the markers cannot stand for (a Port written 0443, a blank text in SyncML) is
// rendered whole too, so every row's document is exactly the renderer's.
import { SYNCML11, SYNCML12, encodeWbxml, PROV, WbxmlError, type EncodeOptions, type WbxmlLanguage } from '../../codec/wbxml';
import { parseXml, serializeXml, XmlError } from '../../codec/xml';
import type { XmlAttribute, XmlDocument, XmlElement, XmlText } from '../../codec/xml/tree';
import { accountFromObject, accountToProvDoc, AAUTH_LEVELS, bootstrapMessage, DmError, type DmAccount, type SyncMlVersion } from '../dm';
import { provDocFromXml, provDocToXml, validateProvDoc } from '../provcont';
import { compileProvDocument, rawText, readValue, type Locate, type ReadValue, type TemplateCompilation } from './cp';
import { DocumentTemplate, readRow, wholeEncoding, type PlacedParts, type PlacedPlaceholder, type PlaceholderInfo, type RowResult, type Template, type TemplateValue } from './document-template';
import { templateRuleSeverity, type RowFinding, type TemplateFinding, type TemplateRuleId } from './findings';
import { jsonRepeatedMembers, jsonStringOffset, jsonStrings } from '../../codec/json';
import { SourceText, type LineColumn } from './source';
import { echoed, escapedUnprintable } from '../../text';
import { MARKUP_MESSAGES, placeholdersInMarkup } from './markup';
import { mayHoldPlaceholders } from './syntax';

/** How the account is rendered per row. Option values may hold placeholders too (`IMEI:${IMEI}`). */
export type DmRendering =
	| { as: 'cp'; toNapId?: string[]; toProxy?: string[]; version?: string }
	| { as: 'syncml'; deviceId: string; serverUri?: string; version?: SyncMlVersion; sessionId?: string; msgId?: string };

export interface DmTemplateOptions {
	rendering: DmRendering;
	/** WBXML options of every row's document. */
	encode?: EncodeOptions;
}

/** A DM field's type, by its node name (dm/read-account.ts checks). */
type DmField = 'port' | 'level' | 'data' | 'secret' | 'node-name' | 'text';

const FIELD_TYPES: Readonly<Record<DmField, string>> = {
	port: 'a port number 0-65535 (Port/<X>/PortNbr)',
	level: `one of ${AAUTH_LEVELS.join(', ')} (AAuthLevel)`,
	data: 'base64 bytes (AAuthData)',
	secret: 'text (secret)',
	'node-name': 'a URI segment (NodeName)',
	text: 'text'
};

/** A value the reader accepts in each closed field: the stand-in when the template is validated. */
const REPRESENTATIVE: Partial<Record<DmField, string>> = { port: '1', level: 'CLCRED', data: 'AA==' };

function fieldOf(path: string): DmField {
	const name = /([A-Za-z]+)(\[\d+\])?$/.exec(path)?.[1];
	if (name === 'Port') return 'port';
	if (name === 'AAuthLevel') return 'level';
	if (name === 'AAuthData') return 'data';
	if (name === 'AAuthSecret') return 'secret';
	if (name === 'NodeName') return 'node-name';
	return 'text';
}

/** A string of the account (or of a rendering option) that holds template syntax. */
interface Leaf {
	path: string;
	field: DmField;
	holder: Record<string, unknown> | unknown[];
	key: string | number;
	value: ReadValue;
}

interface AccountSource {
	object: unknown;
	leaves: Leaf[];
	/** The XML form trims a field's text (read-account.ts textOf). */
	trim: boolean;
	/** Where a path is (its nearest parent that has a place). */
	locate: (path: string) => LineColumn | undefined;
}

function finding(rule: TemplateRuleId | string, message: string, at: LineColumn | undefined, severity = templateRuleSeverity(rule as TemplateRuleId)): TemplateFinding {
	return { rule, severity, message, line: at?.line ?? 0, column: at?.column ?? 0 };
}

export function compileDmTemplate(text: string, options: DmTemplateOptions): TemplateCompilation {
	const source = new SourceText(text);
	const findings: TemplateFinding[] = [];
	const read = source.text.trimStart().startsWith('<') ? readXmlAccount(source, findings) : readJsonAccount(source, findings);
	if (read === undefined) return { ok: false, findings };
	const rendering = renderingLeaves(options.rendering, findings);
	const leaves = [...read.leaves, ...rendering.leaves];
	const placeholders = placeholderList(leaves);

	// Closed fields take a whole placeholder (the reader checks the whole value).
	for (const leaf of read.leaves) {
		if (leaf.field !== 'port' && leaf.field !== 'level' && leaf.field !== 'data') continue;
		if (leaf.value.varies && leaf.value.parts.length > 1) {
			const culprit = leaf.value.parts.find((p): p is PlacedPlaceholder => typeof p !== 'string') as PlacedPlaceholder;
			findings.push({ ...finding('placeholder-not-whole', `${leaf.path} takes ${FIELD_TYPES[leaf.field]}: \${${culprit.name}} must be the whole value, found ${echoed(leaf.value.raw)}`, culprit), placeholder: culprit.name });
		}
	}
	if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };

	// The template validated once: closed fields get a value of their type, the others keep `${X}` as written.
	const stand = (leaf: Leaf): string => (leaf.value.varies ? (REPRESENTATIVE[leaf.field] ?? leaf.value.raw) : leaf.value.raw);
	const account = readAccount(read, stand, findings, undefined);
	if (account === undefined) return { ok: false, findings };
	const renderOptions = (valueOf: (leaf: Leaf) => string): DmRendering => fillRendering(options.rendering, rendering.leaves, valueOf);
	let standIn: XmlDocument;
	try {
		standIn = render(account, renderOptions(stand));
	} catch (error) {
		if (!(error instanceof DmError)) throw error;
		return { ok: false, findings: [...findings, finding('bad-account', error.reason, undefined, 'error')] };
	}
	const language = options.rendering.as === 'cp' ? PROV : options.rendering.version === '1.1' ? SYNCML11 : SYNCML12;
	const context: RowContext = { read, rendering: options.rendering, renderingLeaves: rendering.leaves, placeholders, language, encode: options.encode };
	const wholeRows = shapesTheDocument(read, options.rendering);
	const marked = wholeRows ? undefined : markedRendering(read, rendering.leaves, renderOptions, source);
	if (marked === undefined) {
		// Rows rendered whole: the CP rendering is checked here once with the stand-ins, and per row.
		if (options.rendering.as === 'cp') {
			for (const f of cpFindings(standIn)) findings.push({ ...f, line: 0, column: 0 });
			if (findings.some((f) => f.severity === 'error')) return { ok: false, findings };
		}
		return { ok: true, template: new RenderedTemplate(context), findings };
	}

	const precheck = rowPrecheck(context, marked);
	if (options.rendering.as === 'cp') {
		const attributes = new Map<XmlAttribute, ReadValue>();
		for (const [node, value] of marked.values) if ('name' in node) attributes.set(node, value);
		return compileProvDocument(marked.document, attributes, findings, options.encode, {
			placeholders,
			configure: (template) => template.setPrecheck(precheck),
			idsElsewhere: true
		});
	}
	try {
		const template = new DocumentTemplate({
			document: marked.document,
			language,
			...(options.encode === undefined ? {} : { encodeOptions: options.encode }),
			values: new Map([...marked.values].map(([node, v]) => [node, v.parts])),
			placeholders,
			typed: [],
			references: []
		});
		template.setPrecheck(precheck);
		return { ok: true, template, findings };
	} catch (error) {
		if (!(error instanceof WbxmlError)) throw error;
		return { ok: false, findings: [...findings, finding('unencodable', error.message, undefined)] };
	}
}

/**
 * The ProvCont findings of a CP rendering. Its TO-NAPID and TO-PROXY name ids of another document (the w7
 * APPLICATION travels alone, as `pstudio dm-bootstrap --format cp` writes it): those are notes, not errors.
 */
function cpFindings(document: XmlDocument): TemplateFinding[] {
	return validateProvDoc(provDocFromXml(document)).map((f) => {
		const elsewhere = f.rule === 'ref-to-napid' || f.rule === 'ref-to-proxy';
		return {
			...f,
			severity: elsewhere ? 'info' : f.severity,
			message: `in the CP rendering: ${f.message}${elsewhere ? '; taken as defined in another document (a DM account\'s w7 travels alone)' : ''}`
		};
	});
}

/** The placeholders in order of first use, with their places. */
function placeholderList(leaves: readonly Leaf[]): PlaceholderInfo[] {
	const list = new Map<string, PlaceholderInfo>();
	for (const leaf of leaves) {
		for (const part of leaf.value.parts) {
			if (typeof part === 'string') continue;
			let info = list.get(part.name);
			if (info === undefined) list.set(part.name, (info = { name: part.name, uses: [], secret: false }));
			info.uses.push({ line: part.line, column: part.column, where: leaf.path, type: FIELD_TYPES[leaf.field], whole: leaf.value.parts.length === 1 });
			if (leaf.field === 'secret') info.secret = true;
		}
	}
	return [...list.values()];
}

// ---- Reading the account's text ---------------------------------------------------------------------------------

function readJsonAccount(source: SourceText, findings: TemplateFinding[]): AccountSource | undefined {
	const text = source.text;
	const walked = jsonStrings(text);
	if ('syntax' in walked) {
		const syntax = walked.syntax;
		const found = syntax.offset >= text.length ? 'the end of the text' : escapedUnprintable(JSON.stringify(String.fromCodePoint(text.codePointAt(syntax.offset) ?? 0)));
		const hint = text.startsWith('${', syntax.offset) ? ' (a placeholder stands inside a JSON string: "${NAME}")' : '';
		findings.push(finding('not-well-formed', `not JSON: expected ${syntax.expected}, found ${found}${hint}`, source.at(syntax.offset)));
		return undefined;
	}
	const strings = walked.strings;
	// read-account.ts accountFromJson refuses a member given twice: JSON.parse would keep the last silently, and with
	// it drop the first one's placeholders (and any finding about them).
	const repeated = jsonRepeatedMembers(strings);
	for (const { path, first, again } of repeated) {
		findings.push(finding('bad-account', `${path} is given twice (the first at line ${source.at(first).line})`, source.at(again), 'error'));
	}
	if (repeated.length > 0) return undefined;
	const object: unknown = JSON.parse(text);
	const locate = (path: string): LineColumn | undefined => {
		for (let p = path; ; p = p.replace(/(\.[^.[\]]*|\[\d+\])$/, '')) {
			const found = strings.get(p)?.[0];
			if (found !== undefined) return source.at(found.quote);
			if (p === '$' || p === '') return undefined;
		}
	};
	const leaves: Leaf[] = [];
	const walk = (value: unknown, path: string, holder: Record<string, unknown> | unknown[] | undefined, key: string | number): void => {
		if (typeof value === 'string') {
			if (holder === undefined || !mayHoldPlaceholders(value)) return;
			// A name given twice: JSON.parse keeps the last value, which is where it is.
			const quote = strings.get(path)?.findLast((s) => !s.key)?.quote;
			const at: Locate = (index) => (quote === undefined ? { line: 0, column: 0 } : source.at(jsonStringOffset(text, quote, index)));
			leaves.push({ path, field: fieldOf(path), holder, key, value: readValue(value, at, findings) });
			return;
		}
		if (Array.isArray(value)) {
			value.forEach((item, i) => walk(item, `${path}[${i}]`, value, i));
			return;
		}
		if (typeof value === 'object' && value !== null) {
			const record = value as Record<string, unknown>;
			for (const name of Object.keys(record)) {
				if (name.includes('${')) {
					const quote = strings.get(`${path}.${name}`)?.find((s) => s.key)?.quote;
					findings.push(finding('placeholder-in-name', 'a placeholder cannot stand in a member name: the DM account names its fields', quote === undefined ? undefined : source.at(jsonStringOffset(text, quote, name.indexOf('${')))));
					continue;
				}
				walk(record[name], `${path}.${name}`, record, name);
			}
		}
	};
	walk(object, '$', undefined, '');
	return { object, leaves, trim: false, locate };
}

/** The XML form as the reader turns it into the JSON shape (read-account.ts elementToObject), with places. */
const LISTS = new Set(['ToConRef', 'AppAddr', 'Port', 'AppAuth']);

function readXmlAccount(source: SourceText, findings: TemplateFinding[]): AccountSource | undefined {
	// Placeholders outside the values (markup.ts): in a name, a reference, the DOCTYPE (errors); a comment (a warning).
	const markup = placeholdersInMarkup(source.text).map(({ at, place }) =>
		place === 'name'
			? finding('placeholder-in-name', 'a placeholder cannot stand in an element or attribute name: the DM account names its fields', source.at(at))
			: finding(place === 'comment' || place === 'pi' ? 'placeholder-not-filled' : 'placeholder-in-name', MARKUP_MESSAGES[place], source.at(at))
	);
	let root: XmlElement;
	try {
		root = parseXml(source.text).root;
	} catch (error) {
		if (!(error instanceof XmlError)) throw error;
		const misplaced = markup.filter((f) => f.severity === 'error');
		findings.push(...(misplaced.length > 0 ? misplaced : [finding('not-well-formed', error.reason, error)]));
		return undefined;
	}
	findings.push(...markup);
	if (markup.some((f) => f.severity === 'error')) return undefined;
	const positions = new Map<string, LineColumn>();
	const here = (node: { position?: XmlElement['position'] }): LineColumn | undefined => (node.position !== undefined && 'line' in node.position ? node.position : undefined);
	const place = (path: string, node: { position?: XmlElement['position'] }): void => {
		const at = here(node);
		if (at !== undefined) positions.set(path, at);
	};
	const leaves: Leaf[] = [];
	const bad = (message: string, at: LineColumn | undefined): undefined => {
		findings.push(finding('bad-account', message, at, 'error'));
		return undefined;
	};
	if (root.name !== 'DMAcc') return bad(`root element is <${root.name}>, expected <DMAcc>`, here(root));
	place('$', root);
	const toObject = (element: XmlElement, path: string): Record<string, unknown> | undefined => {
		const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
		for (const child of element.children) {
			if (child.kind !== 'element') {
				if (child.kind === 'text' && child.text.trim() === '') continue;
				return bad(`<${element.name}> holds text, expected only elements`, here(child));
			}
			const isList = LISTS.has(child.name);
			const list = (object[child.name] ??= isList ? [] : undefined) as unknown[] | undefined;
			const childPath = isList ? `${path}.${child.name}[${list?.length ?? 0}]` : `${path}.${child.name}`;
			if (!isList && object[child.name] !== undefined) return bad(`<${child.name}> appears twice in <${element.name}>`, here(child));
			place(childPath, child);
			let value: unknown;
			if (child.children.some((c) => c.kind === 'element')) {
				value = toObject(child, childPath);
				if (value === undefined) return undefined;
			} else {
				value = textOf(child);
			}
			if (isList) list?.push(value);
			else object[child.name] = value;
			if (typeof value === 'string' && mayHoldPlaceholders(value)) {
				const holder = isList ? (list as unknown[]) : object;
				const key = isList ? (list as unknown[]).length - 1 : child.name;
				leaves.push({ path: childPath, field: fieldOf(childPath), holder, key, value: readValue(value, textLocator(source, child), findings) });
			}
		}
		return object;
	};
	const object = toObject(root, '$');
	if (object === undefined) return undefined;
	for (const attribute of root.attributes) {
		if (attribute.name !== 'NodeName') return bad(`unexpected attribute ${attribute.name} on <DMAcc>, expected NodeName`, here(attribute));
		object.NodeName = attribute.value;
		place('$.NodeName', attribute);
		if (mayHoldPlaceholders(attribute.value)) {
			const at = here(attribute);
			const start = at === undefined ? -1 : source.attributeValueStart(source.offsetOf(at));
			const locate: Locate = (index) => (start < 0 ? { line: 0, column: 0 } : source.at(source.xmlValueOffset(start, index)));
			leaves.push({ path: '$.NodeName', field: 'node-name', holder: object, key: 'NodeName', value: readValue(attribute.value, locate, findings) });
		}
	}
	const locate = (path: string): LineColumn | undefined => {
		for (let p = path; ; p = p.replace(/(\.[A-Za-z]+|\[\d+\])$/, '')) {
			const found = positions.get(p);
			if (found !== undefined || p === '$') return found;
		}
	};
	return { object, leaves, trim: true, locate };
}

/** read-account.ts textOf: the text of a leaf element, trimmed. */
function textOf(element: XmlElement): string {
	let out = '';
	for (const child of element.children) {
		if (child.kind === 'text') out += child.text;
		else if (child.kind === 'opaque') out += new TextDecoder().decode(child.bytes);
	}
	return out.trim();
}

/** Places an index of a leaf's trimmed text in the template. */
function textLocator(source: SourceText, element: XmlElement): Locate {
	const first = element.children.find((c) => c.kind === 'text' || c.kind === 'opaque');
	const at = first?.position !== undefined && 'line' in first.position ? first.position : undefined;
	if (at === undefined) return () => ({ line: 0, column: 0 });
	let whole = '';
	for (const child of element.children) if (child.kind === 'text') whole += child.text;
	const leading = whole.length - whole.trimStart().length;
	const start = source.offsetOf(at);
	return (index) => source.at(source.xmlValueOffset(start + (first?.kind === 'opaque' ? '<![CDATA['.length : 0), index + leading));
}

function renderingLeaves(rendering: DmRendering, findings: TemplateFinding[]): { leaves: Leaf[] } {
	const leaves: Leaf[] = [];
	const nowhere: Locate = () => ({ line: 0, column: 0 });
	const option = (holder: Record<string, unknown> | unknown[], key: string | number, path: string, value: string | undefined): void => {
		if (value === undefined || !mayHoldPlaceholders(value)) return;
		leaves.push({ path, field: 'text', holder, key, value: readValue(value, nowhere, findings) });
	};
	const copy = { ...rendering } as Record<string, unknown>;
	if (rendering.as === 'cp') {
		const napIds = [...(rendering.toNapId ?? [])];
		const proxies = [...(rendering.toProxy ?? [])];
		napIds.forEach((v, i) => option(napIds, i, `the TO-NAPID value ${i + 1}`, v));
		proxies.forEach((v, i) => option(proxies, i, `the TO-PROXY value ${i + 1}`, v));
		option(copy, 'version', 'the wap-provisioningdoc version', rendering.version);
	} else {
		option(copy, 'deviceId', 'the device id (SyncHdr Target)', rendering.deviceId);
		option(copy, 'serverUri', 'the server URI (SyncHdr Source)', rendering.serverUri);
		option(copy, 'sessionId', 'the SessionID', rendering.sessionId);
		option(copy, 'msgId', 'the MsgID', rendering.msgId);
	}
	return { leaves };
}

/** The rendering options with each templated option's value from `valueOf`. */
function fillRendering(rendering: DmRendering, leaves: readonly Leaf[], valueOf: (leaf: Leaf) => string): DmRendering {
	const of = (path: string, given: string | undefined): string | undefined => {
		const leaf = leaves.find((l) => l.path === path);
		return leaf === undefined ? given : valueOf(leaf);
	};
	if (rendering.as === 'cp') {
		const out: DmRendering = { as: 'cp' };
		if (rendering.toNapId !== undefined) out.toNapId = rendering.toNapId.map((v, i) => of(`the TO-NAPID value ${i + 1}`, v) ?? v);
		if (rendering.toProxy !== undefined) out.toProxy = rendering.toProxy.map((v, i) => of(`the TO-PROXY value ${i + 1}`, v) ?? v);
		const version = of('the wap-provisioningdoc version', rendering.version);
		if (version !== undefined) out.version = version;
		return out;
	}
	const out: DmRendering = { as: 'syncml', deviceId: of('the device id (SyncHdr Target)', rendering.deviceId) ?? rendering.deviceId };
	for (const [key, path] of [
		['serverUri', 'the server URI (SyncHdr Source)'],
		['sessionId', 'the SessionID'],
		['msgId', 'the MsgID']
	] as const) {
		const value = of(path, rendering[key]);
		if (value !== undefined) out[key] = value;
	}
	if (rendering.version !== undefined) out.version = rendering.version;
	return out;
}

function render(account: DmAccount, rendering: DmRendering): XmlDocument {
	if (rendering.as === 'cp') {
		const cp: { toNapId?: string[]; toProxy?: string[]; version?: string } = {};
		if (rendering.toNapId !== undefined) cp.toNapId = rendering.toNapId;
		if (rendering.toProxy !== undefined) cp.toProxy = rendering.toProxy;
		if (rendering.version !== undefined) cp.version = rendering.version;
		return provDocToXml(accountToProvDoc(account, cp));
	}
	const { as: _as, ...bootstrap } = rendering;
	return bootstrapMessage(account, bootstrap);
}

/**
 * The account read with each templated field's value from `valueOf`, by the reader's rules; undefined when it is
 * refused (the finding added: a template finding, or a row finding when `row` is given).
 */
function readAccount(read: AccountSource, valueOf: (leaf: Leaf) => string, findings: TemplateFinding[] | RowFinding[], row: RowReport | undefined): DmAccount | undefined {
	for (const leaf of read.leaves) setLeaf(leaf, valueOf(leaf));
	let lastPath = '$';
	try {
		return accountFromObject(read.object, (path) => {
			lastPath = path;
			const at = read.locate(path);
			return at === undefined ? undefined : { line: at.line, column: at.column };
		});
	} catch (error) {
		if (!(error instanceof DmError)) throw error;
		if (row !== undefined) row(error.reason, lastPath);
		else (findings as TemplateFinding[]).push(finding('bad-account', error.reason, read.locate(lastPath), 'error'));
		return undefined;
	} finally {
		// The object is shared by every row: leave it as the template writes it.
		for (const leaf of read.leaves) setLeaf(leaf, leaf.value.raw);
	}
}

function setLeaf(leaf: Leaf, value: string): void {
	if (Array.isArray(leaf.holder)) leaf.holder[leaf.key as number] = value;
	else leaf.holder[leaf.key as string] = value;
}

type RowReport = (reason: string, path: string) => void;

/** A placeholder in a field that shapes the document: every row is rendered whole. */
function shapesTheDocument(read: AccountSource, rendering: DmRendering): boolean {
	const templated = (field: DmField): boolean => read.leaves.some((l) => l.field === field && l.value.varies);
	if (templated('level') || templated('data')) return true;
	if (rendering.as === 'syncml') {
		const hasNodeName = typeof (read.object as Record<string, unknown> | null)?.NodeName === 'string';
		if (!hasNodeName && read.leaves.some((l) => l.path === '$.ServerID' && l.value.varies)) return true;
	}
	return false;
}

interface Marked {
	document: XmlDocument;
	values: Map<XmlAttribute | XmlText, ReadValue>;
	/** Per placeholder: it stands in a Port (its value is normalised as the reader does) / somewhere else too. */
	inPort: Set<string>;
	inText: Set<string>;
	/** Placeholders in SyncML text content (a blank value there changes the rendering). */
	inContent: Set<string>;
}

const MARK = /\uE010(\d+)\uE011/;
const MARKS = /\uE010(\d+)\uE011/g;

/**
 * The account rendered once with a marker per placeholder use: text fields carry `\uE010<n>\uE011` (private use,
 * which XML carries and the reader accepts), a Port a number no other value of the template holds. The rendered
 * document with each marker as its placeholder is the compiled template; undefined when a marker did not come out
 * as it went in (then rows are rendered whole).
 */
function markedRendering(read: AccountSource, renderingLeaves: readonly Leaf[], renderOptions: (valueOf: (leaf: Leaf) => string) => DmRendering, source: SourceText): Marked | undefined {
	if (/[\uE010\uE011]/.test(source.text)) return undefined;
	const uses: PlacedPlaceholder[] = [];
	const numbers = new Map<string, number>();
	let next = 65535;
	const inPort = new Set<string>();
	const inText = new Set<string>();
	const mark = (leaf: Leaf): string =>
		leaf.value.parts
			.map((part) => {
				if (typeof part === 'string') return part;
				const use = uses.push(part) - 1;
				if (leaf.field === 'port') {
					inPort.add(part.name);
					// A port number that appears nowhere in the template's text.
					while (source.text.includes(String(next))) next--;
					numbers.set(String(next), use);
					return String(next--);
				}
				inText.add(part.name);
				return `\uE010${use}\uE011`;
			})
			.join('');
	const marks = new Map<Leaf, string>();
	for (const leaf of [...read.leaves, ...renderingLeaves]) if (leaf.value.varies) marks.set(leaf, mark(leaf));
	const valueOf = (leaf: Leaf): string => marks.get(leaf) ?? leaf.value.raw;
	const findings: TemplateFinding[] = [];
	const account = readAccount(read, valueOf, findings, undefined);
	if (account === undefined || next < 1024) return undefined;
	let document: XmlDocument;
	try {
		document = render(account, renderOptions(valueOf));
	} catch (error) {
		if (error instanceof DmError) return undefined;
		throw error;
	}
	const values = new Map<XmlAttribute | XmlText, ReadValue>();
	const inContent = new Set<string>();
	const partsOf = (text: string): PlacedParts | undefined => {
		const number = numbers.get(text);
		if (number !== undefined) return [uses[number]];
		if (!MARK.test(text)) return undefined;
		const parts: (string | PlacedPlaceholder)[] = [];
		let last = 0;
		for (const match of text.matchAll(MARKS)) {
			if ((match.index ?? 0) > last) parts.push(text.slice(last, match.index));
			parts.push(uses[Number(match[1])]);
			last = (match.index ?? 0) + match[0].length;
		}
		if (last < text.length) parts.push(text.slice(last));
		return parts;
	};
	let intact = true;
	const visit = (element: XmlElement): void => {
		if (/[\uE010\uE011]/.test(element.name)) intact = false;
		for (const attribute of element.attributes) {
			const parts = partsOf(attribute.value);
			if (parts !== undefined) values.set(attribute, { parts, varies: true, raw: rawText(parts) });
		}
		for (const child of element.children) {
			if (child.kind === 'element') visit(child);
			else if (child.kind === 'text') {
				const parts = partsOf(child.text);
				if (parts === undefined) continue;
				values.set(child, { parts, varies: true, raw: rawText(parts) });
				for (const p of parts) if (typeof p !== 'string') inContent.add(p.name);
			} else if (/[\uE010\uE011]/.test(new TextDecoder().decode(child.bytes))) intact = false;
		}
	};
	visit(document.root);
	// Every marker must have come out whole: none cut, none left over in a name or a value.
	for (const [node, value] of values) {
		const rest = value.parts.filter((p): p is string => typeof p === 'string').join('');
		if (/[\uE010\uE011]/.test(rest)) intact = false;
		if ('name' in node && /[\uE010\uE011]/.test(node.name)) intact = false;
	}
	if (!intact) return undefined;
	return { document, values, inPort, inText, inContent };
}

interface RowContext {
	read: AccountSource;
	rendering: DmRendering;
	renderingLeaves: readonly Leaf[];
	placeholders: readonly PlaceholderInfo[];
	language: WbxmlLanguage;
	encode: EncodeOptions | undefined;
}

/** A row's account: read with its values (the reader's rules), then what the marked rendering needs of them. */
function rowPrecheck(context: RowContext, marked: Marked): (args: readonly string[], secret: readonly boolean[], findings: RowFinding[]) => readonly string[] | { document: XmlDocument } | undefined {
	const index = new Map(context.placeholders.map((p, i) => [p.name, i]));
	return (args, secret, findings) => {
		const built = rowAccount(context, index, args, secret, findings);
		if (built === undefined) return undefined;
		const { account, valueOf } = built;
		let whole = false;
		let out: string[] | undefined;
		for (const name of marked.inPort) {
			const i = index.get(name) as number;
			const normal = String(Number(args[i]));
			if (normal === args[i]) continue;
			// The reader writes a port as a number: 0443 is 443. Where the same placeholder is also text, the two differ.
			if (marked.inText.has(name)) whole = true;
			(out ??= [...args])[i] = normal;
		}
		if (context.read.trim && context.read.leaves.some((leaf) => leaf.value.varies && valueOf(leaf) !== fillLeaf(leaf, args, index))) whole = true;
		for (const name of marked.inContent) if (/^[ \t\r\n]*$/.test(args[index.get(name) as number])) whole = true;
		if (!whole) return out ?? args;
		try {
			return { document: render(account, fillRendering(context.rendering, context.renderingLeaves, valueOf)) };
		} catch (error) {
			if (!(error instanceof DmError)) throw error;
			findings.push({ rule: 'bad-account', severity: 'error', message: error.reason, line: 0, column: 0 });
			return undefined;
		}
	};
}

function fillLeaf(leaf: Leaf, args: readonly string[], index: ReadonlyMap<string, number>): string {
	return leaf.value.parts.map((p) => (typeof p === 'string' ? p : args[index.get(p.name) as number])).join('');
}

/** The row's account, read by the reader's rules; undefined (a finding added, naming the placeholder) when refused. */
function rowAccount(
	context: RowContext,
	index: ReadonlyMap<string, number>,
	args: readonly string[],
	secret: readonly boolean[],
	findings: RowFinding[]
): { account: DmAccount; valueOf: (leaf: Leaf) => string } | undefined {
	const valueOf = (leaf: Leaf): string => {
		const filled = fillLeaf(leaf, args, index);
		return context.read.trim && context.read.leaves.includes(leaf) ? filled.trim() : filled;
	};
	const report: RowReport = (reason, path) => {
		// The placeholder of the field refused, or of a field below it (a list or an object refused as a whole).
		const leaf = context.read.leaves.find((l) => l.value.varies && l.path === path) ?? context.read.leaves.find((l) => l.value.varies && l.path.startsWith(path));
		const culprit = leaf?.value.parts.find((p): p is PlacedPlaceholder => typeof p !== 'string');
		const hidden = culprit !== undefined && secret[index.get(culprit.name) as number];
		const at = culprit ?? context.read.locate(path) ?? { line: 0, column: 0 };
		const f: RowFinding = { rule: 'bad-account', severity: 'error', message: hidden ? redact(reason, culprit.name) : reason, line: at.line, column: at.column };
		if (culprit !== undefined) f.placeholder = culprit.name;
		findings.push(f);
	};
	const account = readAccount(context.read, valueOf, findings, report);
	return account === undefined ? undefined : { account, valueOf };
}

/** A reader's reason about a secret's field, its quoted value replaced: `AAuthLevel "…" is not one of` → `"****"`. */
function redact(reason: string, placeholder: string): string {
	return `${reason.replace(/"(?:[^"\\]|\\.)*"?/g, '"****"')} (the value of \${${placeholder}} is secret)`;
}

/**
 * A DM template whose placeholders shape the document (see shapesTheDocument): every row's account is read and
 * rendered whole, then checked (a CP rendering with the ProvCont rules) and encoded.
 */
class RenderedTemplate implements Template {
	readonly compiled = false;
	readonly placeholders: readonly PlaceholderInfo[];
	readonly language: WbxmlLanguage;
	readonly #context: RowContext;
	readonly #index: ReadonlyMap<string, number>;

	constructor(context: RowContext) {
		this.#context = context;
		this.placeholders = context.placeholders;
		this.language = context.language;
		this.#index = new Map(context.placeholders.map((p, i) => [p.name, i]));
	}

	expand(values: readonly (TemplateValue | undefined)[], columns?: readonly (string | undefined)[]): RowResult {
		const findings: RowFinding[] = [];
		const row = readRow(
			this.placeholders,
			this.placeholders.map((p) => p.secret),
			values,
			columns,
			findings
		);
		if (row === undefined) return { ok: false, findings };
		const built = rowAccount(this.#context, this.#index, row.args, row.secret, findings);
		if (built === undefined) return this.#named(findings, columns);
		let document: XmlDocument;
		try {
			document = render(built.account, fillRendering(this.#context.rendering, this.#context.renderingLeaves, built.valueOf));
		} catch (error) {
			if (!(error instanceof DmError)) throw error;
			findings.push({ rule: 'bad-account', severity: 'error', message: error.reason, line: 0, column: 0 });
			return { ok: false, findings };
		}
		if (this.#context.rendering.as === 'cp') {
			for (const f of cpFindings(document)) findings.push({ rule: f.rule, severity: f.severity, message: f.message, line: 0, column: 0 });
		}
		if (findings.some((f) => f.severity === 'error')) return this.#named(findings, columns);
		let wbxml: Uint8Array;
		try {
			wbxml = encodeWbxml(document, this.language, wholeEncoding(this.#context.encode));
		} catch (error) {
			if (!(error instanceof WbxmlError)) throw error;
			findings.push({ rule: 'unencodable', severity: 'error', message: error.message, line: 0, column: 0 });
			return { ok: false, findings };
		}
		return { ok: true, wbxml, findings, xml: () => serializeXml(document), document: () => document };
	}

	#named(findings: RowFinding[], columns: readonly (string | undefined)[] | undefined): RowResult {
		for (const f of findings) {
			if (f.placeholder === undefined || columns === undefined) continue;
			const column = columns[this.#index.get(f.placeholder) ?? -1];
			if (column !== undefined) f.orderColumn = column;
		}
		return { ok: false, findings };
	}
}
