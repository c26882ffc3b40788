// What the Card page says where: which control an error belongs to, what to do when there is no reader, and how
// a planned file reads in the confirmation. Pure, so the words are unit tested without a browser.
import type { PlannedFile } from '../../card/provisioning';
import type { ErrorJson, ReaderJson } from './wire';

/** The controls of the Card page an error can be shown next to. */
export type CardControl = 'reader' | 'adm' | 'pin1' | 'bootstrap' | 'config1' | 'config2' | 'write';

const READER_CODES = new Set(['NO_READER', 'NO_CARD', 'UNKNOWN_READER', 'PCSC_UNAVAILABLE', 'TRANSPORT']);

/**
 * The control that caused an error: the key a VERIFY refused (its APDU names it: "VERIFY ADM1 00 20 00 0A 08 ****"),
 * the field a 400 names ("adm: …", "documents.config1: …"), the document a size or card error names ("Config1 is
 * 1500 bytes; …", "Config1 EF 3F00 7F50 6E02: …"), the reader for PC/SC and presence failures; else the Write button.
 */
export function errorControl(e: ErrorJson): CardControl {
	const m = e.message;
	if (e.apdu?.startsWith('VERIFY ADM1') || /^(adm|admFormat)\b/.test(m) || m.startsWith('VERIFY ADM1')) return 'adm';
	if (e.apdu?.startsWith('VERIFY PIN1') || /^pin1\b/i.test(m) || m.startsWith('VERIFY PIN1')) return 'pin1';
	for (const [control, name] of [['bootstrap', 'Bootstrap'], ['config1', 'Config1'], ['config2', 'Config2']] as const) {
		if (m.startsWith(`documents.${control}`) || m.startsWith(`${control}:`) || m.startsWith(`${name} `) || m.startsWith(`${name}:`)) return control;
	}
	if (READER_CODES.has(e.code) || /^reader\b/.test(m)) return 'reader';
	return 'write';
}

/** The studio's demo reader, as README and scripts/start.sh start it. */
const DEMO_READER = '`npm start` starts pcscd with the simulated card when none runs; `bash scripts/card/demo-reader.sh` does the same without the studio';

/**
 * What to do when the server finds no reader or no pcscd. The readers are the server's: pcscd on the machine that
 * runs the studio, never the browser's computer.
 */
export function readerAdvice(readers: readonly ReaderJson[], error: ErrorJson | undefined): string {
	if (error?.code === 'PCSC_UNAVAILABLE') {
		return `pcscd is not running on the server's machine. Start it there: \`sudo systemctl start pcscd\` (a USB reader is then found by itself). No card reader? ${DEMO_READER}.`;
	}
	if (error) return error.message;
	if (readers.length === 0) return `pcscd runs but finds no reader on the server's machine: plug one in there, or use the studio's simulated card: ${DEMO_READER}.`;
	if (!readers.some((r) => r.present)) {
		const simulated = readers.some((r) => r.simulated);
		return simulated
			? 'No card in any reader. The vpcd reader is empty: attach the simulated card with `npx pstudio sim` on the server\'s machine (or restart `npm start`).'
			: 'No card in any reader: put one in the reader on the server\'s machine.';
	}
	return '';
}

/** The change column of the confirmation: created / replaced (changed or the same bytes) / left alone. */
export function actionText(f: PlannedFile): string {
	if (f.action === 'create') return 'created';
	if (f.action === 'leave') return 'left alone';
	return f.changes ? 'replaced: content changes' : 'replaced: same bytes';
}

/** "1024 B, 118 used" — an EF's size and the bytes before its FF padding. */
export function sizeText(size: number | undefined, used: number | undefined): string {
	if (size === undefined) return '—';
	if (used === undefined) return `${size} B`;
	return used === 0 ? `${size} B, empty` : `${size} B, ${used} used`;
}

/** One line per file, as the e2e test compares it with the card: "Bootstrap 3F00 7F50 6E01: replaced: content changes, 2048 B, 118 used". */
export function planLine(f: PlannedFile): string {
	const where = `${f.label} ${f.path}${f.record !== undefined ? ` record ${f.record}` : ''}`;
	if (f.role === 'df') return `${where}: ${actionText(f)}`;
	const after = f.action === 'leave' ? sizeText(f.sizeNow, f.contentNow) : sizeText(f.sizeAfter, f.contentAfter);
	return `${where}: ${actionText(f)}, ${after}`;
}
