// The validator's findings as CodeMirror lint diagnostics. Findings are computed elsewhere (the page, later a Web
// Worker) and pushed in with the `setFindings` effect; nothing is computed here. Each diagnostic keeps the finding's
// severity and message as they are, with the rule id and line:column as its source ("value-enum 7:25"), so what the
// editor shows is what `pstudio validate` prints. Between two pushes, CodeMirror maps the diagnostics through the
// edits, so a marker stays on its text while the next findings are computed.
import { linter, lintGutter, setDiagnosticsEffect, type Action, type Diagnostic } from '@codemirror/lint';
import { EditorState, StateEffect, StateField, type ChangeSet, type Extension, type Text } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { Finding } from '../../documents/provcont';
import { findingRange, fixedAttribute, replacementChange, suggestionsOf, valueRemoval } from './findings';

/**
 * Findings for a version of the text: computed for `doc` (the editor's text when it was handed to the analysis) and
 * placed in the current text through `changes`, the edits made since. Without `doc`, they are for the current text.
 * An analysis that answers a few keystrokes late so still puts its markers on the right characters.
 */
export interface FindingsUpdate {
	findings: readonly Finding[];
	doc?: Text;
	/** The edits from `doc` to the text of the transaction that carries this update. */
	changes?: ChangeSet;
}

/** Replaces the editor's findings with these. */
export const setFindings = StateEffect.define<FindingsUpdate>();

/** The findings last pushed in, as given. */
export const findingsField = StateField.define<readonly Finding[]>({
	create: () => [],
	update(value, tr) {
		for (const effect of tr.effects) if (effect.is(setFindings)) value = effect.value.findings;
		return value;
	}
});

export function findingDiagnostic(doc: Text, finding: Finding): Diagnostic {
	const { from, to } = findingRange(doc, finding);
	const diagnostic: Diagnostic = {
		from,
		to,
		severity: finding.severity,
		message: finding.message,
		source: `${finding.rule} ${finding.line}:${finding.column}`
	};
	const actions = quickFixes(finding);
	if (actions.length > 0) diagnostic.actions = actions;
	return diagnostic;
}

/** The diagnostics of a set of findings, in document order (CodeMirror wants them sorted by position). */
export function findingDiagnostics(doc: Text, findings: readonly Finding[]): Diagnostic[] {
	return findings.map((f) => findingDiagnostic(doc, f)).sort((a, b) => a.from - b.from || a.to - b.to);
}

/**
 * The obvious fixes of a finding: each machine-readable suggestion replaces the value, name or type it is about;
 * a flag written with a value (value-flag, client-provisioning.md §5 "written without value") loses its value.
 * Positions are read again when the fix is applied, from the diagnostic's current (mapped) position.
 */
function quickFixes(finding: Finding): Action[] {
	const actions: Action[] = [];
	const attributeName = fixedAttribute(finding.rule);
	if (attributeName !== undefined) {
		for (const suggestion of suggestionsOf(finding)) {
			actions.push({
				name: `Replace with ${suggestion}`,
				apply(view: EditorView, from: number) {
					const change = replacementChange(view.state.doc, from, attributeName, suggestion);
					if (change !== undefined) view.dispatch({ changes: change, userEvent: 'input.fix' });
				}
			});
		}
	}
	if (finding.rule === 'value-flag') {
		actions.push({
			name: 'Remove the value',
			apply(view: EditorView, from: number) {
				const change = valueRemoval(view.state.doc, from);
				if (change !== undefined) view.dispatch({ changes: change, userEvent: 'delete.fix' });
			}
		});
	}
	return actions;
}

/** The diagnostics of an update, placed in the text the update's transaction makes. */
export function placedDiagnostics(update: FindingsUpdate, newDoc: Text): Diagnostic[] {
	if (update.doc === undefined) return findingDiagnostics(newDoc, update.findings);
	const { changes } = update;
	const diagnostics = findingDiagnostics(update.doc, update.findings);
	if (changes === undefined || changes.empty) return diagnostics;
	// Text inserted at either end of a marker is not part of it (the marker keeps to what was found).
	return diagnostics
		.map((d) => {
			const from = changes.mapPos(d.from, 1);
			return { ...d, from, to: Math.max(from, changes.mapPos(d.to, -1)) };
		})
		.sort((a, b) => a.from - b.from || a.to - b.to);
}

/** When a transaction carries findings, it also carries the lint diagnostics for them (for the document it makes). */
const findingsToDiagnostics = EditorState.transactionExtender.of((tr) => {
	let update: FindingsUpdate | undefined;
	for (const effect of tr.effects) if (effect.is(setFindings)) update = effect.value;
	if (update === undefined) return null;
	return { effects: setDiagnosticsEffect.of(placedDiagnostics(update, tr.newDoc)) };
});

/** Findings pushed in (setFindings) shown as lint markers: underlines, gutter markers, tooltips with their fixes. */
export function findingsLint(): Extension {
	return [findingsField, findingsToDiagnostics, linter(null), lintGutter()];
}

/** Shows `findings` (computed for the view's current text) in `view`. */
export function pushFindings(view: EditorView, findings: readonly Finding[]): void {
	view.dispatch({ effects: setFindings.of({ findings }) });
}
