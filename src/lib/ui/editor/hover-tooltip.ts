// Hover over a characteristic or a parm (its type, name, value or tag name): its meaning, the schema's facts and
// the spec sections, from hoverAt (cp-hover.ts).
import type { Extension } from '@codemirror/state';
import { hoverTooltip, type Tooltip } from '@codemirror/view';
import { hoverAt, type HoverInfo } from './cp-hover';

export function cpHover(): Extension {
	return hoverTooltip((view, pos): Tooltip | null => {
		const info = hoverAt(view.state.doc.toString(), pos);
		if (info === null) return null;
		return { pos: info.from, end: info.to, above: true, create: () => ({ dom: render(info) }) };
	});
}

export function render(info: HoverInfo): HTMLElement {
	const dom = document.createElement('div');
	dom.className = 'ps-hover';
	dom.setAttribute('data-testid', 'editor-hover');
	const title = document.createElement('div');
	title.className = 'ps-hover-title';
	title.textContent = info.title;
	dom.append(title);
	if (info.summary !== '') {
		const summary = document.createElement('p');
		summary.className = 'ps-hover-summary';
		summary.textContent = info.summary;
		dom.append(summary);
	}
	if (info.facts.length > 0) {
		const facts = document.createElement('ul');
		facts.className = 'ps-hover-facts';
		for (const fact of info.facts) {
			const item = document.createElement('li');
			item.textContent = fact;
			facts.append(item);
		}
		dom.append(facts);
	}
	for (const section of info.sections) {
		const source = document.createElement('div');
		source.className = 'ps-hover-source';
		source.textContent = section;
		dom.append(source);
	}
	return dom;
}
