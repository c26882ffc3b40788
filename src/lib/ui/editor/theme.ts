// The editor's look, light and dark after the page's `prefers-color-scheme`. Colours are CSS custom properties
// (--ps-editor-*, --ps-code-*): the theme reads each with its light value as fallback, and DARK_SCHEME_CSS sets the
// dark ones on the editor's host when the page prefers dark (shadow-mount.ts adopts it). A page can set any of them
// on the element around the editor to restyle it. The light ones follow the studio's palette (+layout.svelte:
// #0b4f8a headers, #fafafa page, #222 text, #ddd borders).
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const LIGHT = {
	'--ps-editor-bg': '#ffffff',
	'--ps-editor-fg': '#222222',
	'--ps-editor-gutter-bg': '#f4f6f8',
	'--ps-editor-gutter-fg': '#4b5563',
	'--ps-editor-border': '#dddddd',
	'--ps-editor-active-line': '#f2f6fb',
	'--ps-editor-selection': '#cfe3f7',
	'--ps-editor-cursor': '#0b4f8a',
	'--ps-editor-tooltip-bg': '#ffffff',
	'--ps-editor-match': '#fff3b0',
	'--ps-code-tag': '#0b4f8a',
	'--ps-code-attribute': '#8a3b00',
	'--ps-code-string': '#1f6f2b',
	'--ps-code-comment': '#6b7280',
	'--ps-code-meta': '#6f42c1',
	'--ps-code-bracket': '#555555'
};

const DARK = {
	'--ps-editor-bg': '#1e1f22',
	'--ps-editor-fg': '#e4e6eb',
	'--ps-editor-gutter-bg': '#25272b',
	'--ps-editor-gutter-fg': '#9aa0a6',
	'--ps-editor-border': '#3a3d42',
	'--ps-editor-active-line': '#2a2d32',
	'--ps-editor-selection': '#264f78',
	'--ps-editor-cursor': '#8ab4f8',
	'--ps-editor-tooltip-bg': '#2b2d31',
	'--ps-editor-match': '#4d4320',
	'--ps-code-tag': '#8ab4f8',
	'--ps-code-attribute': '#f0b070',
	'--ps-code-string': '#9ad19a',
	'--ps-code-comment': '#9aa0a6',
	'--ps-code-meta': '#c5a5f5',
	'--ps-code-bracket': '#b0b4ba'
};

const v = (name: keyof typeof LIGHT): string => `var(${name}, ${LIGHT[name]})`;

const declarations = (values: Readonly<Record<string, string>>): string =>
	Object.entries(values)
		.map(([name, value]) => `${name}: ${value};`)
		.join(' ');

/** The dark values, for `scope` (the editor's shadow host by default) when the page prefers a dark scheme. */
export function darkSchemeCss(scope = ':host'): string {
	return `@media (prefers-color-scheme: dark) { ${scope} { ${declarations(DARK)} } }`;
}

const base = EditorView.theme({
	'&': { color: v('--ps-editor-fg'), backgroundColor: v('--ps-editor-bg'), border: `1px solid ${v('--ps-editor-border')}`, fontSize: '0.9rem' },
	'&.cm-focused': { outline: `2px solid ${v('--ps-editor-cursor')}`, outlineOffset: '-1px' },
	'.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", lineHeight: '1.45' },
	'.cm-content': { caretColor: v('--ps-editor-cursor') },
	'.cm-cursor, .cm-dropCursor': { borderLeftColor: v('--ps-editor-cursor') },
	'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: v('--ps-editor-selection') },
	'.cm-gutters': { backgroundColor: v('--ps-editor-gutter-bg'), color: v('--ps-editor-gutter-fg'), borderRight: `1px solid ${v('--ps-editor-border')}` },
	'.cm-activeLine': { backgroundColor: v('--ps-editor-active-line') },
	'.cm-activeLineGutter': { backgroundColor: v('--ps-editor-active-line') },
	'.cm-selectionMatch, .cm-searchMatch': { backgroundColor: v('--ps-editor-match') },
	'.cm-tooltip, .cm-panels': { backgroundColor: v('--ps-editor-tooltip-bg'), color: v('--ps-editor-fg'), border: `1px solid ${v('--ps-editor-border')}` },
	'.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: v('--ps-editor-selection'), color: v('--ps-editor-fg') },
	'.cm-completionDetail': { marginLeft: '0.6em', fontStyle: 'italic' },
	'.ps-hover': { maxWidth: '36rem', padding: '0.4rem 0.6rem', fontFamily: 'system-ui, sans-serif', fontSize: '0.85rem' },
	'.ps-hover-title': { fontWeight: '600', fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace" },
	'.ps-hover-summary': { margin: '0.3rem 0' },
	'.ps-hover-facts': { margin: '0.2rem 0', paddingLeft: '1.1rem' },
	'.ps-hover-source': { opacity: '0.75', fontSize: '0.8rem' },
	'.cm-diagnosticSource': { opacity: '0.75' },
	'.cm-dialog input': { font: 'inherit' },
	// The version diff's folded stretch ("6 unchanged lines"): the merge package styles it for light themes only.
	// Its marks are "⦚" (U+299A), which the studio's fonts lack (drawn as empty boxes): "↕", which they have, says the
	// same (click to unfold).
	'&.cm-editor .cm-collapsedLines': {
		color: v('--ps-editor-fg'),
		background: v('--ps-editor-gutter-bg'),
		'&:before': { content: '"↕"' },
		'&:after': { content: '"↕"' }
	}
});

const highlight = HighlightStyle.define([
	{ tag: [t.tagName, t.standard(t.tagName)], color: v('--ps-code-tag') },
	{ tag: t.attributeName, color: v('--ps-code-attribute') },
	{ tag: [t.attributeValue, t.string], color: v('--ps-code-string') },
	{ tag: [t.comment, t.blockComment], color: v('--ps-code-comment'), fontStyle: 'italic' },
	{ tag: [t.processingInstruction, t.documentMeta, t.meta], color: v('--ps-code-meta') },
	{ tag: [t.angleBracket, t.definitionOperator], color: v('--ps-code-bracket') },
	{ tag: t.invalid, textDecoration: 'underline wavy' }
]);

export function studioTheme(): Extension {
	return [base, syntaxHighlighting(highlight)];
}
