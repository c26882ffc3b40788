// What the editor offers at the cursor in a wap-provisioningdoc, decided from the schema the validator checks
// against (schema.ts), so that nothing offered is then reported:
// - in `<characteristic type="…">`: the types whose `parents` include the enclosing characteristic (null at the top);
// - in `<parm name="…">`: the parms of the enclosing characteristic, less those allowed once and already there;
// - in `<parm value="…">`: the enumeration of the parm (an item of a comma-separated list for AAUTHTYPE), the words
//   of an integer parm (LINKSPEED AUTOBAUDING), or for a reference the ids the document defines (TO-NAPID: NAPDEF
//   NAPIDs and INTERNET; TO-PROXY: PROXY-IDs; TO-APPREF: APPREFs); a flag takes no value, so nothing;
// - between tags, a word being typed: whole `<characteristic>` and `<parm>` elements for the same lists, a flag parm
//   without value (`<parm name="INTERNET"/>`, client-provisioning.md §5).
// Pure: text and offset in, a list out; the CodeMirror source (cp-completion-source.ts) only wraps it.
import { describeCharacteristic, describeParm } from '../../documents/provcont/rules/descriptions';
import { CHARACTERISTICS, INTERNET_NAPID, type Parent, type ParmSpec } from '../../documents/provcont/rules/schema';
import { collectSymbols, enclosingCharacteristic, isCharacteristicElement, isParmElement, parentOf, parmSpecOf, parmsInside } from './cp-context';
import { attributeOf, escapeAttributeValue, surroundings, type ScannedAttribute, type ScannedTag } from './xml-scan';

export interface CompletionItem {
	label: string;
	kind: 'characteristic' | 'parm' | 'value' | 'reference';
	/** A few words shown beside the label. */
	detail: string;
	/** The meaning, for the completion's info panel. */
	info?: string;
	/**
	 * What replaces from..to, in CodeMirror snippet syntax when `snippet` is true (`${}` marks where the caret goes,
	 * a tab in a new line is one indent unit); the label itself when absent.
	 */
	insert?: string;
	snippet?: boolean;
}

export interface Completions {
	/** The range the chosen item replaces; the text from `from` to the cursor is what the list is filtered by. */
	from: number;
	to: number;
	items: CompletionItem[];
	/** Characters that keep the list open while typing (as a regular expression source). */
	validFor: string;
}

export interface CompletionOptions {
	/** Asked for (Ctrl-Space): between tags, offer elements even when no word has been typed yet. */
	explicit?: boolean;
}

/** The characteristic types allowed under `parent` (the schema's `parents`), in schema order. */
export function characteristicTypesUnder(parent: Parent): string[] {
	return Object.entries(CHARACTERISTICS)
		.filter(([, spec]) => spec.parents.includes(parent))
		.map(([type]) => type);
}

export function completionsAt(text: string, offset: number, options: CompletionOptions = {}): Completions | null {
	const around = surroundings(text, offset);
	if (around.inMarkup) return null;
	if (around.inside !== undefined) return inTag(text, offset, around.inside, around.open);
	return betweenTags(text, offset, around.open, options.explicit === true);
}

function inTag(text: string, offset: number, tag: ScannedTag, open: ScannedTag[]): Completions | null {
	if (tag.kind !== 'start') return null;
	const attribute = tag.attributes.find((a) => a.quote !== '' && a.valueFrom <= offset && offset <= a.valueTo);
	if (attribute === undefined) return null;
	if (isCharacteristicElement(tag.name) && attribute.name === 'type') {
		const parent = parentOf(open);
		if (parent === undefined) return null;
		return whole(attribute, characteristicTypesUnder(parent).map((type) => characteristicItem(type, parent, false)));
	}
	if (!isParmElement(tag.name)) return null;
	const enclosing = enclosingCharacteristic(open);
	if (enclosing === undefined) return null;
	if (attribute.name === 'name') {
		const names = allowedParms(text, enclosing.tag, enclosing.spec.parms, tag);
		return whole(attribute, names.map((name) => parmItem(enclosing.type, name, enclosing.spec.parms[name], false)));
	}
	if (attribute.name !== 'value') return null;
	const name = attributeOf(tag, 'name')?.value;
	const spec = name === undefined ? undefined : parmSpecOf(enclosing.spec, name);
	if (spec === undefined || name === undefined) return null;
	return valueCompletions(text, offset, attribute, name, spec);
}

function valueCompletions(text: string, offset: number, attribute: ScannedAttribute, name: string, spec: ParmSpec): Completions | null {
	const type = spec.value;
	switch (type.kind) {
		case 'enum': {
			const items = type.values.map((value): CompletionItem => ({ label: value, kind: 'value', detail: `${name} value` }));
			if (!type.list) return whole(attribute, items);
			// AAUTHTYPE is a comma-separated list (§4 page-1 fragments): complete the item the cursor is in.
			const raw = text.slice(attribute.valueFrom, attribute.valueTo);
			const at = offset - attribute.valueFrom;
			const from = attribute.valueFrom + raw.lastIndexOf(',', at - 1) + 1;
			const next = raw.indexOf(',', at);
			return { from, to: next < 0 ? attribute.valueTo : attribute.valueFrom + next, items, validFor: '^[A-Za-z0-9-]*$' };
		}
		case 'integer':
			return type.words === undefined ? null : whole(attribute, type.words.map((word) => ({ label: word, kind: 'value', detail: `${name} value` })));
		case 'ref': {
			const defined = new Map<string, string>();
			for (const symbol of collectSymbols(text)) {
				if (symbol.role === 'definition' && symbol.target === type.target && !defined.has(symbol.value)) {
					defined.set(symbol.value, `${symbol.target} of ${symbol.characteristic}`);
				}
			}
			if (type.target === 'NAPID' && !defined.has(INTERNET_NAPID)) defined.set(INTERNET_NAPID, 'the Internet (no NAPDEF)');
			const quote = attribute.quote === "'" ? "'" : '"';
			const items = [...defined].map(([value, detail]): CompletionItem => {
				const escaped = escapeAttributeValue(value, quote);
				return escaped === value ? { label: value, kind: 'reference', detail } : { label: value, kind: 'reference', detail, insert: escaped };
			});
			return whole(attribute, items);
		}
		case 'flag':
		case 'text':
			return null;
	}
}

/** The parms of `parms` that may still be added: all, less those allowed once that are already there (but `self`). */
function allowedParms(text: string, characteristic: ScannedTag, parms: Readonly<Record<string, ParmSpec>>, self: ScannedTag | undefined): string[] {
	const present = new Set(parmsInside(text, characteristic).filter((p) => p.tag.from !== self?.from).map((p) => p.name));
	return Object.entries(parms)
		.filter(([name, spec]) => spec.cardinality === 'repeatable' || !present.has(name))
		.map(([name]) => name);
}

function betweenTags(text: string, offset: number, open: ScannedTag[], explicit: boolean): Completions | null {
	// The word being typed: letters, digits and '-' back to a space or '>'.
	let from = offset;
	while (from > 0 && /[A-Za-z0-9-]/.test(text[from - 1])) from--;
	if (from > 0 && !/[\s>]/.test(text[from - 1])) return null;
	if (from === offset && !explicit) return null;
	let to = offset;
	while (to < text.length && /[A-Za-z0-9-]/.test(text[to])) to++;
	const parent = parentOf(open);
	if (parent === undefined) return null;
	const items = characteristicTypesUnder(parent).map((type) => characteristicItem(type, parent, true));
	const enclosing = enclosingCharacteristic(open);
	if (enclosing !== undefined) {
		for (const name of allowedParms(text, enclosing.tag, enclosing.spec.parms, undefined)) {
			items.push(parmItem(enclosing.type, name, enclosing.spec.parms[name], true));
		}
	}
	return { from, to, items, validFor: '^[A-Za-z0-9-]*$' };
}

function whole(attribute: ScannedAttribute, items: CompletionItem[]): Completions {
	return { from: attribute.valueFrom, to: attribute.valueTo, items, validFor: '^[^"\'<&,]*$' };
}

function characteristicItem(type: string, parent: Parent, element: boolean): CompletionItem {
	const item: CompletionItem = { label: type, kind: 'characteristic', detail: parent === null ? 'characteristic' : `characteristic in ${parent}` };
	const description = describeCharacteristic(type);
	if (description !== undefined) item.info = description.summary;
	if (element) {
		item.insert = `<characteristic type="${type}">\n\t\${}\n</characteristic>`;
		item.snippet = true;
	}
	return item;
}

function parmItem(characteristic: string, name: string, spec: ParmSpec, element: boolean): CompletionItem {
	const value = spec.value;
	const shape =
		value.kind === 'enum' ? 'one of a list' : value.kind === 'flag' ? 'flag, no value' : value.kind === 'ref' ? `names a ${value.target}` : value.kind === 'integer' ? 'integer' : 'text';
	const item: CompletionItem = {
		label: name,
		kind: 'parm',
		detail: `parm${spec.required ? ', required' : ''}${spec.cardinality === 'repeatable' ? ', repeatable' : ''} (${shape})`
	};
	const description = describeParm(characteristic, name);
	if (description !== undefined) item.info = description.summary;
	if (element) {
		item.insert = value.kind === 'flag' ? `<parm name="${name}"/>` : `<parm name="${name}" value="\${}"/>`;
		item.snippet = true;
	}
	return item;
}
