// What the Batch page and its worker (batch.worker.ts) say to each other. The order file goes to the worker as the
// File itself (a handle, not its bytes): the worker reads it as a stream, so a 1-million-row order is never whole in
// the tab. What comes back is small: the columns, a preview of the first rows with secrets masked, progress a few
// times a second, the rejected rows (capped), and the name of the package written to the origin private file system.

/** The kinds of library document a batch can start from. */
export type TemplateKind = 'cp' | 'dm-account';

export interface TemplateInput {
	kind: TemplateKind;
	/** The document's text with its ${NAME} placeholders. */
	text: string;
	/** For messages and the package's file name. */
	name: string;
}

/** placeholder → order column name (null: left unmapped). */
export type Mapping = Record<string, string | null>;

export type SecChoice = 'NETWPIN' | 'USERPIN' | 'USERNETWPIN';
export type PackageKind = 'manufacturer' | 'ota' | 'bureau';

export interface PlanRequest {
	type: 'plan';
	id: number;
	template: TemplateInput;
	order: File;
	/** Absent: same names (any case). */
	mapping?: Mapping;
	sec: SecChoice;
	previewRows: number;
}

export interface RunRequest {
	type: 'run';
	id: number;
	template: TemplateInput;
	order: File;
	mapping: Mapping;
	sec: SecChoice;
	packageKind: PackageKind;
	/** AES-256 encryption of the package (needed when its documents carry a secret column, unless clearText). */
	passphrase?: string;
	/** The user chose explicitly to write secrets in clear text. */
	clearText: boolean;
}

export interface CancelRequest {
	type: 'cancel';
	id: number;
}

export type BatchRequest = PlanRequest | RunRequest | CancelRequest;

export interface ColumnView {
	number: number;
	name: string;
	secret: boolean;
}

export interface PlaceholderView {
	name: string;
	/** What a value must be where it stands (the first place). */
	type: string;
	secret: boolean;
}

/** One finding or rejection as the page lists it. */
export interface FindingView {
	severity: 'error' | 'warning' | 'info';
	/** The order column at fault, when there is one. */
	column?: string;
	/** One line: `line 5, column 2 (IMSI): …` or the template rule's message. */
	message: string;
}

/** A column of the preview: a placeholder and the order column that gives it. */
export interface PreviewColumnView {
	placeholder: string;
	column?: string;
	secret: boolean;
}

export interface PreviewRowView {
	/** Position among the data rows (1-based) and the line where the row starts. */
	row: number;
	line: number;
	/** The value each placeholder takes (PreviewColumnView order), secrets masked; empty for a row the reader set aside. */
	cells: (string | undefined)[];
	/** The row goes into the package. */
	ok: boolean;
	findings: FindingView[];
}

export interface PlanView {
	format: string;
	columns: ColumnView[];
	placeholders: PlaceholderView[];
	/** The mapping used (the default one when none was given). */
	mapping: Mapping;
	/** Problems of the template or of the mapping as a whole (an unmapped placeholder): no run while one is an error. */
	problems: FindingView[];
	previewColumns: PreviewColumnView[];
	preview: PreviewRowView[];
	/** Rows read for the preview, and how many of them would go in / be set aside. */
	counts: { rows: number; good: number; rejected: number };
	/** The preview read the whole order (else only its first PREVIEW_BYTES). */
	whole: boolean;
	/** The order's size in bytes. */
	size: number;
}

export interface RejectedView {
	row: number;
	line: number;
	column?: string;
	reason: string;
}

export interface ProgressView {
	rows: number;
	rejected: number;
	/** Bytes of the order read, of `total`. */
	read: number;
	total: number;
	/** Milliseconds since the run started. */
	elapsed: number;
}

export interface DoneView extends ProgressView {
	/** The package's name in the origin private file system. */
	file: string;
	/** Its size in bytes. */
	size: number;
	accepted: number;
}

export type BatchResponse =
	| { type: 'plan'; id: number; plan: PlanView }
	| { type: 'progress'; id: number; progress: ProgressView }
	/** More rejected rows (in order; the page keeps at most MAX_REJECTED_SHOWN). */
	| { type: 'rejected'; id: number; rows: RejectedView[] }
	| { type: 'done'; id: number; done: DoneView }
	| { type: 'cancelled'; id: number }
	| { type: 'failed'; id: number; message: string };

/** The preview reads at most this much of the order (the run reads it all). */
export const PREVIEW_BYTES = 1 << 20;

/** Rejected rows sent to the page: past this, only the count goes on (the package's rejected.csv has them all). */
export const MAX_REJECTED_SHOWN = 1000;
/** Progress messages at most this often (ms). */
export const PROGRESS_INTERVAL_MS = 250;
