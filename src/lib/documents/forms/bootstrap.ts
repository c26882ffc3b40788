// The BOOTSTRAP characteristic (ProvCont §5 BOOTSTRAP): the name of the provisioning context, the networks it is valid
// in, the trusted proxies (PROXY-ID) and the URL of the provisioning server.
import { many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

export const BOOTSTRAP_FIELDS = {
	name: one('NAME'),
	network: many('NETWORK'),
	country: one('COUNTRY'),
	proxyIds: many('PROXY-ID'),
	provUrl: one('PROVURL'),
	contextAllow: one('CONTEXT-ALLOW')
} as const;

export type BootstrapValues = ValuesOf<typeof BOOTSTRAP_FIELDS>;

export const bootstrapForm = defineForm('bootstrap', 'Bootstrap', { type: 'BOOTSTRAP', fields: BOOTSTRAP_FIELDS }, labelFrom('Bootstrap', 'NAME'));
