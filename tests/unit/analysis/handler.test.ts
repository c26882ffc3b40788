import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseDocument } from '../../../src/lib/ui/analyse';
import { analyseNow, createAnalysisHandler, HexSpans, readRequest, type AnalysisResponse } from '../../../src/lib/ui/analysis';
import { SAMPLE_DOCUMENT } from '../../../src/lib/ui/sample';
import { generateDocument } from '../../../src/routes/dev/editor/generate';

const OPTIONS = { version: 3, stringTable: true } as const;

function recordingHandler() {
	const posted: { message: AnalysisResponse; transfer: ArrayBuffer[] }[] = [];
	const { handle } = createAnalysisHandler((message, transfer) => posted.push({ message, transfer }));
	return { handle, posted, types: () => posted.map((p) => `${p.message.type} ${p.message.id}`) };
}

describe('analysis handler (the worker’s side)', () => {
	it('answers findings first, then the WBXML with its buffers in the transfer list', () => {
		const h = recordingHandler();
		h.handle({ type: 'analyse', id: 7, text: SAMPLE_DOCUMENT, options: OPTIONS });
		expect(h.types()).toEqual(['findings 7', 'done 7']);
		expect(h.posted[0].transfer).toEqual([]);
		const done = h.posted[1];
		if (done.message.type !== 'done' || !done.message.wbxml) throw new Error('no WBXML');
		expect(done.transfer).toContain(done.message.wbxml.bytes.buffer);
		expect(done.transfer).toContain(done.message.wbxml.spans.offsets.buffer);
		expect(done.transfer).toContain(done.message.wbxml.spans.sourceStarts.buffer);
	});

	it('in the worker, a supersede that came before the encoding ends the request after its findings: done, superseded, no bytes', async () => {
		const posted: AnalysisResponse[] = [];
		let turn: () => void = () => undefined;
		const { handle } = createAnalysisHandler((message) => posted.push(message), { yieldToMessages: () => new Promise<void>((resolve) => (turn = resolve)) });
		const first = handle({ type: 'analyse', id: 3, text: SAMPLE_DOCUMENT, options: OPTIONS });
		expect(posted.map((m) => `${m.type} ${m.id}`)).toEqual(['findings 3']);
		handle({ type: 'supersede', id: 3 });
		turn();
		await first;
		expect(posted.slice(1)).toEqual([{ type: 'done', id: 3, superseded: true }]);
		// The next request, with nothing newer behind it, is encoded after its turn, as without a turn at all.
		const second = handle({ type: 'analyse', id: 4, text: SAMPLE_DOCUMENT, options: OPTIONS });
		turn();
		await second;
		const done = posted[3];
		expect(posted.map((m) => `${m.type} ${m.id}`)).toEqual(['findings 3', 'done 3', 'findings 4', 'done 4']);
		if (done.type !== 'done' || done.wbxml === undefined) throw new Error('no WBXML for request 4');
		expect(done.wbxml.bytes).toEqual(analyseNow(SAMPLE_DOCUMENT, OPTIONS).done.wbxml?.bytes);
		expect(done.superseded).toBeUndefined();
	});

	it('in the worker, typing in a value between two requests gives the bytes of a whole analysis; a request still paused when the next one arrives ends superseded', async () => {
		const posted: AnalysisResponse[] = [];
		const turns: (() => void)[] = [];
		const { handle } = createAnalysisHandler((message) => posted.push(message), { yieldToMessages: () => new Promise<void>((resolve) => turns.push(resolve)) });
		// The sample's NAPDEF name, typed into: the worker patches the document it parsed for request 1.
		const typed = SAMPLE_DOCUMENT.replace('value="Example GPRS"', 'value="Example GPRSx"');
		expect(typed).not.toBe(SAMPLE_DOCUMENT);
		const first = handle({ type: 'analyse', id: 1, text: SAMPLE_DOCUMENT, options: OPTIONS });
		// Request 2 arrives while request 1 waits for its turn (a client that does not wait for the answer).
		const second = handle({ type: 'analyse', id: 2, text: typed, options: OPTIONS });
		for (const turn of turns) turn();
		await Promise.all([first, second]);
		expect(posted.map((m) => `${m.type} ${m.id}`)).toEqual(['findings 1', 'findings 2', 'done 1', 'done 2']);
		expect(posted[2]).toEqual({ type: 'done', id: 1, superseded: true });
		const done = posted[3];
		if (done.type !== 'done' || done.wbxml === undefined) throw new Error('no WBXML for request 2');
		const whole = analyseNow(typed, OPTIONS).done;
		expect(done.wbxml.bytes).toEqual(whole.wbxml?.bytes);
		expect(done.wbxml.spans).toEqual(whole.wbxml?.spans);
	});

	it('without turns (in-process), every answer is posted at once and a supersede changes nothing', () => {
		const h = recordingHandler();
		h.handle({ type: 'supersede', id: 9 });
		h.handle({ type: 'analyse', id: 9, text: SAMPLE_DOCUMENT, options: OPTIONS });
		expect(h.types()).toEqual(['findings 9', 'done 9']);
	});

	it('reads any message without throwing: a request it takes, or one line saying why not (property)', () => {
		const message = fc.oneof(
			fc.anything(),
			fc.record({ type: fc.constantFrom('analyse', 'supersede', 'encode'), id: fc.oneof(fc.integer(), fc.double(), fc.string()), text: fc.oneof(fc.string(), fc.integer()), options: fc.anything() }, { requiredKeys: [] })
		);
		fc.assert(
			fc.property(message, (data) => {
				const read = readRequest(data);
				if ('problem' in read) {
					expect(read.problem).toMatch(/^analysis request [^\n]+$/);
					expect(Number.isSafeInteger(read.id)).toBe(true);
				} else if (read.type === 'supersede') expect(Number.isSafeInteger(read.id)).toBe(true);
				else expect(typeof read.text).toBe('string');
			}),
			{ numRuns: 500 }
		);
	});

	it('answers a malformed request with one line naming what is wrong', () => {
		const h = recordingHandler();
		h.handle('analyse this');
		h.handle({ type: 'analyse', id: 4, text: 5, options: OPTIONS });
		h.handle({ type: 'analyse', id: 5, text: '', options: { version: 7, stringTable: true } });
		h.handle({ type: 'encode', id: 6 });
		expect(h.posted.map((p) => p.message)).toEqual([
			{ type: 'failed', id: -1, message: 'analysis request is not an object' },
			{ type: 'failed', id: 4, message: 'analysis request has no text' },
			{ type: 'failed', id: 5, message: 'analysis request options must be { version: 0-3, stringTable: boolean }' },
			{ type: 'failed', id: 6, message: 'analysis request type "encode" is not analyse or supersede' }
		]);
		expect(readRequest({ type: 'analyse', id: 2, text: 'x', options: OPTIONS })).toEqual({ type: 'analyse', id: 2, text: 'x', options: OPTIONS });
	});

	it('gives a not-well-formed text its one error and no bytes; an unknown root its finding and no bytes', () => {
		const broken = analyseNow('<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n', OPTIONS);
		expect(broken.findings).toHaveLength(1);
		expect(broken.findings[0].severity).toBe('error');
		expect(broken.done).toEqual({ type: 'done', id: 0, wbxmlProblem: 'The XML is not well-formed: nothing to encode.' });
		const unknown = analyseNow('<?xml version="1.0"?>\n<nothing-known/>\n', OPTIONS);
		expect(unknown.findings.map((f) => [f.rule, f.line, f.column])).toContainEqual(['unknown-language', 2, 1]);
		expect(unknown.done.wbxml).toBeUndefined();
		expect(unknown.done.wbxmlProblem).toBe('no WBXML language known for root element <nothing-known>');
	});

	it('finds and encodes exactly what the page computed on its own thread (analyseDocument), for every PROV fixture', () => {
		const dir = join(import.meta.dirname, '../../fixtures/prov');
		const names = readdirSync(dir).filter((n) => n.endsWith('.xml'));
		expect(names.length).toBeGreaterThanOrEqual(50);
		for (const name of names) {
			const text = readFileSync(join(dir, name), 'utf8');
			for (const options of [OPTIONS, { version: 1, stringTable: false } as const]) {
				const before = analyseDocument(text, options);
				const now = analyseNow(text, options);
				expect(now.findings, name).toEqual(before.findings.slice().sort((a, b) => a.line - b.line || a.column - b.column));
				expect(now.done.wbxml?.bytes, name).toEqual(before.wbxml?.bytes);
				const spans = new HexSpans(now.done.wbxml!.spans, now.done.wbxml!.bytes);
				const columns = Array.from({ length: spans.count }, (_, i) => [spans.offset(i), spans.length(i), spans.kind(i), spans.meaning(i)]);
				expect(columns, name).toEqual(before.wbxml!.spans.map((s) => [s.offset, s.length, s.kind, s.meaning]));
			}
		}
	});

	it('with pause points (the input gate), answers exactly as without: same findings, bytes and spans; and pauses every few hundred elements', () => {
		const dir = join(import.meta.dirname, '../../fixtures/prov');
		// The fixtures (a mistake in most) and a 6,000-line document (several hundred characteristics: the pause
		// points inside the encoder's walks, the string-table search, the validation and the source map are reached).
		const texts = readdirSync(dir)
			.filter((n) => n.endsWith('.xml'))
			.map((n) => [n, readFileSync(join(dir, n), 'utf8')] as const);
		texts.push(['generated', generateDocument(6000)]);
		const answers = (text: string, pause?: () => void) => {
			const posted: AnalysisResponse[] = [];
			createAnalysisHandler((message) => posted.push(message), { pause }).handle({ type: 'analyse', id: 1, text, options: OPTIONS });
			return posted;
		};
		for (const [name, text] of texts) {
			let pauses = 0;
			expect(answers(text, () => pauses++), name).toEqual(answers(text));
			expect(pauses, name).toBeGreaterThanOrEqual(1);
			// A 6,000-line document: ~1,500 elements in each walk, ~500 characteristics, a few tables measured.
			if (name === 'generated') expect(pauses, name).toBeGreaterThanOrEqual(20);
		}
	});
});
