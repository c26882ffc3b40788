// The type of a place a placeholder stands in, from the one schema table the validator uses (provcont
// rules/schema.ts): a PORTNBR value is a port, a BEARER value one of the BEARER tokens, a TO-NAPID value a NAPID
// defined in the same document. A row's value is checked here with the validator's own rules and messages
// (rules/validate.ts: value(), applicationService(), references()); tests/unit/template/row-checks.test.ts holds
// the two to the same findings on random rows. Only these rules depend on a parm's value; every other rule is
// checked once on the template.
import { echoed, clipped } from '../../text';
import { characteristicSpec, CHARACTERISTICS, INTERNET_NAPID, type ParmSpec, type RefTarget, type Severity, type ValueType } from '../provcont';
import { suggestion } from '../suggest';

/** What is known about a value's place. */
export type SlotType =
	/** Any text: a parm ProvCont gives no type, an attribute other than a parm's value, a DM text field. */
	| { kind: 'text'; secret: boolean }
	/** A parm value typed by the schema. */
	| { kind: 'parm'; characteristic: string; parm: string; spec: ParmSpec }
	/** SERVICE of an application's port (APPADDR/PORT): a ProvCont SERVICE, STARTTLS or a port (validate.ts). */
	| { kind: 'application-service' };

const TEXT: SlotType = { kind: 'text', secret: false };

/** Characteristic elements and parm elements (prov.dtd and the Windows CSP variants, provcont/from-xml.ts). */
export const CHARACTERISTIC_ELEMENTS: ReadonlySet<string> = new Set(['characteristic', 'characteristic-query', 'nocharacteristic']);
export const PARM_ELEMENTS: ReadonlySet<string> = new Set(['parm', 'parm-query', 'noparm']);

/** The type of the value of parm `parm` in characteristic `chain` (outermost first). */
export function parmSlotType(chain: readonly string[], parm: string): SlotType {
	const type = chain[chain.length - 1];
	if (type === undefined) return TEXT;
	const spec = characteristicSpec(type);
	if (spec === undefined || !Object.hasOwn(spec.parms, parm)) return TEXT;
	if (type === 'PORT' && chain[chain.length - 2] === 'APPADDR' && parm === 'SERVICE') return { kind: 'application-service' };
	return { kind: 'parm', characteristic: type, parm, spec: spec.parms[parm] };
}

export function isSecretSlot(slot: SlotType): boolean {
	return slot.kind === 'text' ? slot.secret : slot.kind === 'parm' && slot.spec.secret === true;
}

/** A type that only some strings satisfy: a placeholder must be the whole value there (or a whole list item). */
export function isClosedSlot(slot: SlotType): boolean {
	if (slot.kind === 'application-service') return true;
	if (slot.kind !== 'parm') return false;
	const kind = slot.spec.value.kind;
	return kind === 'enum' || kind === 'integer' || kind === 'flag';
}

/** How the place is named in messages: `parm PORTNBR of PORT`. */
export function describeSlot(slot: SlotType): string | undefined {
	if (slot.kind === 'application-service') return 'parm SERVICE of an application port (APPADDR/PORT)';
	if (slot.kind === 'parm') return `parm ${slot.parm} of ${slot.characteristic}`;
	return undefined;
}

/** What a value there must be, for a person: `an integer from 0 to 65535`. */
export function describeType(slot: SlotType): string {
	if (slot.kind === 'application-service') return 'a ProvCont SERVICE, STARTTLS or a port number';
	if (slot.kind === 'text') return slot.secret ? 'text (secret)' : 'text';
	const type = slot.spec.value;
	switch (type.kind) {
		case 'enum': {
			const list = type.values.length > 8 ? `one of the ${type.values.length} ${slot.parm} values` : `one of ${type.values.join(', ')}`;
			return `${type.list ? 'a comma-separated list, each ' : ''}${list}${type.open ? ' (others are warned about)' : ''}`;
		}
		case 'integer':
			return `an integer from ${type.min} to ${type.max}${type.words === undefined ? '' : ` or ${type.words.join(', ')}`}`;
		case 'flag':
			return 'no value (a flag)';
		case 'ref':
			return `a ${type.target} defined in the document${type.target === 'NAPID' ? ` or ${INTERNET_NAPID}` : ''}`;
		case 'text':
			return slot.spec.secret ? 'text (secret)' : 'text';
	}
}

/**
 * A value that satisfies the type: the stand-in for a placeholder when the template is validated with its
 * placeholders in place. undefined where any text does (the placeholder then stays as written, `${X}`).
 */
export function representative(slot: SlotType): string | undefined {
	if (slot.kind === 'application-service') return firstService();
	if (slot.kind !== 'parm') return undefined;
	const type = slot.spec.value;
	if (type.kind === 'enum') return type.values[0];
	if (type.kind === 'integer') return String(type.min);
	if (type.kind === 'flag') return '';
	return undefined;
}

function firstService(): string {
	const service = CHARACTERISTICS.PORT.parms.SERVICE.value;
	return service.kind === 'enum' ? service.values[0] : 'STARTTLS';
}

/** Whether some one value satisfies both closed types (a placeholder standing alone in both places). */
export function compatible(a: SlotType, b: SlotType): boolean {
	const accepts = (slot: SlotType, value: string): boolean => valueProblem(slot, value, () => '', undefined) === undefined;
	for (const [x, y] of [
		[a, b],
		[b, a]
	] as const) {
		for (const value of sampleValues(x)) if (accepts(y, value)) return true;
	}
	return false;
}

/** Values of a closed type, enough to find one another type accepts: every enumerated value, the ends of a range. */
function sampleValues(slot: SlotType): string[] {
	if (slot.kind === 'application-service') {
		const service = CHARACTERISTICS.PORT.parms.SERVICE.value;
		return [...(service.kind === 'enum' ? service.values : []), 'STARTTLS', '0', '65535'];
	}
	if (slot.kind !== 'parm') return [];
	const type = slot.spec.value;
	if (type.kind === 'enum') return [...type.values];
	if (type.kind === 'integer') return [String(type.min), String(type.max), ...(type.words ?? [])];
	if (type.kind === 'flag') return [''];
	return [];
}

export interface ValueProblem {
	rule: string;
	severity: Severity;
	message: string;
}

const SEVERITY: Readonly<Record<string, Severity>> = {
	'value-enum': 'error',
	'value-enum-open': 'warning',
	'value-port': 'error',
	'value-integer': 'warning',
	'value-flag': 'warning'
};

/**
 * The validator's finding for `value` in this place, or undefined (validate.ts value() / applicationService(), same
 * rules and messages). `show` writes the value into the message (echoed, or a stand-in for a secret); `appId` names
 * the application of an application port.
 */
export function valueProblem(slot: SlotType, value: string, show: (value: string) => string, appId: string | undefined, secret = false): ValueProblem | undefined {
	if (slot.kind === 'application-service') {
		const services: readonly string[] = (() => {
			const service = CHARACTERISTICS.PORT.parms.SERVICE.value;
			return service.kind === 'enum' ? service.values : [];
		})();
		if (services.includes(value) || value === 'STARTTLS' || (/^[0-9]{1,5}$/.test(value) && Number(value) <= 65535)) return undefined;
		return problem(
			'value-enum-open',
			`parm SERVICE value ${show(value)} of application ${appId === undefined ? '(no APPID)' : clipped(appId)} is neither a ProvCont SERVICE nor STARTTLS or a port number (what e-mail applications use)`
		);
	}
	if (slot.kind !== 'parm') return undefined;
	const type: ValueType = slot.spec.value;
	const name = slot.parm;
	switch (type.kind) {
		case 'flag':
			return value !== '' ? problem('value-flag', `parm ${name} takes no value, found ${show(value)}`) : undefined;
		case 'enum': {
			const rule = type.open ? 'value-enum-open' : 'value-enum';
			const items = type.list ? value.split(',') : [value];
			const bad = items.filter((item) => !type.values.includes(item));
			if (bad.length === 0) return undefined;
			const found = type.list && items.length > 1 ? `value ${show(value)} has item ${show(bad[0])} which` : `value ${show(value)}`;
			return problem(rule, `parm ${name} ${found} ${notOneOf(bad[0], type.values, `${name} values`, secret)}`);
		}
		case 'integer': {
			if (type.words?.includes(value)) return undefined;
			if (/^[0-9]{1,10}$/.test(value) && Number(value) >= type.min && Number(value) <= type.max) return undefined;
			const range = `an integer from ${type.min} to ${type.max}`;
			const expected = type.words === undefined ? `is not ${range}` : `is neither ${range} nor ${type.words.join(', ')}`;
			return problem(type.hard ? 'value-port' : 'value-integer', `parm ${name} value ${show(value)} ${expected}`);
		}
		case 'text':
		case 'ref':
			return undefined;
	}
}

function problem(rule: string, message: string): ValueProblem {
	return { rule, severity: SEVERITY[rule] ?? 'error', message };
}

/** validate.ts notOneOf; no "did you mean" for a secret (it would tell how close the secret is to a value). */
function notOneOf(value: string, values: readonly string[], what: string, secret: boolean): string {
	const hint = secret ? undefined : suggestion(value, values);
	if (hint === undefined) return `is not one of ${values.join(', ')}`;
	return values.length > 8 ? `is not one of the ${values.length} ${what}; ${hint}` : `is not one of ${values.join(', ')}; ${hint}`;
}

/** The message stand-in for a secret value: what it is, never the value. */
export function secretShown(placeholder: string): string {
	return `(the value of \${${placeholder}}, a secret, not shown)`;
}

export { echoed };

// References (validate.ts references()): the owners and rules per target.
export const REF_RULES: Readonly<Record<RefTarget, { rule: string; owner: string; duplicate: string; severity: Severity; duplicateSeverity: Severity }>> = {
	NAPID: { rule: 'ref-to-napid', owner: 'NAPDEF', duplicate: 'duplicate-napid', severity: 'error', duplicateSeverity: 'error' },
	'PROXY-ID': { rule: 'ref-to-proxy', owner: 'PXLOGICAL', duplicate: 'duplicate-proxy-id', severity: 'error', duplicateSeverity: 'error' },
	APPREF: { rule: 'ref-to-appref', owner: 'APPLICATION', duplicate: 'duplicate-appref', severity: 'warning', duplicateSeverity: 'warning' }
};

export const REF_TARGETS: readonly RefTarget[] = ['NAPID', 'PROXY-ID', 'APPREF'];

/** `line 3, column 5` as validate.ts where() writes a position. */
export function whereText(position: { line: number; column: number } | undefined): string {
	if (position === undefined || position.line === 0) return 'an unknown position';
	return `line ${position.line}, column ${position.column}`;
}

/** validate.ts: the list of defined ids in a dangling-reference message. */
export function definedList(defined: readonly string[], target: RefTarget): string {
	const known = defined.length === 0 ? 'none' : [...new Set(defined)].map((d) => clipped(d)).join(', ');
	const literal = target === 'NAPID' ? `, or the literal ${INTERNET_NAPID}` : '';
	return `${known}${literal}`;
}
