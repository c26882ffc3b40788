// What hovering a characteristic or a parm says: its meaning (descriptions.ts), where it comes from (the schema's
// `source` and the description's section), and what the schema allows there (parents, values, how often) — read from
// the schema the validator checks against, so the hover says what the validator will enforce.
import { describeCharacteristic, describeParm } from '../../documents/provcont/rules/descriptions';
import { characteristicSpec, INTERNET_NAPID, type ParmSpec, type ValueType } from '../../documents/provcont/rules/schema';
import { collectSymbols, enclosingCharacteristic, isCharacteristicElement, isParmElement, parmSpecOf, symbolAt } from './cp-context';
import { attributeOf, surroundings, type ScannedTag } from './xml-scan';

export interface HoverInfo {
	/** The range the hover is about (a name, a value or a tag name). */
	from: number;
	to: number;
	/** e.g. "characteristic NAPDEF", "parm BEARER in NAPDEF". */
	title: string;
	summary: string;
	/** Facts from the schema: where it may be, how often, which values. */
	facts: string[];
	/** The spec sections: the description's and the schema's `source`. */
	sections: string[];
}

export function hoverAt(text: string, offset: number): HoverInfo | null {
	const around = surroundings(text, offset);
	const tag = around.inside;
	if (tag === undefined || tag.kind !== 'start') return null;
	const onName = offset >= tag.from + 1 && offset <= tag.nameTo;
	const attribute = tag.attributes.find((a) => (a.from <= offset && offset <= a.from + a.name.length) || (a.quote !== '' && a.valueFrom <= offset && offset <= a.valueTo));
	if (!onName && attribute === undefined) return null;
	const range = onName ? { from: tag.from + 1, to: tag.nameTo } : attribute === undefined ? { from: offset, to: offset } : rangeOf(attribute, offset);
	if (isCharacteristicElement(tag.name)) return characteristicHover(tag, range);
	if (!isParmElement(tag.name)) return null;
	const enclosing = enclosingCharacteristic(around.open);
	const name = attributeOf(tag, 'name')?.value;
	if (enclosing === undefined || name === undefined) return null;
	const spec = parmSpecOf(enclosing.spec, name);
	const description = describeParm(enclosing.type, name);
	if (spec === undefined) {
		const open = enclosing.spec.openParms === true;
		return {
			...range,
			title: `parm ${name} in ${enclosing.type}`,
			summary: open ? `Not a ProvCont ${enclosing.type} parm: taken as application- or vendor-specific.` : `Not a parm of ${enclosing.type}.`,
			facts: [`${enclosing.type} takes: ${Object.keys(enclosing.spec.parms).join(', ')}`],
			sections: [enclosing.spec.source]
		};
	}
	const facts = [cardinality(spec), ...valueFacts(spec.value)];
	if (spec.secret) facts.push('A secret: the library keeps it out of storage unless secrets are kept encrypted');
	// On a reference's value: where the id it names is defined.
	if (attribute?.name === 'value' && spec.value.kind === 'ref') {
		const symbols = collectSymbols(text);
		const here = symbolAt(symbols, offset);
		if (here !== undefined) {
			const target = symbols.find((s) => s.role === 'definition' && s.target === here.target && s.value === here.value);
			if (target !== undefined) facts.push(`"${here.value}" is defined by the ${target.parm} of a ${target.characteristic}, line ${lineOf(text, target.tag.from)} (F12 goes there)`);
			else if (here.target === 'NAPID' && here.value === INTERNET_NAPID) facts.push(`"${INTERNET_NAPID}" names the Internet, not a NAPDEF`);
			else facts.push(`No ${here.target} "${here.value}" is defined in this document`);
		}
	}
	return {
		...range,
		title: `parm ${name} in ${enclosing.type}`,
		summary: description?.summary ?? '',
		facts,
		sections: [...(description === undefined ? [] : [description.section]), enclosing.spec.source]
	};
}

function characteristicHover(tag: ScannedTag, range: { from: number; to: number }): HoverInfo | null {
	const type = attributeOf(tag, 'type')?.value;
	if (type === undefined) return null;
	const spec = characteristicSpec(type);
	if (spec === undefined) {
		return { ...range, title: `characteristic ${type}`, summary: 'Not an OMA CP characteristic type.', facts: [], sections: ['client-provisioning.md §5, §2 (type= tokens)'] };
	}
	const description = describeCharacteristic(type);
	const where = spec.parents.map((p) => (p === null ? 'the top level' : p)).join(', ');
	const facts = [`May be in: ${where}${spec.placementVerified ? '' : ' (placement UNVERIFIED)'}`, `Parms: ${Object.keys(spec.parms).join(', ')}${spec.openParms ? ', and application/vendor-specific ones' : ''}`];
	const required = Object.entries(spec.parms).filter(([, p]) => p.required).map(([n]) => n);
	if (required.length > 0) facts.push(`Required: ${required.join(', ')}`);
	if (spec.requiredChildren !== undefined) facts.push(`Needs at least one ${spec.requiredChildren.join(', ')}`);
	return {
		...range,
		title: `characteristic ${type}`,
		summary: description?.summary ?? '',
		facts,
		sections: [...(description === undefined ? [] : [description.section]), spec.source]
	};
}

function rangeOf(attribute: { from: number; name: string; valueFrom: number; valueTo: number }, offset: number): { from: number; to: number } {
	if (offset <= attribute.from + attribute.name.length && offset >= attribute.from) return { from: attribute.from, to: attribute.from + attribute.name.length };
	return { from: attribute.valueFrom, to: attribute.valueTo };
}

function cardinality(spec: ParmSpec): string {
	return `${spec.required ? 'Required' : 'Optional'}, ${spec.cardinality === 'one' ? 'at most once' : 'may repeat'}`;
}

function valueFacts(type: ValueType): string[] {
	switch (type.kind) {
		case 'text':
			return ['Value: text'];
		case 'flag':
			return ['Written without a value'];
		case 'enum':
			return [`Value${type.list ? 's (comma-separated)' : ''}: ${type.values.join(', ')}${type.open ? ' (not a closed list)' : ''}`];
		case 'integer':
			return [`Value: an integer from ${type.min} to ${type.max}${type.words === undefined ? '' : ` or ${type.words.join(', ')}`}`];
		case 'ref':
			return [`Value: names a ${type.target}${type.target === 'NAPID' ? ` (or ${INTERNET_NAPID})` : ''}`];
	}
}

function lineOf(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
