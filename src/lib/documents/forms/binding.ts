// How a form's fields map onto a characteristic: each field is bound to a parm (one value, a repeatable list, a
// flag) or to a sub-characteristic (one, or a list of them). The names and the kind of each parm come from the
// schema table the validator and the editor's completion use (provcont/rules/schema.ts): a form is checked against
// it when it is defined (checkForm), so a form can never offer a parm or a value the validator calls wrong.
import { characteristicSpec, type ParmSpec } from '../provcont';

export interface OneBinding {
	readonly kind: 'one';
	readonly parm: string;
}
export interface ManyBinding {
	readonly kind: 'many';
	readonly parm: string;
}
export interface FlagBinding {
	readonly kind: 'flag';
	readonly parm: string;
}
/** A parm that selects which sub-characteristic a binding means (APPAUTH with AAUTHLEVEL APPSRV). */
export interface Key {
	readonly parm: string;
	readonly value: string;
}
export interface ChildBinding<F extends Fields = Fields> {
	readonly kind: 'child';
	readonly type: string;
	readonly key?: Key;
	readonly fields: F;
}
export interface ListBinding<F extends Fields = Fields> {
	readonly kind: 'list';
	readonly type: string;
	readonly key?: Key;
	readonly fields: F;
}
export type Binding = OneBinding | ManyBinding | FlagBinding | ChildBinding | ListBinding;
export type Fields = { readonly [field: string]: Binding };

/** The values of a form with these fields: a parm absent is `undefined` / `[]` / `false`; a child is present when any of its values is. */
export type ValuesOf<F extends Fields> = {
	-readonly [K in keyof F]: F[K] extends OneBinding
		? string | undefined
		: F[K] extends ManyBinding
			? string[]
			: F[K] extends FlagBinding
				? boolean
				: F[K] extends ChildBinding<infer G>
					? ValuesOf<G>
					: F[K] extends ListBinding<infer G>
						? ValuesOf<G>[]
						: never;
};

export const one = (parm: string): OneBinding => ({ kind: 'one', parm });
export const many = (parm: string): ManyBinding => ({ kind: 'many', parm });
export const flag = (parm: string): FlagBinding => ({ kind: 'flag', parm });
export const child = <F extends Fields>(type: string, fields: F, key?: Key): ChildBinding<F> =>
	key === undefined ? { kind: 'child', type, fields } : { kind: 'child', type, fields, key };
export const list = <F extends Fields>(type: string, fields: F, key?: Key): ListBinding<F> =>
	key === undefined ? { kind: 'list', type, fields } : { kind: 'list', type, fields, key };

/** A form over top-level characteristics of one type (NAPDEF, or APPLICATION with APPID w4). */
export interface FormSpec<F extends Fields = Fields> {
	/** Top-level characteristic type. */
	readonly type: string;
	/** Written first into a new characteristic, and selects the form's characteristics (APPID w4). */
	readonly key?: Key;
	/** Which characteristics of `type` the form edits, when a key alone cannot say (e-mail: APPID 110 or 143). */
	readonly select?: (appid: string | undefined) => boolean;
	readonly fields: F;
}

/** The schema's entry for a parm of a characteristic; undefined for a parm of an open characteristic (APPLICATION). */
export function parmSpec(type: string, parm: string): ParmSpec | undefined {
	const spec = characteristicSpec(type);
	return spec !== undefined && Object.hasOwn(spec.parms, parm) ? spec.parms[parm] : undefined;
}

/** The values the schema allows for a parm (an enumeration), or undefined for free text. */
export function allowedValues(type: string, parm: string): readonly string[] | undefined {
	const value = parmSpec(type, parm)?.value;
	return value?.kind === 'enum' ? value.values : undefined;
}

/**
 * Checks every binding of a form against the schema: the characteristic exists and may sit where the form puts it,
 * the parm is defined for it (or the characteristic is open to application parms), a `many` binding is repeatable,
 * a `flag` is a flag and the others are not. Throws on a mismatch: a programming error, found by the forms' unit test.
 */
export function checkForm(spec: FormSpec): void {
	const top = characteristicSpec(spec.type);
	if (top === undefined || !top.parents.includes(null)) throw new Error(`form: ${spec.type} is not a top-level characteristic in the schema`);
	if (spec.key !== undefined) checkParm(spec.type, one(spec.key.parm));
	checkFields(spec.type, spec.fields);
}

function checkFields(type: string, fields: Fields): void {
	for (const binding of Object.values(fields)) {
		if (binding.kind === 'child' || binding.kind === 'list') {
			const sub = characteristicSpec(binding.type);
			if (sub === undefined || !sub.parents.includes(type)) throw new Error(`form: ${binding.type} may not sit inside ${type} in the schema`);
			if (binding.key !== undefined) checkParm(binding.type, one(binding.key.parm));
			checkFields(binding.type, binding.fields);
		} else checkParm(type, binding);
	}
}

function checkParm(type: string, binding: OneBinding | ManyBinding | FlagBinding): void {
	const parm = parmSpec(type, binding.parm);
	if (parm === undefined) {
		if (characteristicSpec(type)?.openParms === true) return;
		throw new Error(`form: ${type} has no parm ${binding.parm} in the schema`);
	}
	const isFlag = parm.value.kind === 'flag';
	if (binding.kind === 'flag' ? !isFlag : isFlag) throw new Error(`form: ${type} ${binding.parm} is ${isFlag ? '' : 'not '}a flag in the schema`);
	// A `one` binding of a repeatable parm (APPLICATION ADDR) covers its first occurrence and leaves the others.
	if (binding.kind === 'many' && parm.cardinality !== 'repeatable') throw new Error(`form: ${type} ${binding.parm} is not repeatable in the schema`);
}

/** The values of an empty form. */
export function emptyValues<F extends Fields>(fields: F): ValuesOf<F> {
	const values: Record<string, unknown> = {};
	for (const [name, binding] of Object.entries(fields)) {
		if (binding.kind === 'one') values[name] = undefined;
		else if (binding.kind === 'many' || binding.kind === 'list') values[name] = [];
		else if (binding.kind === 'flag') values[name] = false;
		else values[name] = emptyValues(binding.fields);
	}
	return values as ValuesOf<F>;
}

/** True when no field holds a value (a child characteristic with these values is absent). */
export function isEmpty(fields: Fields, values: Record<string, unknown>): boolean {
	return Object.entries(fields).every(([name, binding]) => {
		const value = values[name];
		if (binding.kind === 'one') return value === undefined;
		if (binding.kind === 'flag') return value !== true;
		if (binding.kind === 'many' || binding.kind === 'list') return !Array.isArray(value) || value.length === 0;
		return isEmpty(binding.fields, (value ?? {}) as Record<string, unknown>);
	});
}
