// validateProvDoc: walks the document once against the schema (schema.ts) and reports Findings; the rules
// and their severities are listed in catalog.ts. Never throws: any ProvDoc, however odd, gives a list.
import type { SourcePosition } from '../../../codec/xml/tree';
import { clipped, echoed } from '../../../text';
import { suggestion } from '../../suggest';
import type { Characteristic, Finding, Parm, ProvDoc, Severity } from '../model';
import { ruleSeverity, type RuleId } from './catalog';
import { detectDialect, DIALECT_NAMES, type Dialect } from './dialect';
import { CHARACTERISTICS, characteristicSpec, INTERNET_NAPID, type CharacteristicSpec, type Parent, type ParmSpec, type RefTarget } from './schema';
import { SERVICES } from './values';

interface Definition {
	value: string;
	position?: SourcePosition;
}

interface Reference {
	parm: Parm;
	target: RefTarget;
}

class Context {
	readonly findings: Finding[] = [];
	readonly definitions: Record<RefTarget, Definition[]> = { NAPID: [], 'PROXY-ID': [], APPREF: [] };
	readonly references: Reference[] = [];
	/** The characteristics around the one being checked, outermost first. */
	readonly ancestors: Characteristic[] = [];

	constructor(readonly dialect: Dialect) {}

	report(rule: RuleId, message: string, position: SourcePosition | undefined, severity: Severity = ruleSeverity(rule)): void {
		const finding: Finding = { rule, severity, message, line: 0, column: 0 };
		if (position !== undefined) {
			if ('offset' in position) finding.offset = position.offset;
			else {
				finding.line = position.line;
				finding.column = position.column;
			}
		}
		this.findings.push(finding);
	}
}

const KNOWN_TYPES = Object.keys(CHARACTERISTICS);

/** `options.pause` is called every few hundred characteristics (a worker may sleep in it while its page draws a
 *  keystroke); it changes no finding. */
export function validateProvDoc(doc: ProvDoc, options: { pause?: () => void } = {}): Finding[] {
	const guess = detectDialect(doc);
	const context = new Context(guess.dialect);
	if (guess.dialect !== 'oma-cp') {
		context.report(
			'dialect',
			`document looks like a ${DIALECT_NAMES[guess.dialect]} document (${guess.evidence ?? 'evidence not recorded'}), not OMA Client Provisioning; its own characteristics are reported as warnings`,
			guess.position
		);
	}
	if (doc.characteristics.length === 0) context.report('empty-document', 'wap-provisioningdoc has no characteristic (at least one expected)', doc.position);
	const { pause } = options;
	for (let i = 0; i < doc.characteristics.length; i++) {
		if (pause !== undefined && (i & 255) === 255) pause();
		characteristic(context, doc.characteristics[i], null);
	}
	pause?.();
	references(context);
	return context.findings;
}

function characteristic(context: Context, c: Characteristic, parent: Parent): void {
	const spec = characteristicSpec(c.type);
	if (spec === undefined) {
		// Report the outermost unknown characteristic only: what is inside belongs to the same foreign tree.
		const hint = suggestion(c.type, KNOWN_TYPES);
		context.report(
			'unknown-characteristic',
			`characteristic type ${echoed(c.type)} is not an OMA CP characteristic${hint === undefined ? ` (expected one of ${KNOWN_TYPES.join(', ')})` : `; ${hint}`}`,
			c.position,
			context.dialect === 'oma-cp' ? 'error' : 'warning'
		);
		return;
	}
	if (!spec.parents.includes(parent)) {
		const inside = spec.parents.filter((p): p is string => p !== null);
		const expected = [
			...(spec.parents.includes(null) ? ['at the top level'] : []),
			...(inside.length > 0 ? [`inside ${inside.join(', ')}`] : [])
		].join(' or ');
		context.report(
			spec.placementVerified ? 'characteristic-placement' : 'characteristic-placement-unverified',
			`characteristic ${c.type} may not be ${parent === null ? 'at the top level' : `inside ${parent}`} (expected ${expected})`,
			c.position
		);
	}
	if (context.dialect === 'oma-cp') {
		for (const a of c.extraAttributes ?? []) {
			context.report('unknown-attribute', `attribute ${clipped(a.name)} is not defined on characteristic (prov.dtd defines only type)`, a.position ?? c.position);
		}
	}
	// An empty ACCESS appears in ProvCont's own examples (issue 8 §10): an access rule set with no restriction, not a
	// mistake. Other empty characteristics keep the warning.
	if (c.items.length === 0 && c.element === undefined && c.type !== 'ACCESS') {
		context.report('empty-characteristic', `characteristic ${c.type} is empty (at least one parm or characteristic expected)`, c.position);
	}
	const seen = new Map<string, Parm>();
	context.ancestors.push(c);
	for (const item of c.items) {
		if (item.kind === 'characteristic') {
			characteristic(context, item, c.type);
			continue;
		}
		parm(context, c, spec, item, seen, parent);
	}
	context.ancestors.pop();
	for (const [name, parmSpec] of Object.entries(spec.parms)) {
		if (!parmSpec.required || seen.has(name)) continue;
		if (c.type === 'APPLICATION' && name === 'APPID') {
			context.report('application-without-appid', 'characteristic APPLICATION has no parm APPID (the application it configures)', c.position);
		} else {
			context.report('parm-required', `characteristic ${c.type} has no parm ${name} (required)`, c.position);
		}
	}
	for (const child of spec.requiredChildren ?? []) {
		if (!c.items.some((item) => item.kind === 'characteristic' && item.type === child)) {
			context.report('characteristic-required', `characteristic ${c.type} has no ${child} characteristic (at least one expected)`, c.position);
		}
	}
}

function parm(context: Context, c: Characteristic, spec: CharacteristicSpec, p: Parm, seen: Map<string, Parm>, parent: Parent): void {
	if (context.dialect === 'oma-cp') {
		for (const a of p.extraAttributes ?? []) {
			context.report('unknown-attribute', `attribute ${clipped(a.name)} is not defined on parm (prov.dtd defines name and value)`, a.position ?? p.position);
		}
	}
	const parmSpec: ParmSpec | undefined = Object.hasOwn(spec.parms, p.name) ? spec.parms[p.name] : undefined;
	if (parmSpec === undefined) {
		notAllowed(context, c, spec, p);
		return;
	}
	const first = seen.get(p.name);
	if (first === undefined) seen.set(p.name, p);
	else if (parmSpec.cardinality === 'one') {
		context.report(
			'parm-repeated',
			`parm ${clipped(p.name)} appears more than once in characteristic ${c.type} (allowed once; first at ${where(first.position)})`,
			p.position
		);
	}
	if (c.type === 'PORT' && parent === 'APPADDR' && p.name === 'SERVICE') applicationService(context, p);
	else value(context, p, parmSpec);
	if (parmSpec.defines !== undefined && p.value !== undefined) {
		const definition: Definition = { value: p.value };
		if (p.valuePosition ?? p.position) definition.position = p.valuePosition ?? p.position;
		context.definitions[parmSpec.defines].push(definition);
	}
	if (parmSpec.value.kind === 'ref' && p.value !== undefined) context.references.push({ parm: p, target: parmSpec.value.target });
}

/**
 * `is not one of A, B, C`, with the closest values when there are some (issue 8 §9); a long list is then only
 * counted, so that the hint is not lost at the end of a long line.
 */
function notOneOf(value: string, values: readonly string[], what: string): string {
	const hint = suggestion(value, values);
	if (hint === undefined) return `is not one of ${values.join(', ')}`;
	return values.length > 8 ? `is not one of the ${values.length} ${what}; ${hint}` : `is not one of ${values.join(', ')}; ${hint}`;
}

function notAllowed(context: Context, c: Characteristic, spec: CharacteristicSpec, p: Parm): void {
	if (spec.openParms) {
		const appId = c.items.find((item): item is Parm => item.kind === 'parm' && item.name === 'APPID')?.value;
		const owner = c.type === 'APPLICATION' ? `application ${appId === undefined ? '(no APPID)' : clipped(appId)}` : `vendor configuration`;
		context.report('application-specific-parm', `parm ${clipped(p.name)} is not a ProvCont ${c.type} parm; taken as specific to ${owner}`, p.position);
		return;
	}
	const allowed = Object.keys(spec.parms);
	const hint = suggestion(p.name, allowed);
	context.report(
		spec.verified ? 'parm-not-allowed' : 'parm-not-allowed-unverified',
		`parm ${clipped(p.name)} is not allowed in characteristic ${c.type}${hint === undefined ? ` (allowed: ${allowed.join(', ')})` : `; ${hint}`}`,
		p.position
	);
}

function value(context: Context, p: Parm, spec: ParmSpec): void {
	const type = spec.value;
	const at = p.valuePosition ?? p.position;
	if (type.kind === 'flag') {
		if (p.value !== undefined && p.value !== '') context.report('value-flag', `parm ${p.name} takes no value, found ${echoed(p.value)}`, at);
		return;
	}
	if (p.value === undefined) {
		context.report('value-missing', `parm ${p.name} has no value`, p.position);
		return;
	}
	const v = p.value;
	switch (type.kind) {
		case 'enum': {
			const rule = type.open ? 'value-enum-open' : 'value-enum';
			const items = type.list ? v.split(',') : [v];
			const bad = items.filter((item) => !type.values.includes(item));
			if (bad.length === 0) return;
			const found = type.list && items.length > 1 ? `value ${echoed(v)} has item ${echoed(bad[0])} which` : `value ${echoed(v)}`;
			context.report(rule, `parm ${p.name} ${found} ${notOneOf(bad[0], type.values, `${p.name} values`)}`, at);
			return;
		}
		case 'integer': {
			if (type.words?.includes(v)) return;
			if (/^[0-9]{1,10}$/.test(v) && Number(v) >= type.min && Number(v) <= type.max) return;
			const range = `an integer from ${type.min} to ${type.max}`;
			const expected = type.words === undefined ? `is not ${range}` : `is neither ${range} nor ${type.words.join(', ')}`;
			context.report(type.hard ? 'value-port' : 'value-integer', `parm ${p.name} value ${echoed(v)} ${expected}`, at);
			return;
		}
		case 'text':
		case 'ref':
			return;
	}
}

/**
 * SERVICE of an application's PORT (APPADDR/PORT). The ProvCont SERVICE tokens name WAP proxy services and hold for
 * proxy ports; what an application's port offers is the application's to say. The e-mail applications (APPIDs 25,
 * 110, 143) use the port number of the service or STARTTLS ("110 default, STARTTLS, 995" for POP3, as Microsoft maps
 * OMA CP e-mail settings; 465 and 993 alike in public operator documents). Taken: a ProvCont SERVICE, STARTTLS, or a
 * decimal port; anything else is a warning, since the application's own list is not known here.
 */
function applicationService(context: Context, p: Parm): void {
	if (p.value === undefined) {
		context.report('value-missing', `parm ${p.name} has no value`, p.position);
		return;
	}
	const v = p.value;
	if ((SERVICES as readonly string[]).includes(v) || v === 'STARTTLS' || (/^[0-9]{1,5}$/.test(v) && Number(v) <= 65535)) return;
	const application = context.ancestors.find((a) => a.type === 'APPLICATION');
	const appId = application?.items.find((item): item is Parm => item.kind === 'parm' && item.name === 'APPID')?.value;
	context.report(
		'value-enum-open',
		`parm SERVICE value ${echoed(v)} of application ${appId === undefined ? '(no APPID)' : clipped(appId)} is neither a ProvCont SERVICE nor STARTTLS or a port number (what e-mail applications use)`,
		p.valuePosition ?? p.position
	);
}

const REF_RULES: Record<RefTarget, { rule: RuleId; owner: string }> = {
	NAPID: { rule: 'ref-to-napid', owner: 'NAPDEF' },
	'PROXY-ID': { rule: 'ref-to-proxy', owner: 'PXLOGICAL' },
	APPREF: { rule: 'ref-to-appref', owner: 'APPLICATION' }
};

const DUPLICATE_RULES: Record<RefTarget, RuleId> = {
	NAPID: 'duplicate-napid',
	'PROXY-ID': 'duplicate-proxy-id',
	APPREF: 'duplicate-appref'
};

function references(context: Context): void {
	for (const target of ['NAPID', 'PROXY-ID', 'APPREF'] as const) {
		const firstByValue = new Map<string, Definition>();
		for (const definition of context.definitions[target]) {
			const first = firstByValue.get(definition.value);
			if (first === undefined) firstByValue.set(definition.value, definition);
			else {
				const owner = REF_RULES[target].owner;
				context.report(
					DUPLICATE_RULES[target],
					`${target} ${echoed(definition.value)} is defined by more than one ${owner} (first at ${where(first.position)})`,
					definition.position
				);
			}
		}
	}
	// One set per target: a document with a thousand NAPDEFs and as many references compared each with every NAPID.
	const definedSets = new Map<string, Set<string>>();
	for (const { parm: p, target } of context.references) {
		const v = p.value ?? '';
		let definedSet = definedSets.get(target);
		if (definedSet === undefined) definedSets.set(target, (definedSet = new Set(context.definitions[target].map((d) => d.value))));
		if (definedSet.has(v) || (target === 'NAPID' && v === INTERNET_NAPID)) continue;
		const defined = context.definitions[target].map((d) => d.value);
		const { rule, owner } = REF_RULES[target];
		const known = defined.length === 0 ? 'none' : [...new Set(defined)].map((d) => clipped(d)).join(', ');
		const literal = target === 'NAPID' ? `, or the literal ${INTERNET_NAPID}` : '';
		context.report(rule, `parm ${p.name} value ${echoed(v)} names no ${owner} ${target} (defined: ${known}${literal})`, p.valuePosition ?? p.position);
	}
}

function where(position: SourcePosition | undefined): string {
	if (position === undefined) return 'an unknown position';
	if ('offset' in position) return `WBXML offset 0x${position.offset.toString(16).toUpperCase()}`;
	return `line ${position.line}, column ${position.column}`;
}

