// Reading a form's values from located characteristics, and writing them back as the smallest text edits: a value
// that did not change is not touched, a parm the form does not cover is never moved, a new parm goes after the
// nearest parm the form puts before it, in the indentation of the document.
import { escapeAttribute } from '../../codec/xml';
import { PROV_PUBLIC_ID, PROV_SYSTEM_ID } from '../provcont';
import { emptyValues, isEmpty, type Binding, type Fields, type FormSpec, type Key, type ValuesOf } from './binding';
import { applyEdits, type TextEdit } from './edit';
import { FormError } from './error';
import { attributeValue, parmsOf, parmValue, readFormDocument, type FormDocument, type LocatedElement } from './located';

type Values = Record<string, unknown>;

/** The text a blank document becomes before a form writes into it (the studio's "Empty CP document"). */
export const EMPTY_DOCUMENT = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "${PROV_PUBLIC_ID}" "${PROV_SYSTEM_ID}">
<wap-provisioningdoc version="1.0">
</wap-provisioningdoc>
`;

/** The top-level characteristics a form edits, in document order (the form's instances). */
export function instancesOf(doc: FormDocument, spec: FormSpec): LocatedElement[] {
	if (doc.root === undefined) return [];
	return doc.root.children.filter((c) => c.name === 'characteristic' && attributeValue(c, 'type') === spec.type && selects(spec, c));
}

function selects(spec: FormSpec, c: LocatedElement): boolean {
	const first = (name: string) => {
		const parm = parmsOf(c, name)[0];
		return parm === undefined ? undefined : parmValue(parm);
	};
	if (spec.select !== undefined) return spec.select(first('APPID'));
	return spec.key === undefined || first(spec.key.parm) === spec.key.value;
}

/** The values of instance `index` (an empty form when there is none). */
export function readInstance<F extends Fields>(doc: FormDocument, spec: FormSpec<F>, index: number): ValuesOf<F> {
	const element = instancesOf(doc, spec)[index];
	return element === undefined ? emptyValues(spec.fields) : (readFields(element, spec.fields) as ValuesOf<F>);
}

function readFields(element: LocatedElement, fields: Fields): Values {
	const values: Values = {};
	for (const [name, binding] of Object.entries(fields)) {
		if (binding.kind === 'one') {
			const parm = parmsOf(element, binding.parm)[0];
			values[name] = parm === undefined ? undefined : parmValue(parm);
		} else if (binding.kind === 'many') values[name] = parmsOf(element, binding.parm).map(parmValue);
		else if (binding.kind === 'flag') values[name] = parmsOf(element, binding.parm).length > 0;
		else {
			const children = childrenOf(element, binding.type, binding.key);
			if (binding.kind === 'list') values[name] = children.map((c) => readFields(c, binding.fields));
			else values[name] = children[0] === undefined ? emptyValues(binding.fields) : readFields(children[0], binding.fields);
		}
	}
	return values;
}

function childrenOf(element: LocatedElement, type: string, key: Key | undefined): LocatedElement[] {
	return element.children.filter(
		(c) =>
			c.name === 'characteristic' &&
			attributeValue(c, 'type') === type &&
			(key === undefined || (parmsOf(c, key.parm)[0] !== undefined && parmValue(parmsOf(c, key.parm)[0]) === key.value))
	);
}

/** A text range: where a field's parm (or a characteristic's start tag) is, for the validator's findings. */
export interface Range {
	from: number;
	to: number;
}

/**
 * Where each field of instance `index` is written: 'apn' → the NAP-ADDRESS parm, 'auth.name' → AUTHNAME inside
 * NAPAUTHINFO, 'bookmarks.1.uri'; a characteristic's own path ('' for the instance, 'auth', 'bookmarks.1') → its
 * start tag, where the validator reports a missing parm.
 */
export function locateInstance(doc: FormDocument, spec: FormSpec, index: number): Map<string, Range[]> {
	const ranges = new Map<string, Range[]>();
	const element = instancesOf(doc, spec)[index];
	if (element !== undefined) locateFields(element, spec.fields, '', ranges);
	return ranges;
}

function locateFields(element: LocatedElement, fields: Fields, path: string, ranges: Map<string, Range[]>): void {
	ranges.set(path, [{ from: element.start, to: element.openEnd }]);
	const prefix = path === '' ? '' : `${path}.`;
	for (const [name, binding] of Object.entries(fields)) {
		if (binding.kind === 'child' || binding.kind === 'list') {
			const children = childrenOf(element, binding.type, binding.key);
			if (binding.kind === 'child') {
				if (children[0] !== undefined) locateFields(children[0], binding.fields, `${prefix}${name}`, ranges);
			} else children.forEach((c, i) => locateFields(c, binding.fields, `${prefix}${name}.${i}`, ranges));
		} else {
			const parms = parmsOf(element, binding.parm);
			const covered = binding.kind === 'one' ? parms.slice(0, 1) : parms;
			ranges.set(`${prefix}${name}`, covered.map((p) => ({ from: p.start, to: p.end })));
		}
	}
}

/** A characteristic or parm to be inserted, rendered at the indentation of the place it goes. */
type Block = { kind: 'parm'; name: string; value?: string } | { kind: 'characteristic'; type: string; items: Block[] };

type Anchor = { after: LocatedElement } | { start: LocatedElement };

/**
 * Writes `values` into instance `target` ('new' adds one) and returns the document with the edits that made it.
 * Writing the values read from an instance changes nothing.
 */
export function writeInstance<F extends Fields>(doc: FormDocument, spec: FormSpec<F>, values: ValuesOf<F>, target: number | 'new'): FormDocument {
	return writeInstances(doc, [{ spec, values, target }]);
}

export interface InstanceWrite {
	spec: FormSpec;
	values: Values;
	target: number | 'new';
}

/** Several instances written in one pass (the e-mail form's incoming and outgoing applications). */
export function writeInstances(doc: FormDocument, writes: readonly InstanceWrite[]): FormDocument {
	if (doc.root === undefined) {
		// A blank text: the form's result is a whole document, one edit replacing the blank.
		const made = writeInstances(readFormDocument(EMPTY_DOCUMENT), writes);
		return { text: made.text, root: made.root, edits: [{ from: 0, to: doc.text.length, insert: made.text }] };
	}
	const writer = new Writer(doc.text, doc.root);
	for (const write of writes) {
		const instances = instancesOf(doc, write.spec);
		if (write.target === 'new') {
			const block = fresh(write.spec.type, write.spec.key, write.spec.fields, write.values);
			const sameType = instances[instances.length - 1];
			const last = doc.root.children[doc.root.children.length - 1];
			const anchor = sameType ?? last;
			writer.insert(anchor === undefined ? { start: doc.root } : { after: anchor }, block);
		} else {
			const element = instances[write.target];
			if (element === undefined) {
				throw new FormError('no-such-instance', `there is no ${write.spec.type}${write.spec.key ? ` ${write.spec.key.parm} ${write.spec.key.value}` : ''} number ${write.target + 1} in the document`);
			}
			writer.writeFields(element, write.spec.fields, write.values, write.spec.key);
		}
	}
	const edits = writer.finish();
	if (edits.length === 0) return doc;
	const text = applyEdits(doc.text, edits);
	return { ...readFormDocument(text), edits };
}

function fresh(type: string, key: Key | undefined, fields: Fields, values: Values): Block {
	const items: Block[] = key === undefined ? [] : [{ kind: 'parm', name: key.parm, value: key.value }];
	for (const [name, binding] of Object.entries(fields)) items.push(...freshItems(binding, values[name]));
	return { kind: 'characteristic', type, items };
}

function freshItems(binding: Binding, value: unknown): Block[] {
	switch (binding.kind) {
		case 'one':
			return typeof value === 'string' ? [{ kind: 'parm', name: binding.parm, value }] : [];
		case 'many':
			return (value as string[]).map((v) => ({ kind: 'parm', name: binding.parm, value: v }));
		case 'flag':
			return value === true ? [{ kind: 'parm', name: binding.parm }] : [];
		case 'child':
			return isEmpty(binding.fields, value as Values) ? [] : [fresh(binding.type, binding.key, binding.fields, value as Values)];
		case 'list':
			return (value as Values[]).map((v) => fresh(binding.type, binding.key, binding.fields, v));
	}
}

class Writer {
	private readonly edits: TextEdit[] = [];
	private readonly removed = new Set<LocatedElement>();
	private readonly inserts = new Map<LocatedElement, { anchor: Anchor; blocks: Block[] }[]>();
	private readonly parents = new Map<LocatedElement, LocatedElement>();
	private readonly unit: string;
	private readonly eol: string;

	constructor(
		private readonly text: string,
		private readonly root: LocatedElement
	) {
		this.eol = text.includes('\r\n') ? '\r\n' : '\n';
		const walk = (e: LocatedElement) => {
			for (const c of e.children) {
				this.parents.set(c, e);
				walk(c);
			}
		};
		walk(root);
		this.unit = this.detectUnit(root) ?? '  ';
	}

	/** The indentation step of the document: how much a child's line is indented past its parent's. */
	private detectUnit(element: LocatedElement): string | undefined {
		const own = this.ownLineIndent(element) ?? '';
		for (const c of element.children) {
			const indent = this.ownLineIndent(c);
			if (indent !== undefined && indent.length > own.length && indent.startsWith(own)) return indent.slice(own.length);
			const deeper = this.detectUnit(c);
			if (deeper !== undefined) return deeper;
		}
		return undefined;
	}

	/** The white space before the element on its line, or undefined when something else precedes it there. */
	private ownLineIndent(element: LocatedElement): string | undefined {
		const lineStart = this.text.lastIndexOf('\n', element.start - 1) + 1;
		const before = this.text.slice(lineStart, element.start);
		return /^[ \t]*$/.test(before) ? before : undefined;
	}

	private indentOf(element: LocatedElement): string {
		const own = this.ownLineIndent(element);
		if (own !== undefined) return own;
		const parent = this.parents.get(element);
		return parent === undefined ? '' : this.indentOf(parent) + this.unit;
	}

	writeFields(element: LocatedElement, fields: Fields, values: Values, key: Key | undefined): void {
		const order = fieldOrder(fields, key);
		Object.entries(fields).forEach(([name, binding], index) => {
			const value = values[name];
			if (binding.kind === 'one' || binding.kind === 'many' || binding.kind === 'flag') {
				const existing = parmsOf(element, binding.parm);
				let wanted: string[];
				if (binding.kind === 'one') wanted = typeof value === 'string' ? [value] : [];
				else if (binding.kind === 'flag') wanted = value === true ? [''] : [];
				else wanted = value as string[];
				// A `one` binding shows the first occurrence and writes only it; cleared, it removes them all (else the
				// next would show). A flag is present or not, whatever its value says.
				const covered = binding.kind === 'one' && wanted.length > 0 ? existing.slice(0, 1) : existing;
				if (binding.kind === 'flag') {
					if (wanted.length === 0) covered.forEach((p) => this.remove(p));
					else if (covered.length === 0) this.insert(this.anchorFor(element, order, index), { kind: 'parm', name: binding.parm });
					return;
				}
				const shared = Math.min(covered.length, wanted.length);
				for (let i = 0; i < shared; i++) this.setValue(covered[i], wanted[i]);
				covered.slice(shared).forEach((p) => this.remove(p));
				const anchor = this.anchorFor(element, order, index);
				for (const v of wanted.slice(shared)) this.insert(anchor, { kind: 'parm', name: binding.parm, value: v });
				return;
			}
			const children = childrenOf(element, binding.type, binding.key);
			const wanted = binding.kind === 'list' ? (value as Values[]) : isEmpty(binding.fields, value as Values) ? [] : [value as Values];
			if (binding.kind === 'child' && wanted.length === 0) {
				// A child emptied by the form goes away with its parms, unless it holds something the form does not cover
				// (a parm, a comment) or another like it follows (which the form would then show).
				const c = children[0];
				if (c === undefined) return;
				const removable = children.length === 1 && c.children.length > 0 && !this.text.slice(c.openEnd, c.closeStart ?? c.openEnd).includes('<!--');
				if (removable && onlyCovered(c, binding.fields, binding.key) && !isEmpty(binding.fields, readFields(c, binding.fields))) this.remove(c);
				else this.writeFields(c, binding.fields, emptyValues(binding.fields), binding.key);
				return;
			}
			const covered = binding.kind === 'child' ? children.slice(0, 1) : children;
			const shared = Math.min(covered.length, wanted.length);
			for (let i = 0; i < shared; i++) this.writeFields(covered[i], binding.fields, wanted[i], binding.key);
			covered.slice(shared).forEach((c) => this.remove(c));
			const anchor = this.anchorFor(element, order, index);
			for (const v of wanted.slice(shared)) this.insert(anchor, fresh(binding.type, binding.key, binding.fields, v));
		});
	}

	/** After the last kept child the form puts at or before field `index`; else at the start of the content. */
	private anchorFor(element: LocatedElement, order: (child: LocatedElement) => number | undefined, index: number): Anchor {
		let after: LocatedElement | undefined;
		for (const c of element.children) {
			if (this.removed.has(c)) continue;
			const at = order(c);
			if (at !== undefined && at <= index) after = c;
		}
		return after === undefined ? { start: element } : { after };
	}

	private setValue(parm: LocatedElement, value: string): void {
		const attribute = parm.attributes.find((a) => a.name === 'value');
		if (attribute === undefined) {
			// A parm written without a value (`<parm name="NAME"/>`) reads as ''; it gets one only when it changes.
			if (value === '') return;
			const name = parm.attributes.find((a) => a.name === 'name');
			const at = name === undefined ? parm.start + 5 : name.valueTo + 1;
			this.edits.push({ from: at, to: at, insert: ` value="${escapeAttribute(value)}"` });
			return;
		}
		if (attribute.value === value) return;
		const escaped = escapeAttribute(value);
		this.edits.push({ from: attribute.valueFrom, to: attribute.valueTo, insert: attribute.quote === "'" ? escaped.replaceAll("'", '&apos;') : escaped });
	}

	private remove(element: LocatedElement): void {
		this.removed.add(element);
		// An element alone on its line goes with its line; one sharing a line with other markup goes alone.
		const lineStart = this.text.lastIndexOf('\n', element.start - 1) + 1;
		const newline = this.text.indexOf('\n', element.end);
		const lineEnd = newline < 0 ? this.text.length : newline + 1;
		const alone = /^[ \t]*$/.test(this.text.slice(lineStart, element.start)) && /^[ \t\r]*\n?$/.test(this.text.slice(element.end, lineEnd));
		this.edits.push(alone ? { from: lineStart, to: lineEnd, insert: '' } : { from: element.start, to: element.end, insert: '' });
	}

	insert(anchor: Anchor, block: Block): void {
		const owner = 'after' in anchor ? anchor.after : anchor.start;
		const groups = this.inserts.get(owner) ?? [];
		let group = groups.find((g) => ('after' in g.anchor) === ('after' in anchor));
		if (group === undefined) {
			group = { anchor, blocks: [] };
			groups.push(group);
			this.inserts.set(owner, groups);
		}
		group.blocks.push(block);
	}

	finish(): TextEdit[] {
		for (const groups of this.inserts.values()) {
			for (const { anchor, blocks } of groups) {
				if ('after' in anchor) {
					const indent = this.indentOf(anchor.after);
					const body = blocks.map((b) => this.eol + indent + this.render(b, indent)).join('');
					this.edits.push({ from: anchor.after.end, to: anchor.after.end, insert: body });
					continue;
				}
				const parent = anchor.start;
				const indent = this.indentOf(parent);
				const kept = parent.children.filter((c) => !this.removed.has(c));
				const childIndent = kept.map((c) => this.ownLineIndent(c)).find((i) => i !== undefined) ?? indent + this.unit;
				const body = blocks.map((b) => this.eol + childIndent + this.render(b, childIndent)).join('');
				if (parent.closeStart === undefined) {
					// <characteristic type="X"/> opens up: `/>` becomes `>`, the blocks, then an end tag.
					const slash = this.text.lastIndexOf('/', parent.end - 1);
					this.edits.push({ from: slash, to: parent.end, insert: `>${body}${this.eol}${indent}</${parent.name}>` });
				} else if (parent.children.length === 0 && /^\s*$/.test(this.text.slice(parent.openEnd, parent.closeStart))) {
					this.edits.push({ from: parent.openEnd, to: parent.closeStart, insert: `${body}${this.eol}${indent}` });
				} else this.edits.push({ from: parent.openEnd, to: parent.openEnd, insert: body });
			}
		}
		return this.edits;
	}

	private render(block: Block, indent: string): string {
		if (block.kind === 'parm') {
			return block.value === undefined ? `<parm name="${escapeAttribute(block.name)}"/>` : `<parm name="${escapeAttribute(block.name)}" value="${escapeAttribute(block.value)}"/>`;
		}
		const open = `<characteristic type="${escapeAttribute(block.type)}"`;
		if (block.items.length === 0) return `${open}/>`;
		const inner = indent + this.unit;
		return `${open}>${block.items.map((b) => this.eol + inner + this.render(b, inner)).join('')}${this.eol}${indent}</characteristic>`;
	}
}

/** For each child element, the index of the field that covers it (-1 for the key parm), or undefined. */
function fieldOrder(fields: Fields, key: Key | undefined): (child: LocatedElement) => number | undefined {
	const entries = Object.values(fields);
	return (child) => {
		if (child.name === 'parm') {
			const name = attributeValue(child, 'name');
			if (key !== undefined && name === key.parm) return -1;
			const at = entries.findIndex((b) => (b.kind === 'one' || b.kind === 'many' || b.kind === 'flag') && b.parm === name);
			return at < 0 ? undefined : at;
		}
		if (child.name !== 'characteristic') return undefined;
		const type = attributeValue(child, 'type');
		const keyed = (k: Key | undefined) => k === undefined || parmsOf(child, k.parm).some((p, i) => i === 0 && parmValue(p) === k.value);
		const at = entries.findIndex((b) => (b.kind === 'child' || b.kind === 'list') && b.type === type && keyed(b.key));
		return at < 0 ? undefined : at;
	};
}

/** True when every element inside is covered by the fields (or is the key): removing it loses nothing the form does not show. */
function onlyCovered(element: LocatedElement, fields: Fields, key: Key | undefined): boolean {
	const order = fieldOrder(fields, key);
	const bindings = Object.values(fields);
	return element.children.every((c) => {
		const at = order(c);
		if (at === undefined) return false;
		if (at < 0) return true;
		const binding = bindings[at];
		if (binding.kind === 'child' || binding.kind === 'list') return onlyCovered(c, binding.fields, binding.key);
		return true;
	});
}
