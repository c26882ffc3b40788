// The state of a page that analyses one CP document, apart from its markup: the text being edited, the encoding
// options, the analysis of the text (findings first, then the WBXML and its spans, computed off the main thread by
// ./analysis), and the selection sync between the editor and the hex view. The editor is anything with selectRange
// and goToLineColumn (Editor.svelte exports both: the page sets `page.editor = ed` once it is mounted). The text
// itself lives where the page is given it: the workspace's open document (workspace.svelte.ts), whose setter
// autosaves it — so the Document, Bootstrap and Card pages analyse the one document open in the library.
import type { WbxmlVersion } from '../codec/wbxml';
import type { Finding } from '../documents/provcont';
import { analyseNow, createAnalysisClient, HexSpans, LateFlag, LONG_TEXT, QuietMoments, type AnalysisClient, type AnalysisHandlers, type AnalysisOptions, type ByteRange, type DoneMessage, type TextRange } from './analysis';

/** What the page needs from an editor; Editor.svelte's exported functions have these shapes. */
export interface EditorHandle {
	/** Selects [from, to) of the text (UTF-16 offsets) and scrolls it into view; focuses the editor if asked. */
	selectRange(from: number, to?: number, options?: { focus?: boolean }): void;
	/** Puts the caret at a 1-based line:column as the validator counts them, and focuses the editor. */
	goToLineColumn(line: number, column: number): void;
}

export interface AnalysedWbxml {
	bytes: Uint8Array;
	spans: HexSpans;
	/** Language name, e.g. 'PROV'. */
	language: string;
}

/**
 * Texts up to this size are analysed at once when the page is built, so the server-rendered page and its hydration
 * show the same findings and bytes (the sample is under 1 KB; a 50-line document ~2 KB takes a few ms).
 */
const ANALYSE_AT_ONCE = 16 * 1024;

/** How long the bytes and findings shown may lag the editor before the page marks them as updating (late-flag.ts). */
const LATE_MS = 300;

export class DocumentPage {
	readonly #document: { text: string };
	versionText = $state('3');
	stringTable = $state(true);

	/** Findings of `findingsFor` (the newest text the worker has answered for), sorted by line and column. */
	findings = $state.raw<Finding[]>([]);
	findingsFor = $state.raw<string | undefined>(undefined);
	/** The final answer for `doneFor`: its encoding, or why there is none. */
	wbxml = $state.raw<AnalysedWbxml | undefined>(undefined);
	wbxmlProblem = $state<string | undefined>(undefined);
	doneFor = $state.raw<string | undefined>(undefined);
	/** The editor's caret (UTF-16 offset in `text`). */
	caret = $state(0);
	/** Each text (or options) handed to the analysis gets the next revision; `shownRevision` is the one whose
	 *  final answer is shown. Between them the page shows an older text's findings and bytes, marked out of date. */
	revision = $state(0);
	shownRevision = $state(0);
	/** Where the analysis runs: 'worker' once connected to one, 'page' on the server or when no worker could start. */
	analysisThread = $state<'worker' | 'page'>('page');

	/** The editor the page shows; set by the page once it is mounted. */
	editor: EditorHandle | undefined = undefined;
	/** A byte chosen by a click focuses the editor (a textarea shows its selection only when focused). */
	focusEditorOnPointer = true;

	readonly options: AnalysisOptions = $derived({ version: Number(this.versionText) as WbxmlVersion, stringTable: this.stringTable });
	readonly errorCount = $derived(this.findings.filter((f) => f.severity === 'error').length);
	/** True while the bytes (and perhaps the findings) shown belong to an older text than the editor's. */
	readonly stale = $derived(this.doneFor !== this.text);
	/** True once `stale` has lasted LATE_MS: the page dims the bytes and says they are updating. */
	late = $state(false);
	/** The bytes of the XML under the caret, once the bytes shown are the text's own. */
	readonly highlight: ByteRange | undefined = $derived(!this.stale && this.wbxml ? this.wbxml.spans.bytesAt(this.caret) : undefined);

	/** Waiting for the bytes shown to be the text's own (current()). */
	#currentWaiters: (() => void)[] = [];

	/** The text and options last handed to the analysis (or analysed at once). */
	#requested: { text: string; options: AnalysisOptions } | undefined;

	constructor(document: { text: string }) {
		this.#document = document;
		const text = document.text;
		if (text.length <= ANALYSE_AT_ONCE) {
			const options = this.options;
			const { findings, done } = analyseNow(text, options);
			this.#requested = { text, options };
			this.#showFindings(text, findings);
			this.#showDone(text, done);
		}
	}

	get text(): string {
		return this.#document.text;
	}

	set text(value: string) {
		this.#document.text = value;
	}

	/**
	 * Analyses the text whenever it or the options change, in the worker (`createClient`, the real one by default),
	 * until the returned function is called. Call it from onMount: no worker on the server.
	 */
	connect(
		createClient: (handlers: AnalysisHandlers, onThreadChange: (thread: 'worker' | 'page') => void) => AnalysisClient = createAnalysisClient
	): () => void {
		// A long text's answers and the "updating…" mark wait for a quiet moment while keys keep coming (quiet-moments.ts).
		const quiet = new QuietMoments(typeof window === 'undefined' ? undefined : window);
		const show = (text: string, change: () => void): void => (text.length >= LONG_TEXT ? quiet.run(change) : change());
		const client = createClient(
			{
				findings: (text, findings) => show(text, () => this.#showFindings(text, findings)),
				done: (text, result) => show(text, () => this.#showDone(text, result)),
				failed: (text, message, id) => show(text, () => this.#showDone(text, { type: 'done', id, wbxmlProblem: `The analysis failed: ${message}` }))
			},
			(thread) => (this.analysisThread = thread)
		);
		this.analysisThread = client.thread;
		const lateFlag = new LateFlag(LATE_MS, (late) => quiet.run(() => (this.late = late)));
		const stop = $effect.root(() => {
			$effect(() => lateFlag.update(this.stale));
			$effect(() => {
				const text = this.text;
				const options = this.options;
				const last = this.#requested;
				if (last && last.text === text && last.options.version === options.version && last.options.stringTable === options.stringTable) return;
				this.#requested = { text, options };
				this.revision = client.analyse(text, options);
			});
		});
		return () => {
			stop();
			lateFlag.dispose();
			quiet.dispose();
			client.close();
			this.#requested = undefined;
		};
	}

	#showFindings(text: string, findings: Finding[]): void {
		// No findings after none is no change: typing in a valid document re-rendered the list and recounted at each key.
		if (findings.length > 0 || this.findings.length > 0) this.findings = findings;
		this.findingsFor = text;
	}

	#showDone(text: string, result: DoneMessage): void {
		const wire = result.wbxml;
		this.wbxml = wire ? { bytes: wire.bytes, spans: new HexSpans(wire.spans, wire.bytes), language: wire.language } : undefined;
		this.wbxmlProblem = result.wbxmlProblem;
		this.doneFor = text;
		this.shownRevision = result.id;
		if (!this.stale && this.#currentWaiters.length > 0) for (const resolve of this.#currentWaiters.splice(0)) resolve();
	}

	/** Resolves once the findings and bytes shown are those of the text as it is now (at once when they are): a
	 *  download right after a keystroke waits for its answer rather than being refused. */
	current(): Promise<void> {
		if (!this.stale) return Promise.resolve();
		return new Promise((resolve) => this.#currentWaiters.push(resolve));
	}

	/** The editor's caret moved to `offset`. */
	caretMoved(offset: number): void {
		this.caret = offset;
	}

	/** The XML range of the token byte `offset` belongs to, when the bytes shown are the text's own. */
	xmlOfByte(offset: number): TextRange | undefined {
		if (this.stale || !this.wbxml) return undefined;
		const span = this.wbxml.spans.spanAt(offset);
		return span < 0 ? undefined : this.wbxml.spans.source(span);
	}

	/** A byte was chosen in the hex view: select its token's XML in the editor. */
	selectByte(offset: number, via: 'pointer' | 'keyboard'): void {
		const range = this.xmlOfByte(offset);
		if (range) this.editor?.selectRange(range.from, range.to, { focus: via === 'pointer' && this.focusEditorOnPointer });
	}

	/** A finding was chosen: the caret goes to its line:column. */
	pickFinding(finding: Finding): void {
		this.editor?.goToLineColumn(finding.line, finding.column);
	}
}
