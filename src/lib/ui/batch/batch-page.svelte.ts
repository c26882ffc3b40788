// The Batch page's state: the template (a library document, or a file), the order File, the mapping, the preview the
// worker made, and a run's progress, rejected rows and package. Nothing here is stored: the order's values, and its
// secrets above all, stay in the worker (the page only sees masked cells), and neither IndexedDB nor localStorage is
// written by this page.
import { BatchClient } from './client';
import { readPackage } from './package-file';
import { DocumentFileError, documentFileText } from '../documents/file-text';
import { MAX_REJECTED_SHOWN, type DoneView, type Mapping, type PackageKind, type PlanView, type ProgressView, type RejectedView, type SecChoice, type TemplateInput, type TemplateKind } from './protocol';
import type { WorkspaceState } from '../workspace.svelte';

export const PREVIEW_ROWS = 10;

export const SEC_CHOICES: readonly { value: SecChoice; label: string }[] = [
	{ value: 'NETWPIN', label: "NETWPIN (each row's IMSI)" },
	{ value: 'USERPIN', label: "USERPIN (each row's PIN column)" },
	{ value: 'USERNETWPIN', label: 'USERNETWPIN (IMSI and PIN)' }
];

export const PACKAGE_KINDS: readonly { value: PackageKind; label: string }[] = [
	{ value: 'manufacturer', label: 'Manufacturer: per device XML + WBXML, manifest' },
	{ value: 'ota', label: 'Operator OTA: SMS-SUBMIT PDUs per subscriber' },
	{ value: 'bureau', label: 'Bureau: PKCS#15 files and an APDU script per card' }
];

export type RunState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** A document's kind from its text: a wap-provisioningdoc is CP, anything else a DM account. */
export function kindOfText(text: string): TemplateKind {
	return /<wap-provisioningdoc[\s>]/.test(text) ? 'cp' : 'dm-account';
}

export class BatchPage {
	templateSource = $state<'library' | 'file'>('library');
	templateId = $state<string | undefined>(undefined);
	template = $state.raw<TemplateInput | undefined>(undefined);
	templateProblem = $state<string | undefined>(undefined);
	order = $state.raw<File | undefined>(undefined);
	mapping = $state<Mapping>({});
	plan = $state.raw<PlanView | undefined>(undefined);
	planning = $state(false);
	planProblem = $state<string | undefined>(undefined);
	sec = $state<SecChoice>('NETWPIN');
	packageKind = $state<PackageKind>('manufacturer');
	/** In this object's memory only: never stored, sent to the worker for one run. */
	passphrase = $state('');
	clearText = $state(false);
	runState = $state<RunState>('idle');
	progress = $state.raw<ProgressView | undefined>(undefined);
	rejected = $state.raw<readonly RejectedView[]>([]);
	done = $state.raw<DoneView | undefined>(undefined);
	runProblem = $state<string | undefined>(undefined);

	readonly #workspace: WorkspaceState;
	readonly #client = new BatchClient();
	#generation = 0;
	/** The current run: answers of an older one are dropped. */
	#run = 0;
	#cancel: (() => void) | undefined;

	constructor(workspace: WorkspaceState) {
		this.#workspace = workspace;
	}

	/** Library documents a batch can start from. */
	get candidates(): { id: string; name: string; kind: TemplateKind }[] {
		return this.#workspace.documents.filter((d) => d.kind === 'cp' || d.kind === 'dm-account').map((d) => ({ id: d.id, name: d.name, kind: d.kind as TemplateKind }));
	}

	/** Errors that stop a run (the template's, the mapping's, the order's). */
	get blocking(): string | undefined {
		if (this.template === undefined) return 'Choose a template first.';
		if (this.order === undefined) return 'Choose an order file first.';
		if (this.plan === undefined) return this.planProblem ?? 'The preview is not ready yet.';
		const error = this.plan.problems.find((p) => p.severity === 'error');
		return error?.message;
	}

	async chooseLibraryDocument(id: string | undefined): Promise<void> {
		this.templateId = id;
		this.templateProblem = undefined;
		const library = this.#workspace.core.library;
		const summary = this.candidates.find((c) => c.id === id);
		if (id === undefined || library === undefined || summary === undefined) {
			this.template = undefined;
			return this.refresh(true);
		}
		try {
			const draft = await library.readDraft(id);
			if (this.templateId !== id) return;
			this.template = { kind: summary.kind, text: draft.text, name: summary.name };
		} catch (error) {
			this.template = undefined;
			this.templateProblem = `The document could not be read: ${error instanceof Error ? error.message : String(error)}`;
		}
		await this.refresh(true);
	}

	async chooseTemplateFile(file: File | undefined): Promise<void> {
		this.templateProblem = undefined;
		if (file === undefined) {
			this.template = undefined;
			return this.refresh(true);
		}
		let text: string;
		try {
			text = documentFileText(file.name, new Uint8Array(await file.arrayBuffer()));
		} catch (error) {
			if (!(error instanceof DocumentFileError)) throw error;
			this.template = undefined;
			this.templateProblem = error.message;
			return this.refresh(true);
		}
		this.template = { kind: kindOfText(text), text, name: file.name.replace(/\.[^.]*$/, '') };
		await this.refresh(true);
	}

	async chooseOrder(file: File | undefined): Promise<void> {
		this.order = file;
		await this.refresh(true);
	}

	/** The SEC method changes which rows can be signed: the preview follows it. */
	async setSec(sec: SecChoice): Promise<void> {
		this.sec = sec;
		await this.refresh(false);
	}

	async setMapping(placeholder: string, column: string | null): Promise<void> {
		this.mapping = { ...this.mapping, [placeholder]: column };
		await this.refresh(false);
	}

	/** Asks the worker for the preview again; `fresh`: the template or the order changed, so the mapping is the default. */
	async refresh(fresh: boolean): Promise<void> {
		const mine = ++this.#generation;
		this.planProblem = undefined;
		if (fresh) this.#clearRun();
		if (this.template === undefined || this.order === undefined) {
			this.plan = undefined;
			this.planning = false;
			return;
		}
		this.planning = true;
		try {
			const plan = await this.#client.plan($state.snapshot(this.template), this.order, fresh ? undefined : $state.snapshot(this.mapping), this.sec, PREVIEW_ROWS);
			if (mine !== this.#generation) return;
			this.plan = plan;
			this.mapping = { ...plan.mapping };
		} catch (error) {
			if (mine !== this.#generation) return;
			this.plan = undefined;
			this.planProblem = error instanceof Error ? error.message : String(error);
		} finally {
			if (mine === this.#generation) this.planning = false;
		}
	}

	#clearRun(): void {
		// A new template or order ends the run of the old ones (its file is discarded by the worker); its late
		// answers are dropped (#run).
		if (this.runState === 'running') this.cancel();
		this.#run++;
		this.runState = 'idle';
		this.progress = undefined;
		this.rejected = [];
		this.done = undefined;
		this.runProblem = undefined;
	}

	run(): void {
		if (this.blocking !== undefined || this.template === undefined || this.order === undefined || this.runState === 'running') return;
		this.#clearRun();
		const mine = this.#run;
		const current = (): boolean => mine === this.#run;
		this.runState = 'running';
		const total = this.order.size;
		this.progress = { rows: 0, rejected: 0, read: 0, total, elapsed: 0 };
		this.#cancel = this.#client.run(
			{ template: $state.snapshot(this.template), order: this.order, mapping: $state.snapshot(this.mapping), sec: this.sec, packageKind: this.packageKind, passphrase: this.passphrase || undefined, clearText: this.clearText },
			{
				progress: (p) => {
					if (current()) this.progress = p;
				},
				rejected: (rows) => {
					if (current() && this.rejected.length < MAX_REJECTED_SHOWN) this.rejected = [...this.rejected, ...rows].slice(0, MAX_REJECTED_SHOWN);
				},
				done: (d) => {
					if (!current()) return;
					this.progress = d;
					this.done = d;
					this.runState = 'done';
				},
				cancelled: () => {
					if (current()) this.runState = 'cancelled';
				},
				failed: (message) => {
					if (!current()) return;
					this.runState = 'failed';
					this.runProblem = message;
				}
			}
		);
	}

	cancel(): void {
		this.#cancel?.();
	}

	/** The package's download name: the template's name and the package kind. */
	get downloadName(): string {
		const base = (this.template?.name ?? 'batch').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'batch';
		return `${base}-${this.packageKind}.zip`;
	}

	/** Saves the package from the origin private file system (a disk-backed File: never read into the tab). */
	async download(): Promise<void> {
		if (this.done === undefined) return;
		const file = await readPackage(this.done.file);
		const url = URL.createObjectURL(file);
		const a = document.createElement('a');
		a.href = url;
		a.download = this.downloadName;
		a.click();
		setTimeout(() => URL.revokeObjectURL(url), 60_000);
	}

	close(): void {
		this.cancel();
		this.#client.close();
	}
}
