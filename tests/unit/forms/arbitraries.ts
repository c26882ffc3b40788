// fast-check generators for the forms' property tests (tests/unit/forms, tests/fuzz/forms.test.ts): form values from
// a form's own field bindings, and documents written as people and tools write them — comments anywhere, parms the
// forms do not know, vendor characteristics, other applications, tabs or four spaces, single quotes, CRLF,
// `<parm …></parm>`, self-closing characteristics.
import fc from 'fast-check';
import type { Fields } from '../../../src/lib/documents/forms';
import {
	apnForm,
	bootstrapForm,
	browserForm,
	dmAccountForm,
	emailForm,
	mmsForm,
	proxyForm,
	APN_FIELDS,
	BOOTSTRAP_FIELDS,
	BROWSER_FIELDS,
	DM_ACCOUNT_FIELDS,
	INCOMING_FIELDS,
	MMS_FIELDS,
	OUTGOING_FIELDS,
	PROXY_FIELDS,
	type Form
} from '../../../src/lib/documents/forms';

/** Attribute text: XML's specials, white space the parser normalises unless escaped, non-ASCII, astral. */
export const value = (): fc.Arbitrary<string> =>
	fc.string({
		unit: fc.constantFrom('a', 'Z', '0', '.', ':', '/', ' ', '<', '>', '&', '"', "'", '\t', '\n', '\r', 'é', '中', '😀', '-', '='),
		maxLength: 12
	});

/** Values for fields: a parm absent or present (empty text included), lists of 0–3. */
export function valuesOf(fields: Fields, overrides: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
	const record: Record<string, fc.Arbitrary<unknown>> = {};
	for (const [name, binding] of Object.entries(fields)) {
		if (overrides[name] !== undefined) record[name] = overrides[name];
		else if (binding.kind === 'one') record[name] = fc.option(value(), { nil: undefined });
		else if (binding.kind === 'many') record[name] = fc.array(value(), { maxLength: 3 });
		else if (binding.kind === 'flag') record[name] = fc.boolean();
		else if (binding.kind === 'child') record[name] = valuesOf(binding.fields);
		else record[name] = fc.array(valuesOf(binding.fields), { maxLength: 3 });
	}
	return fc.record(record);
}

export interface FormCase {
	form: Form<unknown>;
	values: fc.Arbitrary<unknown>;
	/** The top-level characteristics the form edits, as generated documents hold them: [type, APPID]. */
	hosts: readonly (readonly [string, string | undefined])[];
	/** Parm and characteristic names the form covers inside its characteristics (for generated content). */
	parms: readonly string[];
	children: readonly string[];
}

function names(fields: Fields): { parms: string[]; children: string[] } {
	const parms: string[] = [];
	const children: string[] = [];
	for (const b of Object.values(fields)) {
		if (b.kind === 'child' || b.kind === 'list') {
			children.push(b.type);
			const inner = names(b.fields);
			parms.push(...inner.parms);
			children.push(...inner.children);
		} else parms.push(b.parm);
	}
	return { parms, children };
}

const asForm = <V>(form: Form<V>): Form<unknown> => form as Form<unknown>;

export const FORM_CASES: readonly FormCase[] = [
	{ form: asForm(apnForm), values: valuesOf(APN_FIELDS), hosts: [['NAPDEF', undefined]], ...names(APN_FIELDS) },
	{ form: asForm(proxyForm), values: valuesOf(PROXY_FIELDS), hosts: [['PXLOGICAL', undefined]], ...names(PROXY_FIELDS) },
	{ form: asForm(browserForm), values: valuesOf(BROWSER_FIELDS), hosts: [['APPLICATION', 'w2']], ...names(BROWSER_FIELDS) },
	{ form: asForm(mmsForm), values: valuesOf(MMS_FIELDS), hosts: [['APPLICATION', 'w4']], ...names(MMS_FIELDS) },
	{
		form: asForm(emailForm),
		values: fc.record({ incoming: valuesOf(INCOMING_FIELDS, { appid: fc.constantFrom('110', '143') }), outgoing: valuesOf(OUTGOING_FIELDS) }),
		hosts: [
			['APPLICATION', '110'],
			['APPLICATION', '143'],
			['APPLICATION', '25']
		],
		parms: [...names(INCOMING_FIELDS).parms, ...names(OUTGOING_FIELDS).parms],
		children: names(INCOMING_FIELDS).children
	},
	{ form: asForm(dmAccountForm), values: valuesOf(DM_ACCOUNT_FIELDS), hosts: [['APPLICATION', 'w7']], ...names(DM_ACCOUNT_FIELDS) },
	{ form: asForm(bootstrapForm), values: valuesOf(BOOTSTRAP_FIELDS), hosts: [['BOOTSTRAP', undefined]], ...names(BOOTSTRAP_FIELDS) }
];

// A generated document: a tree rendered in one of several styles.
type Node = { kind: 'parm'; name: string; value?: string; open?: boolean } | { kind: 'char'; type: string; items: Node[] } | { kind: 'comment'; text: string };

const VENDOR_PARMS = ['X-VENDOR', 'INIT', 'CACHE', 'X-Foo', 'LINGER'];
const VENDOR_TYPES = ['VENDORCONFIG', 'X-NOKIA', 'CLIENTIDENTITY', 'ACCESS'];

const comment = (): fc.Arbitrary<Node> => fc.constantFrom('note', ' kept ', 'a <b> & c', 'x-y').map((text) => ({ kind: 'comment' as const, text }));
const parmNode = (names: readonly string[]): fc.Arbitrary<Node> =>
	fc.record({ kind: fc.constant('parm' as const), name: fc.constantFrom(...names), value: fc.option(value(), { nil: undefined }), open: fc.boolean() });

/** Content of a characteristic the form edits: its parms, others, comments, its sub-characteristics with content. */
function content(parms: readonly string[], children: readonly string[], depth: number): fc.Arbitrary<Node[]> {
	const items: fc.Arbitrary<Node>[] = [parmNode(parms), parmNode(VENDOR_PARMS), comment()];
	if (depth > 0 && children.length > 0) {
		items.push(
			fc.record({ kind: fc.constant('char' as const), type: fc.constantFrom(...children), items: content(parms, children, depth - 1) }),
			fc.record({ kind: fc.constant('char' as const), type: fc.constantFrom(...VENDOR_TYPES), items: fc.array(parmNode(VENDOR_PARMS), { maxLength: 2 }) })
		);
	}
	return fc.array(fc.oneof(...items), { maxLength: 8 });
}

/** A top-level characteristic of one of `hosts`, its APPID (when it has one) among its first parms or not at all. */
function host(c: FormCase): fc.Arbitrary<Node> {
	return fc.tuple(fc.constantFrom(...c.hosts), content(c.parms, c.children, 3), fc.nat(3)).map(([[type, appid], items, at]) => {
		const all = [...items];
		if (appid !== undefined) all.splice(Math.min(at, all.length), 0, { kind: 'parm', name: 'APPID', value: appid });
		return { kind: 'char' as const, type, items: all };
	});
}

/** Anything else at the top level: other applications, a vendor characteristic, an access point, comments. */
const other = (): fc.Arbitrary<Node> =>
	fc.oneof(
		comment(),
		fc.record({ kind: fc.constant('char' as const), type: fc.constantFrom(...VENDOR_TYPES), items: fc.array(parmNode(VENDOR_PARMS), { minLength: 1, maxLength: 3 }) }),
		fc.constantFrom('w2', 'w4', 'w7', '25', '110', 'ap0004', 'w5').map(
			(appid): Node => ({ kind: 'char', type: 'APPLICATION', items: [{ kind: 'parm', name: 'APPID', value: appid }, { kind: 'parm', name: 'NAME', value: 'other' }] })
		),
		fc.constant<Node>({ kind: 'char', type: 'NAPDEF', items: [{ kind: 'parm', name: 'NAPID', value: 'OTHER' }] })
	);

export interface Style {
	indent: string;
	quote: '"' | "'";
	eol: '\n' | '\r\n';
	prolog: boolean;
}

const style = (): fc.Arbitrary<Style> =>
	fc.record({ indent: fc.constantFrom('  ', '\t', '    ', ' '), quote: fc.constantFrom<'"' | "'">('"', "'"), eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), prolog: fc.boolean() });

function attribute(text: string, quote: '"' | "'"): string {
	const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
	return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&apos;');
}

function render(node: Node, indent: string, s: Style): string {
	const q = s.quote;
	if (node.kind === 'comment') return `${indent}<!--${node.text}-->`;
	if (node.kind === 'parm') {
		const attrs = `name=${q}${attribute(node.name, q)}${q}${node.value === undefined ? '' : ` value=${q}${attribute(node.value, q)}${q}`}`;
		return `${indent}<parm ${attrs}${node.open === true ? '></parm>' : '/>'}`;
	}
	const open = `${indent}<characteristic type=${q}${attribute(node.type, q)}${q}`;
	if (node.items.length === 0) return `${open}/>`;
	return [`${open}>`, ...node.items.map((i) => render(i, indent + s.indent, s)), `${indent}</characteristic>`].join(s.eol);
}

/** A document with `hosts` of the form's kind and other characteristics, in random order, rendered in a random style. */
export function documentFor(c: FormCase): fc.Arbitrary<string> {
	return fc.tuple(fc.array(fc.oneof(host(c), other()), { maxLength: 6 }), style()).map(([items, s]) => {
		const lines: string[] = [];
		if (s.prolog) lines.push('<?xml version="1.0"?>', '<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">');
		lines.push('<wap-provisioningdoc version="1.1">', ...items.map((i) => render(i, s.indent, s)), '</wap-provisioningdoc>');
		return lines.join(s.eol) + s.eol;
	});
}
