// Order columns → template placeholders. By default a placeholder takes the column of the same name, compared as
// the order readers compare column names (columnKey: trimmed, upper-cased, as pySim does), so `${iccid}` takes a
// column `ICCID`. A map file overrides that per placeholder. Two forms, told apart by the first non-blank
// character:
//
//   # comment lines and blank lines are skipped
//   APN=apn_name          one `PLACEHOLDER=COLUMN` per line; spaces around either side are ignored
//   USER = Login Name     a column name may hold spaces (the order's header may)
//
//   { "APN": "apn_name", "USER": "Login Name" }      a JSON object of placeholder → column
//
// A placeholder the map does not name keeps the default (same name). Every problem is one line naming the map line
// (or, for JSON, the key) and what was found: a malformed line, a placeholder named twice, a placeholder the
// template does not have, a column the order does not have, and a placeholder left with no column at all.
import { columnKey, orderValueText, type ColumnKind, type OrderColumn, type OrderHeader, type OrderRow, type OrderValue } from './orders/index';
import { Secret } from '../security/index';
import { PLACEHOLDER_NAME, type PlaceholderInfo } from '../documents/template/index';
import { clipped, echoed } from '../text/index';
import { BatchError } from './error';

/** One line of a map file: a placeholder and the column that gives its value. */
export interface MapEntry {
	readonly placeholder: string;
	readonly column: string;
	/** Line of the map file (1-based; for a JSON map, the line its key is on). */
	readonly line: number;
}

/** A problem of the mapping, as the template's findings are written (rule ids of TEMPLATE_RULES). */
export interface MappingFinding {
	readonly rule: 'placeholder-unbound' | 'mapping-unknown';
	readonly severity: 'error';
	/** One line: `map line 3: column "APN NAME" is not in the order (its columns: ICCID, IMSI, PIN1)`. */
	readonly message: string;
	readonly placeholder?: string;
	readonly column?: string;
	/** Line of the map file; 0 when the finding comes from the default (no map line). */
	readonly line: number;
}

/** Which column gives a placeholder its value, and why. */
export interface Binding {
	readonly placeholder: string;
	/** undefined: no column gives it (then a finding says so). */
	readonly column: OrderColumn | undefined;
	/** `name`: the column of the same name; `map`: a line of the map file. */
	readonly by: 'name' | 'map';
	/** The map line, when by is `map`. */
	readonly line?: number;
}

/** Placeholders bound to columns, in the template's placeholder order. */
export interface ColumnMapping {
	readonly bindings: readonly Binding[];
	/** Empty when every placeholder has a column and the map names nothing unknown. */
	readonly findings: readonly MappingFinding[];
	readonly ok: boolean;
	/** The order column's name per placeholder (for the findings of DocumentTemplate.expand). */
	readonly columnNames: readonly (string | undefined)[];
	/** A row's values in placeholder order (the argument of Template.expand); an empty cell is undefined. */
	values(row: OrderRow): (OrderValue | undefined)[];
}

const MAX_MAP_LINE = 1000;

/** Column kinds held as key bytes (orderValueText). */
const KEY_TEXT: ReadonlySet<ColumnKind> = new Set(['aka-key', 'ota-key', 'scp-key', 'adm-hex', 'adm']);

/**
 * Reads a map file (`PLACEHOLDER=COLUMN` lines, or a JSON object). Throws BatchError `bad-map` naming the first bad
 * line. Placeholder names follow the template syntax (letters, digits, `_`, not starting with a digit).
 */
export function parseColumnMap(text: string): MapEntry[] {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (/^\s*[[{]/.test(body)) return parseJsonMap(body);
	const entries: MapEntry[] = [];
	const seen = new Map<string, number>();
	const lines = body.split(/\r\n|\r|\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = i + 1;
		const raw = lines[i];
		const trimmed = raw.trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		if (raw.length > MAX_MAP_LINE) throw new BatchError('bad-map', `${raw.length} characters; a map line holds at most ${MAX_MAP_LINE}`, line);
		const eq = trimmed.indexOf('=');
		if (eq < 0) throw new BatchError('bad-map', `no '=': a map line is PLACEHOLDER=COLUMN`, line);
		entries.push(entry(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim(), line, seen));
	}
	return entries;
}

function entry(placeholder: string, column: string, line: number, seen: Map<string, number>): MapEntry {
	if (placeholder === '') throw new BatchError('bad-map', `no placeholder before '=': a map line is PLACEHOLDER=COLUMN`, line);
	if (placeholder.startsWith('${') && placeholder.endsWith('}')) placeholder = placeholder.slice(2, -1);
	if (!PLACEHOLDER_NAME.test(placeholder)) throw new BatchError('bad-map', `${echoed(placeholder)} is not a placeholder name (letters, digits and _, not starting with a digit)`, line);
	if (column === '') throw new BatchError('bad-map', `no column after '=' for ${clipped(placeholder)}`, line);
	const first = seen.get(placeholder);
	if (first !== undefined) throw new BatchError('bad-map', `${clipped(placeholder)} is mapped again (first on map line ${first})`, line);
	seen.set(placeholder, line);
	return { placeholder, column, line };
}

function parseJsonMap(text: string): MapEntry[] {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		// V8's message may quote the map's text (line breaks, controls, any length): only its place and kind are said.
		const message = error instanceof Error ? error.message : '';
		const position = /at position (\d+)/.exec(message)?.[1];
		const token = /^Unexpected token '(.)'/su.exec(message)?.[1];
		const at = position !== undefined ? Number(position) : token !== undefined ? Math.max(0, text.indexOf(token)) : text.length;
		const kind = /^[A-Z][^"]*?(?= in JSON at position)/.exec(message)?.[0] ?? (token !== undefined ? `unexpected ${echoed(token)}` : 'unexpected end');
		throw new BatchError('bad-map', `not valid JSON: ${kind}`, lineAt(text, at));
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BatchError('bad-map', 'a JSON map is an object of "PLACEHOLDER": "COLUMN"', 1);
	const seen = new Map<string, number>();
	const entries: MapEntry[] = [];
	for (const [key, column] of Object.entries(value as Record<string, unknown>)) {
		const line = lineOfKey(text, key);
		if (typeof column !== 'string') throw new BatchError('bad-map', `the column of ${echoed(key)} is ${column === null ? 'null' : typeof column}, not a string`, line);
		entries.push(entry(key.trim(), column.trim(), line, seen));
	}
	return entries;
}

/** The line a JSON key is written on (the quoted key followed by its colon), for messages. */
function lineOfKey(text: string, key: string): number {
	const quoted = JSON.stringify(key);
	for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + 1)) {
		if (/^\s*:/.test(text.slice(at + quoted.length, at + quoted.length + 64))) return lineAt(text, at);
	}
	return 1;
}

/** The 1-based line of an offset (CR, LF and CRLF end lines, as the line form counts them). */
function lineAt(text: string, at: number): number {
	return text.slice(0, at).split(/\r\n|\r|\n/).length;
}

function listColumns(header: OrderHeader): string {
	const names = header.columns.map((c) => clipped(c.name));
	return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … ${names.length - 12} more`;
}

/**
 * Binds each placeholder of the template to an order column: the map's line for it, else the column of the same
 * name (any case). Never throws for a mapping problem: the findings say them all, and `ok` is false.
 */
export function mapColumns(placeholders: readonly PlaceholderInfo[], header: OrderHeader, entries: readonly MapEntry[] = []): ColumnMapping {
	const findings: MappingFinding[] = [];
	const byName = new Map<string, MapEntry>();
	const names = new Set(placeholders.map((p) => p.name));
	const upper = new Map<string, string>();
	for (const p of placeholders) upper.set(p.name.toUpperCase(), p.name);
	for (const e of entries) {
		// Placeholder names are case-sensitive in the template; a map that differs only by case means the same one.
		const name = names.has(e.placeholder) ? e.placeholder : upper.get(e.placeholder.toUpperCase());
		if (name === undefined) {
			const known = placeholders.map((p) => p.name).join(', ') || 'none';
			findings.push({ rule: 'mapping-unknown', severity: 'error', message: `map line ${e.line}: the template has no placeholder ${clipped(e.placeholder)} (its placeholders: ${known})`, placeholder: e.placeholder, line: e.line });
			continue;
		}
		if (byName.has(name)) {
			findings.push({ rule: 'mapping-unknown', severity: 'error', message: `map line ${e.line}: ${name} is mapped again (first on map line ${byName.get(name)!.line})`, placeholder: name, line: e.line });
			continue;
		}
		byName.set(name, e);
	}
	const bindings: Binding[] = placeholders.map((p) => {
		const mapped = byName.get(p.name);
		if (mapped !== undefined) {
			const column = header.byKey.get(columnKey(mapped.column));
			if (column === undefined) {
				findings.push({
					rule: 'mapping-unknown',
					severity: 'error',
					message: `map line ${mapped.line}: ${p.name} is mapped to column ${echoed(mapped.column)}, which the order does not have (its columns: ${listColumns(header)})`,
					placeholder: p.name,
					column: mapped.column,
					line: mapped.line
				});
			}
			return { placeholder: p.name, column, by: 'map', line: mapped.line };
		}
		const column = header.byKey.get(columnKey(p.name));
		if (column === undefined) {
			findings.push({
				rule: 'placeholder-unbound',
				severity: 'error',
				message: `\${${p.name}} has no column: the order has no column ${p.name} and the map does not name one (its columns: ${listColumns(header)})`,
				placeholder: p.name,
				line: 0
			});
		}
		return { placeholder: p.name, column, by: 'name' };
	});
	const indexes = bindings.map((b) => (b.column === undefined ? -1 : b.column.number - 1));
	const columnNames = bindings.map((b) => b.column?.name);
	// A key column (Ki, OPc, KIC, an ADM) is held as its bytes; a placeholder takes text, so it gets the key as the
	// order wrote it (hex, or an ADM's digits), still a Secret: its bytes read as UTF-8 were U+FFFD soup.
	const asKey = bindings.map((b) => (b.column !== undefined && KEY_TEXT.has(b.column.kind) ? b.column.kind : undefined));
	return {
		bindings,
		findings,
		ok: findings.length === 0,
		columnNames,
		values(row: OrderRow): (OrderValue | undefined)[] {
			const out = new Array<OrderValue | undefined>(indexes.length);
			for (let i = 0; i < indexes.length; i++) {
				const value = indexes[i] < 0 ? undefined : row.values[indexes[i]];
				const kind = asKey[i];
				out[i] = kind !== undefined && value instanceof Secret ? Secret.fromText(value.label, orderValueText(kind, value)) : value;
			}
			return out;
		}
	};
}
