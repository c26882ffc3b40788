// What the analysis worker does with each request. The steps are analyseDocument's (../analyse.ts) — parse,
// validate, encode, annotate: the same library calls in the same order, so the findings and bytes are the same —
// written once as a pipeline of stages (a generator) and driven two ways:
// - createAnalysisHandler: in the worker (analysis.worker.ts) or in-process (client.ts), with a yield to the
//   event loop between stages, where a `cancel` for the running request can arrive and stop it (a 20,000-line
//   document takes most of a second; a newer keystroke should not wait for the encoding of an older one);
// - analyseNow: at once, for the first render of a small document (server-side rendering and its hydration
//   must show the same bytes, and a page should not open empty).
import { annotateWbxml, encodeWbxml, languageForDocument, type WbxmlLanguage } from '../../codec/wbxml';
import { parseXml, type XmlDocument } from '../../codec/xml';
import { provDocFromXml, validateProvDoc, type Finding } from '../../documents/provcont';
import { errorFinding, rootPosition, sortFindings } from '../analyse';
import { readRequest, type AnalyseRequest, type AnalysisOptions, type AnalysisResponse, type DoneMessage, type FindingsMessage } from './protocol';
import { mapSpansToSource } from './source-map';
import { toWireSpans, transferables } from './spans';

export type PostResponse = (message: AnalysisResponse, transfer: ArrayBuffer[]) => void;
export type YieldToEvents = () => Promise<void>;

/** A macrotask boundary: messages that arrived meanwhile (a cancel) are handled before the next stage runs. */
export const nextTask: YieldToEvents = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Yielded by the pipeline between stages. */
const STAGE_END = Symbol('stage end');
/** Thrown by the worker's driver at a stage end when the request was cancelled. */
const CANCELLED = Symbol('cancelled');

type Step = FindingsMessage | DoneMessage | typeof STAGE_END;

/** Returns the function to call with each incoming message's data. */
export function createAnalysisHandler(post: PostResponse, yieldToEvents: YieldToEvents = nextTask): (data: unknown) => void {
	const running = new Set<number>();
	const cancelled = new Set<number>();

	async function run(request: AnalyseRequest): Promise<void> {
		const { id } = request;
		running.add(id);
		try {
			for (const step of pipeline(request)) {
				if (step === STAGE_END) {
					await yieldToEvents();
					if (cancelled.has(id)) throw CANCELLED;
				} else {
					post(step, step.type === 'done' && step.wbxml ? transferables(step.wbxml.bytes, step.wbxml.spans) : []);
				}
			}
		} catch (e) {
			if (e === CANCELLED) post({ type: 'cancelled', id }, []);
			else post({ type: 'failed', id, message: e instanceof Error ? e.message : String(e) }, []);
		} finally {
			running.delete(id);
			cancelled.delete(id);
		}
	}

	return (data) => {
		const request = readRequest(data);
		if ('problem' in request) {
			post({ type: 'failed', id: request.id, message: request.problem }, []);
		} else if (request.type === 'cancel') {
			if (running.has(request.id)) cancelled.add(request.id);
		} else {
			void run(request);
		}
	};
}

/** The whole analysis of `text` in this thread, without yielding: for small documents only. */
export function analyseNow(text: string, options: AnalysisOptions): { findings: Finding[]; done: DoneMessage } {
	let findings: Finding[] = [];
	let done: DoneMessage | undefined;
	for (const step of pipeline({ type: 'analyse', id: 0, text, options })) {
		if (step === STAGE_END) continue;
		if (step.type === 'findings') findings = step.findings;
		else done = step;
	}
	if (done === undefined) throw new Error('analysis pipeline ended without an answer');
	return { findings, done };
}

/** The stages of one analysis: every request yields one `findings`, then exactly one `done`. */
function* pipeline(request: AnalyseRequest): Generator<Step, void> {
	const { id, text, options } = request;
	const findings = (list: Finding[]): FindingsMessage => ({ type: 'findings', id, findings: sortFindings(list) });

	let document: XmlDocument;
	try {
		document = parseXml(text);
	} catch (err) {
		yield findings([errorFinding(err, 'not-well-formed')]);
		yield { type: 'done', id, wbxmlProblem: 'The XML is not well-formed: nothing to encode.' };
		return;
	}
	yield STAGE_END;

	let list: Finding[];
	try {
		list = validateProvDoc(provDocFromXml(document));
	} catch (err) {
		list = [errorFinding(err, 'bad-structure')];
	}
	const language: WbxmlLanguage | undefined = languageForDocument(document);
	if (!language) {
		const at = rootPosition(document);
		const message = `no WBXML language known for root element <${document.root.name}>`;
		list.push({ rule: 'unknown-language', severity: 'error', message, line: at.line, column: at.column });
		yield findings(list);
		yield { type: 'done', id, wbxmlProblem: message };
		return;
	}
	yield findings(list);
	yield STAGE_END;

	let bytes: Uint8Array;
	try {
		bytes = encodeWbxml(document, language, { version: options.version, stringTable: options.stringTable });
	} catch (err) {
		yield { type: 'done', id, wbxmlProblem: `Cannot encode: ${err instanceof Error ? err.message : String(err)}` };
		return;
	}
	yield STAGE_END;

	const annotated = annotateWbxml(bytes, { language });
	const spans = toWireSpans(bytes, annotated.annotations, mapSpansToSource(text, document, annotated.annotations, bytes));
	const done: DoneMessage = { type: 'done', id, wbxml: { language: language.name, bytes, spans } };
	if (annotated.error) done.wbxmlProblem = `Annotation stopped: ${annotated.error.message}`;
	yield done;
}
