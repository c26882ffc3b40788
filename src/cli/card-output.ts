// How card results read on a terminal: the identity, the per-file write report, the documents found, the trace.
import type { TraceEntry } from '../lib/card';
import { ApduTrace } from '../lib/card';
import type { CardIdentity, ProvisionReport } from '../lib/card/provisioning';
import { toHex } from '../lib/codec/hex';
import { printable } from '../lib/text';
import type { ReadDocument } from '../lib/server/card-service';

export function identityText(identity: CardIdentity): string {
	const lines = [
		`ATR:    ${identity.atr ? toHex(identity.atr) : '-'}`,
		`ICCID:  ${identity.iccid ?? '-'}`,
		`IMSI:   ${identity.imsi ?? '-'}`
	];
	for (const n of identity.notes) lines.push(`note: ${n}`);
	return lines.join('\n') + '\n';
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export function reportText(report: ProvisionReport): string {
	const rows = [['FILE', 'LABEL', 'OID', 'BYTES', 'WRITTEN', 'APDUS', 'VERIFIED']];
	for (const f of report.files) {
		rows.push([
			f.path + (f.record !== undefined ? ` #${f.record}` : ''),
			printable(f.label),
			f.oid ?? '-',
			String(f.contentBytes),
			String(f.bytesWritten) + (f.created ? ' (created)' : ''),
			String(f.apdus),
			f.verified ? 'yes' : `NO (differs at byte ${f.mismatchAt ?? '?'})`
		]);
	}
	const verdict = report.verified
		? `Verified: all ${report.files.length} files read back equal to what was written`
		: `NOT verified: ${report.files.filter((f) => !f.verified).length} file(s) read back different`;
	return (
		`Profile: ${report.profile}\n` +
		table(rows) +
		`${verdict} (${report.apdus} APDUs; largest chunk read ${report.chunks.read}, update ${report.chunks.update} bytes)\n`
	);
}

function hexBlock(bytes: Uint8Array): string {
	const lines: string[] = [];
	for (let i = 0; i < bytes.length; i += 32) lines.push('  ' + toHex(bytes.subarray(i, i + 32), ' '));
	return lines.join('\n') + '\n';
}

/** `Config1  OID 2.23.43.7.2  path 6E02  118 bytes (file 1024)`, and the problem line when there is one. */
export function documentHeading(d: ReadDocument): string {
	// The label comes from the card's DODF: shown escaped when it holds control characters (or is very long).
	const heading = `${d.label === undefined ? '(no label)' : printable(d.label)}  OID ${d.oid}  path ${d.path}  ${d.bytes.length} bytes (file ${d.fileBytes})\n`;
	return d.problem ? `${heading}  problem: ${d.problem}\n` : heading;
}

export function documentsText(documents: readonly ReadDocument[], asXml: boolean): string {
	if (documents.length === 0) return 'No provisioning documents on the card.\n';
	let out = '';
	for (const d of documents) {
		out += documentHeading(d);
		if (asXml && d.xml !== undefined) out += d.xml.endsWith('\n') ? d.xml : d.xml + '\n';
		else out += hexBlock(d.bytes);
	}
	return out;
}

export function traceText(entries: readonly TraceEntry[]): string {
	const t = new ApduTrace();
	for (const e of entries) t.add(e);
	return entries.length === 0 ? '' : t.toText() + '\n';
}
