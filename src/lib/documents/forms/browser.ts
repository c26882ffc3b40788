// Browser: APPLICATION with APPID w2 (client-provisioning.md §6 "w2 browser"), bookmarks as RESOURCE characteristics
// (ProvCont §5 RESOURCE: URI, NAME; STARTPAGE, a flag there, marks the home page).
import { flag, list, many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

export const BROWSER_FIELDS = {
	name: one('NAME'),
	providerId: one('PROVIDER-ID'),
	toProxy: many('TO-PROXY'),
	toNapid: many('TO-NAPID'),
	bookmarks: list('RESOURCE', { uri: one('URI'), name: one('NAME'), startpage: flag('STARTPAGE') })
} as const;

export type BrowserValues = ValuesOf<typeof BROWSER_FIELDS>;

export const browserForm = defineForm(
	'browser',
	'Browser and bookmarks (w2)',
	{ type: 'APPLICATION', key: { parm: 'APPID', value: 'w2' }, fields: BROWSER_FIELDS },
	labelFrom('Browser', 'NAME', 'PROVIDER-ID')
);
