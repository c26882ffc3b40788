// WAP/HTTP proxy: PXLOGICAL (ProvCont §5 PXLOGICAL) with its credentials (§5 PXAUTHINFO) and the physical proxies
// it is reached through (§5 PXPHYSICAL: address, address type, the access points it uses, its PORTs §5 PORT).
import { child, list, many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

export const PROXY_FIELDS = {
	proxyId: one('PROXY-ID'),
	name: one('NAME'),
	// ProvCont §6.1 example 1: in PXLOGICAL STARTPAGE holds the home page URL.
	startpage: one('STARTPAGE'),
	auth: child('PXAUTHINFO', { type: one('PXAUTH-TYPE'), id: one('PXAUTH-ID'), password: one('PXAUTH-PW') }),
	physical: list('PXPHYSICAL', {
		id: one('PHYSICAL-PROXY-ID'),
		address: one('PXADDR'),
		addressType: one('PXADDRTYPE'),
		toNapid: many('TO-NAPID'),
		ports: list('PORT', { number: one('PORTNBR'), services: many('SERVICE') })
	})
} as const;

export type ProxyValues = ValuesOf<typeof PROXY_FIELDS>;

export const proxyForm = defineForm('proxy', 'Proxy', { type: 'PXLOGICAL', fields: PROXY_FIELDS }, labelFrom('Proxy', 'PROXY-ID', 'NAME'));
