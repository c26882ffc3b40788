// The CP reading of the scanned XML (xml-scan.ts): which characteristic encloses a position, and which ids
// (NAPID, PROXY-ID, APPREF) a document defines and refers to. It reads the schema the validator reads (schema.ts),
// the same way validate.ts walks a ProvDoc: a parm's spec is looked up in its characteristic's parms by exact
// name; the content of a characteristic of unknown type is not looked at (validate.ts reports it and returns).
import { characteristicSpec, type CharacteristicSpec, type Parent, type ParmSpec, type RefTarget } from '../../documents/provcont/rules/schema';
import { attributeOf, scanTags, type ScannedAttribute, type ScannedTag } from './xml-scan';

export const CP_ROOT = 'wap-provisioningdoc';

/** prov.dtd's characteristic, and the Windows CSP spellings provDocFromXml reads as one (from-xml.ts). */
export function isCharacteristicElement(name: string): boolean {
	return name === 'characteristic' || name === 'characteristic-query' || name === 'nocharacteristic';
}

export function isParmElement(name: string): boolean {
	return name === 'parm' || name === 'parm-query' || name === 'noparm';
}

/**
 * The parent a new child at this place would have, in the schema's terms: null at the top level (in the root), the
 * type of the enclosing characteristic, or undefined when the place is neither (outside the root, inside a parm, or
 * inside a characteristic without a type).
 */
export function parentOf(open: readonly ScannedTag[]): Parent | undefined {
	const last = open[open.length - 1];
	if (last === undefined) return undefined;
	if (last.name === CP_ROOT) return null;
	if (isCharacteristicElement(last.name)) return attributeOf(last, 'type')?.value;
	return undefined;
}

/** The enclosing characteristic's start tag, type and spec (undefined when not in a characteristic of a known type). */
export function enclosingCharacteristic(open: readonly ScannedTag[]): { tag: ScannedTag; type: string; spec: CharacteristicSpec } | undefined {
	const last = open[open.length - 1];
	if (last === undefined || !isCharacteristicElement(last.name)) return undefined;
	const type = attributeOf(last, 'type')?.value;
	if (type === undefined) return undefined;
	const spec = characteristicSpec(type);
	return spec === undefined ? undefined : { tag: last, type, spec };
}

export function parmSpecOf(spec: CharacteristicSpec, name: string): ParmSpec | undefined {
	return Object.hasOwn(spec.parms, name) ? spec.parms[name] : undefined;
}

/** The names of the parms directly inside the characteristic whose start tag is `start` (not in nested characteristics). */
export function parmsInside(text: string, start: ScannedTag): { name: string; tag: ScannedTag }[] {
	const found: { name: string; tag: ScannedTag }[] = [];
	let depth = 0;
	scanTags(
		text,
		(tag) => {
			if (tag.kind === 'end') {
				if (depth === 0) return false;
				depth--;
				return;
			}
			if (depth === 0 && isParmElement(tag.name)) {
				const name = attributeOf(tag, 'name');
				if (name !== undefined) found.push({ name: name.value, tag });
			}
			if (!tag.selfClosing) depth++;
		},
		start.to
	);
	return found;
}

/** A parm whose value defines or names an id. */
export interface CpSymbol {
	target: RefTarget;
	role: 'definition' | 'reference';
	/** The id (the attribute value with references replaced). */
	value: string;
	parm: string;
	/** The characteristic type the parm is in. */
	characteristic: string;
	/** The parm's start tag and its value attribute (offsets of the value between the quotes). */
	tag: ScannedTag;
	attribute: ScannedAttribute;
}

/**
 * Every definition (NAPDEF NAPID, PXLOGICAL PROXY-ID, APPLICATION APPREF) and reference (TO-NAPID, TO-PROXY,
 * TO-APPREF) in the document, in document order: the parms validate.ts collects for its ref-* and duplicate-* rules.
 */
export function collectSymbols(text: string): CpSymbol[] {
	const symbols: CpSymbol[] = [];
	// The characteristic types open around the current tag; '' for an element that is no characteristic (the root).
	const stack: { name: string; type: string | undefined; known: boolean }[] = [];
	// Depth at which a characteristic of unknown type was opened: its content is not read (as validate.ts).
	let skipBelow = -1;
	scanTags(text, (tag) => {
		if (tag.kind === 'end') {
			for (let k = stack.length - 1; k >= 0; k--) {
				if (stack[k].name === tag.name) {
					stack.length = k;
					break;
				}
			}
			if (skipBelow >= 0 && stack.length <= skipBelow) skipBelow = -1;
			return;
		}
		if (skipBelow < 0 && isParmElement(tag.name)) {
			const around = stack[stack.length - 1];
			const spec = around?.type === undefined ? undefined : characteristicSpec(around.type);
			const name = attributeOf(tag, 'name')?.value;
			const value = attributeOf(tag, 'value');
			const parmSpec = spec === undefined || name === undefined ? undefined : parmSpecOf(spec, name);
			if (parmSpec !== undefined && value !== undefined && value.quote !== '' && around?.type !== undefined && name !== undefined) {
				const common = { value: value.value, parm: name, characteristic: around.type, tag, attribute: value };
				if (parmSpec.defines !== undefined) symbols.push({ target: parmSpec.defines, role: 'definition', ...common });
				if (parmSpec.value.kind === 'ref') symbols.push({ target: parmSpec.value.target, role: 'reference', ...common });
			}
		}
		if (tag.selfClosing) return;
		const isCharacteristic = isCharacteristicElement(tag.name);
		const type = isCharacteristic ? attributeOf(tag, 'type')?.value : undefined;
		const known = !isCharacteristic || (type !== undefined && characteristicSpec(type) !== undefined);
		stack.push({ name: tag.name, type, known });
		if (skipBelow < 0 && !known) skipBelow = stack.length - 1;
	});
	return symbols;
}

/** The symbol whose value holds `offset` (between its quotes, ends included). */
export function symbolAt(symbols: readonly CpSymbol[], offset: number): CpSymbol | undefined {
	return symbols.find((s) => s.attribute.valueFrom <= offset && offset <= s.attribute.valueTo);
}
