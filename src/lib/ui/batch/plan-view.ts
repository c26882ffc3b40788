// The Batch page's preview, made in the worker by the batch library's own plan (planBatch: the order reader, the
// mapping, the expansion and the signature, as the export does them) over the first PREVIEW_BYTES of the order, cut at
// a line end: a preview of a 1-million-row order answers in a moment. Secret values (PINs, ADM, Ki/OPc — Secrets
// from the order reader — and whatever fills a secret placeholder) are masked here, before anything leaves the
// worker; findings and rejections never carry a secret's value (the library's rule).
import { BatchError, OrderError, planBatch, type MapEntry, type RejectedRow } from '../../batch';
import { compileCpTemplate, compileDmTemplate, formatFinding, type RowFinding, type TemplateCompilation, type TemplateFinding } from '../../documents/template';
import { PREVIEW_BYTES, type ColumnView, type FindingView, type Mapping, type PlanView, type PreviewRowView, type SecChoice, type TemplateInput } from './protocol';

/** What a masked cell shows. */
export const MASK = '••••••';

export function compileTemplate(input: TemplateInput): TemplateCompilation {
	// A DM account goes out as the CP w7 document that carries it (OMA DM Bootstrap §5.3).
	return input.kind === 'cp' ? compileCpTemplate(input.text) : compileDmTemplate(input.text, { rendering: { as: 'cp' } });
}

/** The page's mapping as map entries: only the placeholders it maps to another column than the same-named one. */
export function mapEntries(mapping: Mapping | undefined): MapEntry[] {
	const entries: MapEntry[] = [];
	let line = 0;
	for (const [placeholder, column] of Object.entries(mapping ?? {})) {
		line++;
		if (column !== null && column.toUpperCase() !== placeholder.toUpperCase()) entries.push({ placeholder, column, line });
	}
	return entries;
}

function templateProblem(f: TemplateFinding): FindingView {
	return { severity: f.severity, message: `template ${formatFinding(f)}` };
}

/** A reason a row is set aside, one line: `line 5, column IMSI: …`. */
export function rejectedLine(r: RejectedRow): string {
	return r.column === undefined ? `line ${r.line}: ${r.reason}` : `line ${r.line}, column ${r.column}: ${r.reason}`;
}

function rowFinding(line: number, f: RowFinding): FindingView {
	const message = f.orderColumn !== undefined ? `line ${line}, column ${f.orderColumn}: ${f.message}` : `line ${line}: ${f.message}`;
	return { severity: f.severity, column: f.orderColumn, message };
}

/**
 * The first PREVIEW_BYTES of the order, cut after its last whole line (UTF-16 aware): the whole order when it is
 * that small.
 */
export async function previewSlice(order: Blob): Promise<{ source: Blob; whole: boolean }> {
	if (order.size <= PREVIEW_BYTES) return { source: order, whole: true };
	const head = new Uint8Array(await order.slice(0, PREVIEW_BYTES).arrayBuffer());
	// UTF-16 by its BOM, or without one by the NUL beside the first ASCII character, as the order reader tells it
	// (orders/parser.ts): a cut after a UTF-8 reading's LF would split the LF's two bytes.
	const le = (head[0] === 0xff && head[1] === 0xfe) || (head[0] !== 0 && head[1] === 0);
	const be = (head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0 && head[1] !== 0);
	let end = -1;
	for (let i = head.length - 1; i > 0; i--) {
		if (le ? head[i - 1] === 0x0a && head[i] === 0 && (i - 1) % 2 === 0 : be ? head[i] === 0x0a && head[i - 1] === 0 && i % 2 === 1 : head[i] === 0x0a) {
			end = i + 1;
			break;
		}
	}
	return { source: order.slice(0, end > 0 ? end : PREVIEW_BYTES), whole: false };
}

export async function planView(input: TemplateInput, order: Blob, mapping: Mapping | undefined, sec: SecChoice, previewRows: number): Promise<PlanView> {
	const compiled = compileTemplate(input);
	const problems: FindingView[] = compiled.findings.filter((f) => f.severity !== 'info').map(templateProblem);
	const { source, whole } = await previewSlice(order);
	if (!compiled.ok) {
		// The columns are still worth showing: read the header alone.
		return { format: '', columns: [], placeholders: [], mapping: {}, problems, previewColumns: [], preview: [], counts: { rows: 0, good: 0, rejected: 0 }, whole, size: order.size };
	}
	const template = compiled.template;
	let plan;
	try {
		plan = await planBatch(template, source, mapEntries(mapping), { sec, previewRows });
	} catch (error) {
		if (error instanceof OrderError) throw new PlanProblem(`The order cannot be read: ${error.message}`);
		if (error instanceof BatchError) throw new PlanProblem(error.message);
		throw error;
	}
	const columns: ColumnView[] = plan.header.columns.map((c) => ({ number: c.number, name: c.name, secret: c.secret }));
	const placeholders = template.placeholders.map((p) => ({ name: p.name, type: p.uses[0]?.type ?? 'text', secret: p.secret }));
	const used: Mapping = {};
	plan.mapping.bindings.forEach((b) => (used[b.placeholder] = b.column?.name ?? null));
	problems.push(...plan.mapping.findings.map((f): FindingView => ({ severity: 'error', column: f.column, message: f.message.replace(/^map line \d+: /, '') })));
	// The end of a cut order is not the order's end: a Quantity mismatch there says nothing.
	if (plan.error !== undefined && whole) problems.push({ severity: 'error', message: plan.error.message });
	const previewColumns = plan.mapping.bindings.map((b, i) => ({ placeholder: b.placeholder, column: b.column?.name, secret: placeholders[i].secret || (b.column?.secret ?? false) }));
	const preview: PreviewRowView[] = plan.preview.map((p) => ({
		row: p.row,
		line: p.line,
		ok: p.ok,
		cells: p.values.map((v, i) => (v === undefined ? undefined : previewColumns[i].secret ? MASK : v)),
		findings: [
			...p.rejected.map((r): FindingView => ({ severity: 'error', column: r.column, message: rejectedLine(r) })),
			// A set-aside row's error findings are its rejections already; the rest (warnings) are shown too.
			...p.findings.filter((f) => p.ok || f.severity !== 'error').map((f) => rowFinding(p.line, f))
		]
	}));
	return { format: plan.header.format, columns, placeholders, mapping: used, problems, previewColumns, preview, counts: plan.counts, whole, size: order.size };
}

/** A problem that stops the preview: shown as it is. */
export class PlanProblem extends Error {
	override readonly name = 'PlanProblem';
}
