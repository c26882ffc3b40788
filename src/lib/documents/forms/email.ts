// E-mail account: two APPLICATIONs, the incoming server (APPID 110 POP3 or 143 IMAP4) and the outgoing one (APPID 25
// SMTP), the APPIDs being the servers' well-known ports as OMNA registers them for CP. Each has its server in APPADDR
// (ADDR, and PORT with PORTNBR and SERVICE, ProvCont §5 APPADDR/PORT) and its login in APPAUTH (AAUTHNAME,
// AAUTHSECRET, §5 APPAUTH); FROM (the sender's address) is an application parm of SMTP (APPLICATION takes them, §5).
// The form's instance n is the n-th incoming application with the n-th SMTP application.
import { child, emptyValues, many, one, type FormSpec, type ValuesOf } from './binding';
import { instancesOf, locateInstance, readInstance, writeInstances, type InstanceWrite, type Range } from './engine';
import { firstValue, type Form, type FormInstance } from './form';
import { checkForm, isEmpty } from './binding';
import type { FormDocument } from './located';

export const POP3_APPID = '110';
export const IMAP_APPID = '143';
export const SMTP_APPID = '25';

const SERVER = {
	providerId: one('PROVIDER-ID'),
	name: one('NAME'),
	toNapid: many('TO-NAPID'),
	address: child('APPADDR', { addr: one('ADDR'), port: child('PORT', { number: one('PORTNBR'), services: many('SERVICE') }) }),
	auth: child('APPAUTH', { name: one('AAUTHNAME'), secret: one('AAUTHSECRET') })
} as const;

export const INCOMING_FIELDS = { appid: one('APPID'), ...SERVER } as const;
export const OUTGOING_FIELDS = { ...SERVER, from: one('FROM') } as const;

const INCOMING: FormSpec<typeof INCOMING_FIELDS> = {
	type: 'APPLICATION',
	select: (appid) => appid === POP3_APPID || appid === IMAP_APPID,
	fields: INCOMING_FIELDS
};
const OUTGOING: FormSpec<typeof OUTGOING_FIELDS> = { type: 'APPLICATION', key: { parm: 'APPID', value: SMTP_APPID }, fields: OUTGOING_FIELDS };
checkForm(INCOMING);
checkForm(OUTGOING);

export interface EmailValues {
	/** APPID 110 (POP3) or 143 (IMAP4) in `appid`. */
	incoming: ValuesOf<typeof INCOMING_FIELDS>;
	outgoing: ValuesOf<typeof OUTGOING_FIELDS>;
}

function count(doc: FormDocument): { incoming: number; outgoing: number } {
	return { incoming: instancesOf(doc, INCOMING).length, outgoing: instancesOf(doc, OUTGOING).length };
}

export const emailForm: Form<EmailValues> = {
	id: 'email',
	title: 'E-mail (POP3/IMAP, SMTP)',
	// An account not written yet reads as POP3: the protocol is a choice, never blank, and alone it adds nothing.
	empty: () => ({ incoming: { ...emptyValues(INCOMING_FIELDS), appid: POP3_APPID }, outgoing: emptyValues(OUTGOING_FIELDS) }),
	instances(doc: FormDocument): FormInstance[] {
		const incoming = instancesOf(doc, INCOMING);
		const outgoing = instancesOf(doc, OUTGOING);
		return Array.from({ length: Math.max(incoming.length, outgoing.length) }, (_, index) => {
			const named = [incoming[index], outgoing[index]].map((e) => (e === undefined ? undefined : (firstValue(e, 'NAME') ?? firstValue(e, 'PROVIDER-ID'))));
			return { index, label: named.find((n) => n !== undefined && n !== '') ?? `E-mail account ${index + 1}` };
		});
	},
	read(doc, index = 0) {
		const incoming = instancesOf(doc, INCOMING)[index] === undefined ? { ...emptyValues(INCOMING_FIELDS), appid: POP3_APPID } : readInstance(doc, INCOMING, index);
		return { incoming, outgoing: readInstance(doc, OUTGOING, index) };
	},
	write(doc, values, target) {
		const counts = count(doc);
		const index = target ?? (counts.incoming > 0 || counts.outgoing > 0 ? 0 : 'new');
		const writes: InstanceWrite[] = [];
		const role = (spec: FormSpec, roleValues: Record<string, unknown>, existing: number) => {
			if (index !== 'new' && index < existing) writes.push({ spec, values: roleValues, target: index });
			// A server the account does not have yet is added only when the form gives it a value (the protocol alone is none).
			else if (!isEmpty(spec.fields, { ...roleValues, appid: undefined })) writes.push({ spec, values: roleValues, target: 'new' });
		};
		role(INCOMING, values.incoming, counts.incoming);
		role(OUTGOING, values.outgoing, counts.outgoing);
		return writeInstances(doc, writes);
	},
	locate(doc, index) {
		const ranges = new Map<string, Range[]>();
		for (const [prefix, spec] of [['incoming', INCOMING], ['outgoing', OUTGOING]] as const) {
			for (const [path, at] of locateInstance(doc, spec, index)) ranges.set(path === '' ? prefix : `${prefix}.${path}`, at);
		}
		return ranges;
	}
};
