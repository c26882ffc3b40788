import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	AnalysisClient,
	analyseNow,
	createAnalysisClient,
	type AnalysisHandlers,
	type AnalysisPort,
	type AnalysisRequest,
	type AnalysisResponse,
	type DoneMessage
} from '../../../src/lib/ui/analysis';
import type { Finding } from '../../../src/lib/documents/provcont';
import { SAMPLE_DOCUMENT } from '../../../src/lib/ui/sample';

const OPTIONS = { version: 3, stringTable: true } as const;

/** A worker the test drives by hand: it records what it is sent and answers only when told to. */
class FakeWorker implements AnalysisPort {
	readonly thread = 'worker';
	readonly sent: AnalysisRequest[] = [];
	closed = false;
	private receive: (response: AnalysisResponse) => void = () => undefined;
	private fail: (reason: string) => void = () => undefined;
	send(request: AnalysisRequest): void {
		this.sent.push(request);
	}
	listen(receive: (response: AnalysisResponse) => void, fail: (reason: string) => void): void {
		this.receive = receive;
		this.fail = fail;
	}
	close(): void {
		this.closed = true;
	}
	answer(response: AnalysisResponse): void {
		this.receive(response);
	}
	crash(): void {
		this.fail('the analysis worker did not start');
	}
	/** What was sent, as "analyse <id> <text>" or "supersede <id>". */
	log(): string[] {
		return this.sent.map((r) => (r.type === 'analyse' ? `${r.type} ${r.id} ${r.text}` : `${r.type} ${r.id}`));
	}
}

function recorder(): AnalysisHandlers & { events: string[]; results: DoneMessage[] } {
	const events: string[] = [];
	const results: DoneMessage[] = [];
	return {
		events,
		results,
		findings: (text: string, findings: Finding[]) => events.push(`findings ${text} ${findings.length}`),
		done: (text: string, result: DoneMessage) => {
			events.push(`done ${text}`);
			results.push(result);
		},
		failed: (text: string, message: string) => events.push(`failed ${text} ${message}`)
	};
}

const finding: Finding = { rule: 'r', severity: 'error', message: 'm', line: 1, column: 1 };

afterEach(() => {
	vi.useRealTimers();
});

describe('analysis client: the latest text wins', () => {
	it('sends the first text at once; while the worker is busy keeps only the newest text, then sends it', () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		client.analyse('A', OPTIONS);
		client.analyse('B', OPTIONS);
		client.analyse('C', OPTIONS);
		client.analyse('D', OPTIONS);
		// The worker is told once that a newer text waits behind A.
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1']);
		expect(client.idle).toBe(false);
		// A's answers are newer than anything shown: they are shown (the page marks them out of date).
		worker.answer({ type: 'findings', id: 1, findings: [finding] });
		worker.answer({ type: 'done', id: 1 });
		// Then D goes out — never B or C.
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1', 'analyse 4 D']);
		worker.answer({ type: 'findings', id: 4, findings: [finding, finding] });
		worker.answer({ type: 'done', id: 4 });
		expect(seen.events).toEqual(['findings A 1', 'done A', 'findings D 2', 'done D']);
		expect(client.idle).toBe(true);
	});

	it('tells the worker once that a newer text waits; a superseded answer shows its findings only, and the newest text goes out', () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		client.analyse('A', OPTIONS);
		client.analyse('B', OPTIONS);
		client.analyse('C', OPTIONS);
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1']);
		worker.answer({ type: 'findings', id: 1, findings: [finding] });
		worker.answer({ type: 'done', id: 1, superseded: true });
		// A's encoding was never made: nothing is shown for it but its findings; C goes out at once.
		expect(seen.events).toEqual(['findings A 1']);
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1', 'analyse 3 C']);
		// Nothing waits behind C: no supersede for it, and its answer is shown.
		worker.answer({ type: 'findings', id: 3, findings: [] });
		worker.answer({ type: 'done', id: 3 });
		expect(seen.events).toEqual(['findings A 1', 'findings C 0', 'done C']);
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1', 'analyse 3 C']);
		expect(client.idle).toBe(true);
	});

	it('drops answers that come late, twice, or for requests it never sent', () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		client.analyse('A', OPTIONS);
		client.analyse('B', OPTIONS);
		worker.answer({ type: 'done', id: 1 });
		expect(worker.log()).toEqual(['analyse 1 A', 'supersede 1', 'analyse 2 B']);
		// Out of order: A's findings and result again after B went out, then answers for an id nobody asked for.
		worker.answer({ type: 'findings', id: 1, findings: [finding] });
		worker.answer({ type: 'done', id: 1 });
		worker.answer({ type: 'findings', id: 99, findings: [finding] });
		worker.answer({ type: 'done', id: 99 });
		expect(seen.events).toEqual(['done A']);
		worker.answer({ type: 'done', id: 2 });
		worker.answer({ type: 'done', id: 2 });
		worker.answer({ type: 'findings', id: 2, findings: [finding] });
		expect(seen.events).toEqual(['done A', 'done B']);
	});

	it('with a slow worker, ten keystrokes 15 ms apart make three requests, and what is shown only moves forward', () => {
		vi.useFakeTimers();
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		// The fake takes 100 ms per request.
		const answered = new Set<number>();
		const tick = (): void => {
			for (const r of worker.sent) {
				if (answered.has(r.id)) continue;
				answered.add(r.id);
				setTimeout(() => {
					worker.answer({ type: 'findings', id: r.id, findings: [] });
					worker.answer({ type: 'done', id: r.id });
					tick();
				}, 100);
			}
		};
		let text = '';
		for (let k = 0; k < 10; k++) {
			text += String.fromCharCode(97 + k);
			client.analyse(text, OPTIONS);
			tick();
			vi.advanceTimersByTime(15);
		}
		vi.advanceTimersByTime(1000);
		// 0 ms: a goes out; at 100 ms it is answered and g (typed at 90 ms) is the one pending text; at 200 ms, j.
		expect(worker.log()).toEqual(['analyse 1 a', 'supersede 1', 'analyse 7 abcdefg', 'supersede 7', 'analyse 10 abcdefghij']);
		expect(seen.events).toEqual(['findings a 0', 'done a', 'findings abcdefg 0', 'done abcdefg', 'findings abcdefghij 0', 'done abcdefghij']);
	});

	it('sends a new request when only the options change, and reports a failure of the newest text', () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		client.analyse('A', OPTIONS);
		worker.answer({ type: 'failed', id: 1, message: 'boom' });
		client.analyse('A', { version: 1, stringTable: false });
		expect(worker.sent[1]).toEqual({ type: 'analyse', id: 2, text: 'A', options: { version: 1, stringTable: false } });
		expect(seen.events).toEqual(['failed A boom']);
	});

	it('goes on in-process when the worker cannot start, with the request it had sent', async () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const threads: string[] = [];
		const client = new AnalysisClient(worker, seen, undefined, (thread) => threads.push(thread));
		expect(client.thread).toBe('worker');
		client.analyse(SAMPLE_DOCUMENT, OPTIONS);
		worker.crash();
		expect(worker.closed).toBe(true);
		expect(client.thread).toBe('page');
		expect(threads).toEqual(['page']);
		await vi.waitFor(() => expect(seen.results).toHaveLength(1));
		expect(seen.events).toEqual(['findings ' + SAMPLE_DOCUMENT + ' 0', 'done ' + SAMPLE_DOCUMENT]);
		expect(seen.results[0].wbxml?.bytes).toEqual(analyseNow(SAMPLE_DOCUMENT, OPTIONS).done.wbxml?.bytes);
	});

	it('answers nothing once closed', () => {
		const worker = new FakeWorker();
		const seen = recorder();
		const client = new AnalysisClient(worker, seen);
		client.analyse('A', OPTIONS);
		client.close();
		worker.answer({ type: 'done', id: 1 });
		client.analyse('B', OPTIONS);
		expect(worker.closed).toBe(true);
		expect(worker.log()).toEqual(['analyse 1 A']);
		expect(seen.events).toEqual([]);
	});
});

describe('analysis client without a Worker (Node): the same handler in-process', () => {
	it('analyses the sample to the bytes of WAP-192 §5.4–5.6; of three texts typed in one task, the first and the last', async () => {
		expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
		const seen = recorder();
		const client = createAnalysisClient(seen);
		client.analyse('<wap-provisioningdoc', OPTIONS);
		client.analyse(SAMPLE_DOCUMENT.replace('NAP1', 'NAP2'), OPTIONS);
		client.analyse(SAMPLE_DOCUMENT, OPTIONS);
		await vi.waitFor(() => expect(client.idle).toBe(true));
		expect(seen.events.filter((e) => e.startsWith('done'))).toEqual(['done <wap-provisioningdoc', 'done ' + SAMPLE_DOCUMENT]);
		expect(seen.results[0].wbxmlProblem).toBe('The XML is not well-formed: nothing to encode.');
		// 03 = WBXML 1.3, 0B = PROV 1.0, 6A = UTF-8, then the string table 05 "NAP1\0".
		expect(Array.from(seen.results[1].wbxml!.bytes.subarray(0, 9))).toEqual([0x03, 0x0b, 0x6a, 0x05, 0x4e, 0x41, 0x50, 0x31, 0x00]);
		client.close();
	});
});
