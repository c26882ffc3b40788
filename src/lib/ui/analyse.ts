// What the studio shows for one editor text: findings (parse error or rule findings, with line/column) and the
// WBXML encoding with its annotated byte spans. Pure and synchronous so the page stays a thin view over it.
import { toHex } from '../codec/hex';
import { annotateWbxml, encodeWbxml, languageForDocument, type WbxmlAnnotation, type WbxmlVersion } from '../codec/wbxml';
import { parseXml, type XmlDocument } from '../codec/xml';
import { provDocFromXml, validateProvDoc, type Finding } from '../documents/provcont';
import { compileCpTemplate, placeholderRegExp } from '../documents/template';

export interface StudioOptions {
	version: WbxmlVersion;
	stringTable: boolean;
}

/** One annotated span with its bytes already written as hex, ready to render. */
export interface HexSpan extends WbxmlAnnotation {
	hex: string;
	/** The label without the leading hex the codec puts there ('55 type="NAPDEF"' → 'type="NAPDEF"'): the view shows the bytes in their own column. */
	meaning: string;
}

export interface Analysis {
	findings: Finding[];
	/** The encoding of this very text, or undefined when it cannot be encoded (never a stale one). */
	wbxml?: { bytes: Uint8Array; spans: HexSpan[]; language: string };
	/** Why there is no encoding (or why the annotation stopped early). */
	wbxmlProblem?: string;
}

function located(err: unknown): { line: number; column: number; message: string; code?: string } | undefined {
	if (!(err instanceof Error)) return undefined;
	const e = err as Error & { line?: unknown; column?: unknown; reason?: unknown; code?: unknown };
	if (typeof e.line !== 'number' || typeof e.column !== 'number') return undefined;
	const message = typeof e.reason === 'string' ? e.reason : e.message;
	return { line: e.line, column: e.column, message, code: typeof e.code === 'string' ? e.code : undefined };
}

/** A thrown parse or model error as one finding at its line:column (1:1 when it has none); also used by the analysis worker. */
export function errorFinding(err: unknown, fallbackRule: string): Finding {
	const at = located(err);
	if (at) return { rule: at.code ?? fallbackRule, severity: 'error', message: at.message, line: at.line, column: at.column };
	return { rule: fallbackRule, severity: 'error', message: err instanceof Error ? err.message : String(err), line: 1, column: 1 };
}

export function rootPosition(document: XmlDocument): { line: number; column: number } {
	const at = document.root.position;
	return at && 'line' in at ? at : { line: 1, column: 1 };
}

/** Drops the longest run of the span's own leading bytes the label starts with ('03 STR_I "X"' → 'STR_I "X"'). */
function withoutHexPrefix(label: string, hex: string): string {
	const pairs = hex.split(' ');
	for (let n = pairs.length; n > 0; n--) {
		const prefix = pairs.slice(0, n).join(' ') + ' ';
		if (label.startsWith(prefix)) return label.slice(prefix.length);
	}
	return label;
}

export function spansOf(bytes: Uint8Array, annotations: readonly WbxmlAnnotation[]): HexSpan[] {
	return annotations.map((a) => {
		const hex = toHex(bytes.subarray(a.offset, a.offset + a.length), ' ');
		return { ...a, hex, meaning: withoutHexPrefix(a.label, hex) };
	});
}


/**
 * The rule findings of a parsed document. A provisioning document holding `${NAME}` placeholders is a template: it
 * is checked as the batch export checks it (compileCpTemplate: each placeholder typed by its place, PORTNBR a
 * port, BEARER one of its values, the rules run on representative values), so `${PORT}` in PORTNBR is not "not a
 * number" here while `${PORT}x` is said to be no port.
 */
export function documentFindings(text: string, document: XmlDocument, pause?: () => void): Finding[] {
	if (document.root.name === 'wap-provisioningdoc' && placeholderRegExp().test(text)) return [...compileCpTemplate(text).findings];
	try {
		const doc = provDocFromXml(document);
		pause?.();
		return validateProvDoc(doc, { pause });
	} catch (err) {
		return [errorFinding(err, 'bad-structure')];
	}
}

export function analyseDocument(text: string, options: StudioOptions): Analysis {
	let document: XmlDocument;
	try {
		document = parseXml(text);
	} catch (err) {
		return { findings: [errorFinding(err, 'not-well-formed')], wbxmlProblem: 'The XML is not well-formed: nothing to encode.' };
	}
	const findings = documentFindings(text, document);
	const language = languageForDocument(document);
	if (!language) {
		const at = rootPosition(document);
		const message = `no WBXML language known for root element <${document.root.name}>`;
		findings.push({ rule: 'unknown-language', severity: 'error', message, line: at.line, column: at.column });
		return { findings, wbxmlProblem: message };
	}
	let bytes: Uint8Array;
	try {
		bytes = encodeWbxml(document, language, { version: options.version, stringTable: options.stringTable });
	} catch (err) {
		return { findings, wbxmlProblem: `Cannot encode: ${err instanceof Error ? err.message : String(err)}` };
	}
	const annotated = annotateWbxml(bytes, { language });
	return {
		findings,
		wbxml: { bytes, spans: spansOf(bytes, annotated.annotations), language: language.name },
		wbxmlProblem: annotated.error ? `Annotation stopped: ${annotated.error.message}` : undefined
	};
}

/** The string index of a 1-based line/column in `text` (clamped), for moving the editor caret to a finding. */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
	let offset = 0;
	for (let l = 1; l < line; l++) {
		const next = text.indexOf('\n', offset);
		if (next < 0) return text.length;
		offset = next + 1;
	}
	const lineEnd = text.indexOf('\n', offset);
	const end = lineEnd < 0 ? text.length : lineEnd;
	return Math.min(offset + Math.max(column - 1, 0), end);
}

/** Findings in reading order: by line, then column, errors before warnings at the same place. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
	const rank = { error: 0, warning: 1, info: 2 } as const;
	return [...findings].sort((a, b) => a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity]);
}
