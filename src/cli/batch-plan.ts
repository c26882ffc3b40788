// `pstudio batch plan`: what an export would do, with nothing written — the columns found, the mapping, the first
// rows with their findings, and the counts of the whole order (read through, streamed: the counts are the export's).
import { planBatch, type BatchPlan, type PreviewRow } from '../lib/batch';
import { formatFinding } from '../lib/documents/template';
import { type SecMethod } from '../lib/security';
import { UsageError } from './args';
import { bindColumns, loadMap, loadTemplate, openOrderFile, orderErrorLine, orderFailureLines, rejectionText, type LoadedTemplate } from './batch-inputs';
import { COMMON_HELP, COMMON_OPTIONS, columnKeys, countOption, parseBatchArgs, requiredOption, stringOption } from './batch-options';
import { readBatchSec, SIGNING_HELP, SIGNING_OPTIONS } from './batch-signing';
import { displayName } from './report';
import type { Streams } from './streams';

export const batchPlanHelp = `Usage: pstudio batch plan --template <T> --orders <F> [--map <M>] [options]

Reads the order through the template and prints what an export would do; writes nothing: the order's columns,
which column fills which placeholder, the first rows with their findings, and the counts of good and set-aside
rows over the whole order (read as a stream, so a 1-million-row order is fine).

Options:
${COMMON_HELP}
${SIGNING_HELP}
  --rows <n>              how many of the first rows to show (default 10)
  --json                  print the plan as one JSON object
  -h, --help              show this help

Exit status: 0 every row would be exported; 1 some rows would be set aside (each shown with file:line and
the reason); 2 bad usage or bad input: the template, the map, or an order refused as a whole.
`;

const OPTIONS = { ...COMMON_OPTIONS, ...SIGNING_OPTIONS, rows: { type: 'string' } } as const;

export async function runBatchPlan(argv: readonly string[], io: Streams): Promise<number> {
	const { values, positionals } = parseBatchArgs(argv, OPTIONS, 'batch plan');
	if (values.help === true) {
		io.stdout(batchPlanHelp);
		return 0;
	}
	if (positionals.length > 0) throw new UsageError(`batch plan takes no file names (found ${JSON.stringify(positionals[0])}): give --template and --orders`, 'batch plan');
	const templateFile = requiredOption(values, 'template', 'batch plan');
	const ordersFile = requiredOption(values, 'orders', 'batch plan');
	const mapFile = stringOption(values, 'map');
	const keys = columnKeys(values, 'batch plan');
	const previewRows = countOption(values, 'rows', 10, 100_000, 'batch plan');
	const signing = readBatchSec(values, 'batch plan');

	let loaded: LoadedTemplate;
	let plan: BatchPlan;
	try {
		loaded = loadTemplate(templateFile);
		const entries = loadMap(mapFile);
		const { stream } = openOrderFile(ordersFile);
		try {
			plan = await planBatch(loaded.template, stream, entries, { previewRows, order: { columnKeys: keys }, ...signing });
		} finally {
			stream.destroy();
		}
		// Mapping problems: the columns are worth seeing with them (the user fixes the map from them).
		if (!plan.mapping.ok) {
			if (values.json !== true) io.stdout(columnsText(plan));
			bindColumns(loaded, plan.header, entries, { template: templateFile, map: mapFile });
		}
	} catch (err) {
		const lines = orderFailureLines(ordersFile, err);
		if (lines === undefined) throw err;
		for (const line of lines) io.stderr(line);
		return 2;
	}
	if (values.json === true) io.stdout(JSON.stringify(planJson(plan, loaded, templateFile, ordersFile, signing.sec), null, 2) + '\n');
	else io.stdout(planText(plan, loaded, templateFile, ordersFile, signing.sec));
	if (plan.error !== undefined) {
		io.stderr(orderErrorLine(ordersFile, plan.error));
		return 2;
	}
	return plan.counts.rejected > 0 ? 1 : 0;
}

function columnsText(plan: BatchPlan): string {
	const columns = plan.header.columns.map((c) => `  ${c.number} ${c.name} (${c.kind}${c.secret ? ', secret' : ''}${c.encrypted ? ', encrypted' : ''})\n`);
	return `columns:\n${columns.join('')}`;
}

function orderDescription(plan: BatchPlan): string {
	const h = plan.header;
	const format = h.format === 'out' ? 'vendor .out file' : `CSV, separator ${JSON.stringify(h.delimiter ?? ',')}`;
	return `${format}, ${h.encoding}${h.bom ? ' with BOM' : ''}, columns on line ${h.line}`;
}

function previewLine(file: string, p: PreviewRow, names: readonly string[]): string {
	const values = p.values.map((v, i) => `${names[i]}=${v === undefined ? '(empty)' : v}`).join(' ');
	if (p.ok) {
		const notes = p.findings.map((f) => `\n      ${formatFinding(f)}`).join('');
		return `  row ${p.row} (line ${p.line}): good${values === '' ? '' : `  ${values}`}${notes}\n`;
	}
	return `  row ${p.row} (line ${p.line}): set aside\n${p.rejected.map((r) => `      ${rejectionText(file, r)}\n`).join('')}`;
}

function planText(plan: BatchPlan, loaded: LoadedTemplate, templateFile: string, ordersFile: string, sec: SecMethod | undefined): string {
	const names = loaded.template.placeholders.map((p) => p.name);
	const out: string[] = [];
	out.push(`template: ${displayName(templateFile)} (${loaded.kind === 'cp' ? 'CP document' : 'DM account'}, ${names.length} placeholder${names.length === 1 ? '' : 's'})\n`);
	for (const f of loaded.findings) out.push(`  ${formatFinding(f)}\n`);
	out.push(`order: ${displayName(ordersFile)} (${orderDescription(plan)})\n`);
	out.push(columnsText(plan));
	out.push('mapping:\n');
	for (const b of plan.mapping.bindings) {
		const how = b.by === 'map' ? `map line ${b.line}` : 'same name';
		out.push(`  \${${b.placeholder}} <- ${b.column === undefined ? '(none)' : `column ${b.column.number} ${b.column.name}`} (${how})\n`);
	}
	const id = plan.identity;
	if (sec === undefined) out.push('signing: none (unsigned documents)\n');
	else {
		const keyColumns = [sec !== 'USERPIN' ? `IMSI from ${id.imsi?.name ?? '?'}` : '', sec !== 'NETWPIN' ? `PIN from ${id.pin?.name ?? '?'}` : ''].filter((s) => s !== '');
		out.push(`signing: ${sec} (${keyColumns.join(', ')})\n`);
	}
	out.push(`first rows (${plan.preview.length}):\n`);
	for (const p of plan.preview) out.push(previewLine(ordersFile, p, names));
	const c = plan.counts;
	out.push(`rows: ${c.rows} read, ${c.good} good, ${c.rejected} set aside${plan.error !== undefined ? ' (the order is refused as a whole: see below)' : ''}\n`);
	return out.join('');
}

function planJson(plan: BatchPlan, loaded: LoadedTemplate, templateFile: string, ordersFile: string, sec: SecMethod | undefined): unknown {
	const h = plan.header;
	const names = loaded.template.placeholders.map((p) => p.name);
	return {
		template: { file: displayName(templateFile), kind: loaded.kind, placeholders: names, findings: loaded.findings },
		order: {
			file: displayName(ordersFile),
			format: h.format,
			encoding: h.encoding,
			...(h.delimiter === undefined ? {} : { delimiter: h.delimiter }),
			headerLine: h.line,
			columns: h.columns.map((c) => ({ number: c.number, name: c.name, kind: c.kind, secret: c.secret, encrypted: c.encrypted }))
		},
		mapping: plan.mapping.bindings.map((b) => ({ placeholder: b.placeholder, column: b.column?.name ?? null, columnNumber: b.column?.number ?? null, by: b.by, ...(b.line === undefined ? {} : { mapLine: b.line }) })),
		signing: sec === undefined ? null : { sec, imsiColumn: sec === 'USERPIN' ? null : (plan.identity.imsi?.name ?? null), pinColumn: sec === 'NETWPIN' ? null : (plan.identity.pin?.name ?? null) },
		preview: plan.preview.map((p) => ({
			row: p.row,
			line: p.line,
			ok: p.ok,
			values: Object.fromEntries(names.map((n, i) => [n, p.values[i] ?? null])),
			rejected: p.rejected,
			findings: p.findings
		})),
		counts: plan.counts,
		...(plan.error === undefined ? {} : { error: { code: plan.error.code, line: plan.error.line ?? null, message: orderErrorLine(ordersFile, plan.error).trimEnd() } })
	};
}

