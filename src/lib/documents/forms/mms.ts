// MMS: APPLICATION with APPID w4 (client-provisioning.md §6 "w4 MMS"): the MMSC URL as ADDR, reached through a proxy
// (TO-PROXY) or an access point (TO-NAPID) (ProvCont §5 APPLICATION).
import { many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

export const MMS_FIELDS = {
	name: one('NAME'),
	providerId: one('PROVIDER-ID'),
	// ProvCont §5 APPLICATION ADDR may repeat; the form covers the first, the MMSC.
	mmsc: one('ADDR'),
	toProxy: many('TO-PROXY'),
	toNapid: many('TO-NAPID')
} as const;

export type MmsValues = ValuesOf<typeof MMS_FIELDS>;

export const mmsForm = defineForm('mms', 'MMS (w4)', { type: 'APPLICATION', key: { parm: 'APPID', value: 'w4' }, fields: MMS_FIELDS }, labelFrom('MMS', 'NAME', 'PROVIDER-ID'));
