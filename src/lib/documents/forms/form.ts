// A form as the studio uses it: its instances in a document, its values read from one, written into one (or a
// new one), and where each field sits in the text (for the validator's findings next to the field).
import { emptyValues, checkForm, type Fields, type FormSpec, type ValuesOf } from './binding';
import { instancesOf, locateInstance, readInstance, writeInstance, type Range } from './engine';
import { parmsOf, parmValue, type FormDocument, type LocatedElement } from './located';

/** One characteristic (or pair of them) a form can edit: its index among the form's instances and how to name it. */
export interface FormInstance {
	index: number;
	label: string;
}

export interface Form<V> {
	/** Stable id (the panel's choice, test names). */
	readonly id: string;
	/** What the panel calls it. */
	readonly title: string;
	empty(): V;
	instances(doc: FormDocument): FormInstance[];
	/** Values of instance `index` (default the first; an empty form when there is none). */
	read(doc: FormDocument, index?: number): V;
	/** Writes into instance `target` (default: the first, or a new one when there is none). */
	write(doc: FormDocument, values: V, target?: number | 'new'): FormDocument;
	/** Field path ('apn', 'auth.name', 'bookmarks.0.uri') → where it is written in the text. */
	locate(doc: FormDocument, index: number): Map<string, Range[]>;
}

/** The first value of a parm of a located characteristic. */
export function firstValue(element: LocatedElement, parm: string): string | undefined {
	const found = parmsOf(element, parm)[0];
	return found === undefined ? undefined : parmValue(found);
}

/** A form over one top-level characteristic type; `label` names an instance (NAPID, NAME…). */
export function defineForm<F extends Fields>(id: string, title: string, spec: FormSpec<F>, label: (element: LocatedElement, n: number) => string): Form<ValuesOf<F>> {
	checkForm(spec);
	return {
		id,
		title,
		empty: () => emptyValues(spec.fields),
		instances: (doc) => instancesOf(doc, spec).map((element, index) => ({ index, label: label(element, index + 1) })),
		read: (doc, index = 0) => readInstance(doc, spec, index),
		write: (doc, values, target) => writeInstance(doc, spec, values, target ?? (instancesOf(doc, spec).length > 0 ? 0 : 'new')),
		locate: (doc, index) => locateInstance(doc, spec, index)
	};
}

/** An instance label: the first of the parms that has a value, else `what` and its number ("Browser 2"). */
export function labelFrom(what: string, ...parms: string[]): (element: LocatedElement, n: number) => string {
	return (element, n) => {
		for (const parm of parms) {
			const value = firstValue(element, parm);
			if (value !== undefined && value !== '') return value;
		}
		return `${what} ${n}`;
	};
}
