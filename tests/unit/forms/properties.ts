// The forms' round-trip properties, run by tests/unit/forms/round-trip.test.ts (a few hundred cases) and
// tests/fuzz/forms.test.ts (many more, fresh seed each run).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INCOMING_FIELDS, isEmpty, POP3_APPID, readFormDocument, type EmailValues } from '../../../src/lib/documents/forms';
import { parseProvDoc, type Characteristic } from '../../../src/lib/documents/provcont';
import { documentFor, FORM_CASES, type FormCase } from './arbitraries';

/** The document model without positions (what two texts must agree on besides white space and comments). */
function shape(text: string, strip?: FormCase): unknown {
	const doc = parseProvDoc(text);
	const appid = (c: Characteristic) => c.items.find((i) => i.kind === 'parm' && i.name === 'APPID');
	const isHost = (c: Characteristic) =>
		strip !== undefined &&
		strip.hosts.some(([type, id]) => {
			const found = appid(c);
			return c.type === type && (id === undefined || (found?.kind === 'parm' && (found.value ?? '') === id));
		});
	const characteristics = doc.characteristics.map((c) =>
		isHost(c) && strip !== undefined
			? { ...c, items: c.items.filter((i) => (i.kind === 'parm' ? keeps(strip, i) : !strip.children.includes(i.type))) }
			: c
	);
	return JSON.parse(JSON.stringify({ ...doc, characteristics }, (key, v: unknown) => (/^(position|namePosition|valuePosition|typePosition)$/.test(key) ? undefined : v)));
}

/** A parm the form does not cover: APPID is the form's key, but the e-mail form chooses between 110 and 143. */
function keeps(c: FormCase, parm: { name: string; value?: string }): boolean {
	if (parm.name === 'APPID') return !(c.form.id === 'email' && (parm.value === '110' || parm.value === '143'));
	return !c.parms.includes(parm.name);
}

/** text[from, to): from the start of the first characteristic instance `index` is made of to the end of the last. */
function span(c: FormCase, text: string, index: number): { from: number; to: number } {
	const doc = readFormDocument(text);
	const starts = [...c.form.locate(doc, index)].filter(([path]) => path === '' || path === 'incoming' || path === 'outgoing').map(([, at]) => at[0].from);
	const elements = (doc.root?.children ?? []).filter((e) => starts.includes(e.start));
	return { from: Math.min(...elements.map((e) => e.start)), to: Math.max(...elements.map((e) => e.end)) };
}

/**
 * What a form written into a new instance reads back: the values, except that a new e-mail account whose incoming
 * server has nothing but its protocol adds no incoming application (and reads as POP3, the form's default).
 */
function expected(c: FormCase, values: unknown): unknown {
	if (c.form.id !== 'email') return values;
	const { incoming, outgoing } = values as EmailValues;
	return isEmpty(INCOMING_FIELDS, { ...incoming, appid: undefined }) ? { incoming: { ...incoming, appid: POP3_APPID }, outgoing } : values;
}

/** The e-mail form pairs the n-th incoming with the n-th SMTP application: targets valid for both. */
function targets(c: FormCase, text: string): number {
	const doc = readFormDocument(text);
	if (c.form.id !== 'email') return c.form.instances(doc).length;
	const apps = parseProvDoc(text).characteristics.filter((ch) => ch.type === 'APPLICATION');
	const first = (ch: Characteristic) => {
		const p = ch.items.find((i) => i.kind === 'parm' && i.name === 'APPID');
		return p?.kind === 'parm' ? (p.value ?? '') : undefined;
	};
	const incoming = apps.filter((a) => first(a) === '110' || first(a) === '143').length;
	const outgoing = apps.filter((a) => first(a) === '25').length;
	return Math.min(incoming, outgoing);
}

export function roundTripProperties(numRuns: number): void {
	for (const c of FORM_CASES) {
		describe(`${c.form.title}: round trip`, () => {
			it('form → XML → form is the identity, written into a new document', () => {
				fc.assert(
					fc.property(c.values, fc.constantFrom('', '\n'), (values, blank) => {
						const written = c.form.write(readFormDocument(blank), values);
						const again = readFormDocument(written.text);
						expect(c.form.read(again, 0)).toEqual(expected(c, values));
						expect(written.edits).toEqual([{ from: 0, to: blank.length, insert: written.text }]);
					}),
					{ numRuns }
				);
			});

			it('form → XML → form is the identity, written into an existing instance or a new one of a document with unknown content', () => {
				fc.assert(
					fc.property(documentFor(c), c.values, fc.nat(), fc.boolean(), (text, values, pick, asNew) => {
						const doc = readFormDocument(text);
						const n = targets(c, text);
						const same = c.form.instances(doc).length;
						// A new e-mail account pairs up only when both roles have as many applications.
						const target = n === 0 || asNew ? (c.form.id === 'email' && n !== same ? 0 : 'new') : pick % n;
						if (target === 0 && n === 0) return;
						const written = c.form.write(doc, values, target);
						const index = target === 'new' ? same : target;
						expect(c.form.read(readFormDocument(written.text), index)).toEqual(target === 'new' ? expected(c, values) : values);
					}),
					{ numRuns }
				);
			});

			it('XML → form → XML gives the same bytes (unknown parms, vendor characteristics, order, comments kept)', () => {
				fc.assert(
					fc.property(documentFor(c), (text) => {
						const doc = readFormDocument(text);
						for (let i = 0; i < targets(c, text); i++) {
							const written = c.form.write(doc, c.form.read(doc, i), i);
							expect(written.edits).toEqual([]);
							expect(written.text).toBe(text);
						}
					}),
					{ numRuns }
				);
			});

			it('an edit changes only the parms and characteristics the form covers', () => {
				fc.assert(
					fc.property(documentFor(c), c.values, fc.nat(), (text, values, pick) => {
						const n = targets(c, text);
						if (n === 0) return;
						const written = c.form.write(readFormDocument(text), values, pick % n);
						expect(shape(written.text, c)).toEqual(shape(text, c));
						// Not a character outside the instance changes: comments, other characteristics, white space.
						const { from, to } = span(c, text, pick % n);
						expect(written.text.startsWith(text.slice(0, from))).toBe(true);
						expect(written.text.endsWith(text.slice(to))).toBe(true);
					}),
					{ numRuns }
				);
			});
		});
	}
}
