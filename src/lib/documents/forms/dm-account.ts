// OMA DM account: APPLICATION with APPID w7 (client-provisioning.md §6, DM Bootstrap "CP profile"): PROVIDER-ID is
// the DMAcc ServerID, APPADDR the server's address, one APPAUTH per level — AAUTHLEVEL APPSRV holds the client's
// credentials (→ CLCRED), CLIENT the server's (→ SRVCRED) (DM StdObj Appendix, §6 table).
import { child, many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

const AUTH = { type: one('AAUTHTYPE'), name: one('AAUTHNAME'), secret: one('AAUTHSECRET'), data: one('AAUTHDATA') } as const;

export const DM_ACCOUNT_FIELDS = {
	providerId: one('PROVIDER-ID'),
	name: one('NAME'),
	toNapid: many('TO-NAPID'),
	toProxy: many('TO-PROXY'),
	address: child('APPADDR', { addr: one('ADDR'), addrType: one('ADDRTYPE'), port: child('PORT', { number: one('PORTNBR') }) }),
	clientAuth: child('APPAUTH', AUTH, { parm: 'AAUTHLEVEL', value: 'APPSRV' }),
	serverAuth: child('APPAUTH', AUTH, { parm: 'AAUTHLEVEL', value: 'CLIENT' })
} as const;

export type DmAccountValues = ValuesOf<typeof DM_ACCOUNT_FIELDS>;

export const dmAccountForm = defineForm(
	'dm-account',
	'DM account (w7)',
	{ type: 'APPLICATION', key: { parm: 'APPID', value: 'w7' }, fields: DM_ACCOUNT_FIELDS },
	labelFrom('DM account', 'NAME', 'PROVIDER-ID')
);
