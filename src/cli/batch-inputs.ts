// The inputs of `batch plan` and `batch export`, read the same way for both: the template (compiled once), the order
// (opened as a file stream: constant memory whatever its size), the map file, and the mapping of columns to
// placeholders. A problem with any of them is a BatchInputError: one line per problem naming file:line and what was
// found; the command prints them and exits 2 before anything is written.
import { closeSync, createReadStream, fstatSync, openSync, type ReadStream } from 'node:fs';
import { BatchError, mapColumns, OrderError, parseColumnMap, type ColumnMapping, type MapEntry, type OrderHeader, type RejectedRow } from '../lib/batch';
import { compileCpTemplate, compileDmTemplate, type Template, type TemplateCompilation, type TemplateFinding } from '../lib/documents/template';
import { XmlError } from '../lib/codec/xml';
import { FileError, readTextInput, readXmlInput, reason } from './io';
import { displayName, PROGRAM } from './report';

/** Problems that stop a batch before any row: each line already in the `pstudio: <where>: <what>` form. */
export class BatchInputError extends Error {
	override readonly name = 'BatchInputError';
	constructor(readonly lines: readonly string[]) {
		super(lines.join('\n'));
	}
}

export type TemplateKind = 'cp' | 'dm';

export interface LoadedTemplate {
	template: Template;
	kind: TemplateKind;
	/** Warnings and notes of the template (no error: a template with one is refused). */
	findings: TemplateFinding[];
}

/** A DM account is JSON (`{`) or an XML account; a wap-provisioningdoc root makes a CP template. */
export function templateKind(text: string): TemplateKind {
	const start = text.replace(/^\uFEFF/, '').trimStart();
	if (start.startsWith('{')) return 'dm';
	return /<wap-provisioningdoc[\s>/]/.test(start) ? 'cp' : 'dm';
}

function templateLine(file: string, f: TemplateFinding): string {
	const where = f.line > 0 ? `${displayName(file)}:${f.line}:${f.column}` : displayName(file);
	return `${PROGRAM}: ${where}: ${f.severity} ${f.rule} ${f.message}\n`;
}

/** Reads and compiles the template; a template with an error finding is refused with every such finding. */
export function loadTemplate(file: string): LoadedTemplate {
	const text = readTemplateText(file);
	const kind = templateKind(text);
	// DM accounts are rendered as CP APPLICATION w7 documents: every package kind carries CP documents (OMA-WAP-ProvBoot).
	const compiled: TemplateCompilation = kind === 'cp' ? compileCpTemplate(text) : compileDmTemplate(text, { rendering: { as: 'cp' } });
	const errors = compiled.findings.filter((f) => f.severity === 'error');
	if (!compiled.ok || errors.length > 0) {
		const shown = errors.length > 0 ? errors : compiled.findings;
		throw new BatchInputError(shown.length > 0 ? shown.map((f) => templateLine(file, f)) : [`${PROGRAM}: ${displayName(file)}: the template cannot be compiled\n`]);
	}
	return { template: compiled.template, kind, findings: compiled.findings };
}

function readOrRefuse(file: string): string {
	try {
		return readTextInput(file);
	} catch (err) {
		if (err instanceof FileError) throw new BatchInputError([`${PROGRAM}: ${displayName(err.file)}: ${err.message}\n`]);
		throw err;
	}
}

/** A template in the encoding its BOM or XML declaration names (a CP template saved as UTF-16 or ISO-8859-1, as
 *  `encode` reads documents); a JSON account has neither and is read as UTF-8 (RFC 8259 §8.1). */
function readTemplateText(file: string): string {
	try {
		return readXmlInput(file);
	} catch (err) {
		if (err instanceof FileError) throw new BatchInputError([`${PROGRAM}: ${displayName(err.file)}: ${err.message}\n`]);
		if (err instanceof XmlError) throw new BatchInputError([`${PROGRAM}: ${displayName(file)}:${err.line}:${err.column}: ${err.reason}\n`]);
		throw err;
	}
}

/** The map file's entries; none without --map. */
export function loadMap(file: string | undefined): MapEntry[] {
	if (file === undefined) return [];
	const text = readOrRefuse(file);
	try {
		return parseColumnMap(text);
	} catch (err) {
		if (err instanceof BatchError) throw new BatchInputError([`${PROGRAM}: ${displayName(file)}${err.line !== undefined ? `:${err.line}` : ''}: ${err.detail}\n`]);
		throw err;
	}
}

/** `orders.csv:12: column 3 (PIN1): 3 digits; …` — where a person finds it in an editor. */
export function orderErrorLine(file: string, err: OrderError): string {
	const where = err.line !== undefined ? `${displayName(file)}:${err.line}` : displayName(file);
	const column = err.column !== undefined ? `column ${err.column.number} (${err.column.name}): ` : '';
	return `${PROGRAM}: ${where}: ${column}${err.detail}\n`;
}

/** A reason a row is set aside, as plan prints it: `orders.csv:3: PIN1: 3 digits; a PIN has 4 to 8 …`. */
export function rejectionText(file: string, r: RejectedRow): string {
	return `${displayName(file)}:${r.line}: ${r.column !== undefined ? `${r.column}: ` : ''}${r.reason}`;
}

export interface OrderFile {
	/** The file as a stream of 64 KiB pieces (the order reader's source). */
	stream: ReadStream;
	/** The file's size in bytes (0 for a pipe): the total progress is measured against. */
	size: number;
}

/** Opens the order file for streaming; a file that cannot be read is refused here, before any work. */
export function openOrderFile(file: string): OrderFile {
	let fd: number;
	let size = 0;
	try {
		fd = file === '-' ? 0 : openSync(file, 'r');
		const stat = fstatSync(fd);
		if (stat.isDirectory()) {
			closeSync(fd);
			throw Object.assign(new Error('EISDIR: is a folder'), { code: 'EISDIR' });
		}
		if (stat.isFile()) size = stat.size;
	} catch (err) {
		throw new BatchInputError([`${PROGRAM}: ${displayName(file)}: cannot read: ${reason(err)}\n`]);
	}
	return { stream: createReadStream('', { fd, highWaterMark: 1 << 16, autoClose: fd !== 0 }), size };
}

/** The lines for a failure of the order (refused as a whole, unreadable) or of the signing options; undefined for a bug. */
export function orderFailureLines(file: string, err: unknown): string[] | undefined {
	if (err instanceof BatchInputError) return [...err.lines];
	if (err instanceof OrderError) return [orderErrorLine(file, err)];
	if (err instanceof BatchError) return [`${PROGRAM}: ${err.message}\n`];
	if (typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string' && (err as NodeJS.ErrnoException).syscall !== undefined) {
		return [`${PROGRAM}: ${displayName(file)}: cannot read: ${reason(err)}\n`];
	}
	return undefined;
}

/** Binds placeholders to columns; every mapping problem is one line naming the map file (or the template). */
export function bindColumns(loaded: LoadedTemplate, header: OrderHeader, entries: readonly MapEntry[], files: { template: string; map?: string }): ColumnMapping {
	const mapping = mapColumns(loaded.template.placeholders, header, entries);
	if (!mapping.ok) {
		throw new BatchInputError(
			mapping.findings.map((f) => {
				if (f.line > 0 && files.map !== undefined) return `${PROGRAM}: ${displayName(files.map)}:${f.line}: ${f.message.replace(/^map line \d+: /, '')}\n`;
				return `${PROGRAM}: ${displayName(files.template)}: ${f.message}\n`;
			})
		);
	}
	return mapping;
}
