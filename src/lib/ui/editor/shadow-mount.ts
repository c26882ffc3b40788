// Where the editor's DOM goes: a shadow root on the component's element. The studio's Content Security Policy allows
// no inline <style> (svelte.config.js: style-src 'self'), and CodeMirror writes its styles (its own, the theme's, the
// lint and completion styles) through style-mod, which puts them in a <style> element in a document but in a
// constructed stylesheet (adoptedStyleSheets, not subject to style-src) in a shadow root. Inline style attributes,
// which CodeMirror also sets, are allowed (style-src-attr). The same sheet holds the dark colours (theme.ts).
import { darkSchemeCss } from './theme';

const LAYOUT = `
:host { display: block; }
.ps-shadow { height: 100%; display: flex; flex-direction: column; }
.ps-shadow > .cm-editor, .ps-shadow > .cm-mergeView { flex: 1; min-height: 0; }
.cm-mergeView { overflow: auto; }
`;

let layout: CSSStyleSheet | undefined;

/** An open shadow root on `host` (reused if there is one, emptied) and the element to mount CodeMirror in. */
export function shadowMount(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
	const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
	if (layout === undefined) {
		layout = new CSSStyleSheet();
		layout.replaceSync(LAYOUT + darkSchemeCss());
	}
	if (!root.adoptedStyleSheets.includes(layout)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, layout];
	const parent = document.createElement('div');
	parent.className = 'ps-shadow';
	root.replaceChildren(parent);
	return { root, parent };
}
