// The "codemirror" row of studio-bench: CodeMirror 6 with no extension at all (no gutters, highlighting, lint or
// completion), in a shadow root as the studio mounts its editor, styled to the studio editor's size. What the editor
// the issue asks for costs on this machine before we add anything to it.
import { EditorView } from '@codemirror/view';

const host = document.querySelector<HTMLElement>('[data-testid="code-editor"]');
if (host) {
	const root = host.attachShadow({ mode: 'open' });
	new EditorView({
		parent: root,
		root,
		extensions: EditorView.theme({ '&': { height: '26rem' }, '.cm-scroller': { overflow: 'auto', fontFamily: 'monospace', fontSize: '0.85rem', lineHeight: '1.4' } })
	});
}
