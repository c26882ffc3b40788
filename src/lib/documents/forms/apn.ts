// GPRS/UMTS access point: a NAPDEF whose NAP-ADDRESS is the APN (ProvCont §5 NAPDEF; NAP-ADDRTYPE APN, §7.3 token 0x89),
// with the user name and password in NAPAUTHINFO (§5 NAPAUTHINFO) and the DNS servers as DNS-ADDR.
import { child, flag, many, one, type ValuesOf } from './binding';
import { defineForm, labelFrom } from './form';

export const APN_FIELDS = {
	napid: one('NAPID'),
	// ProvCont §5 NAPDEF: BEARER may repeat (an access point reachable over GPRS and UMTS bearers).
	bearers: many('BEARER'),
	name: one('NAME'),
	apn: one('NAP-ADDRESS'),
	addressType: one('NAP-ADDRTYPE'),
	// ProvCont §5 NAPDEF INTERNET: this access point reaches the Internet (a flag, written without value).
	internet: flag('INTERNET'),
	dns: many('DNS-ADDR'),
	linger: one('LINGER'),
	auth: child('NAPAUTHINFO', { type: one('AUTHTYPE'), name: one('AUTHNAME'), secret: one('AUTHSECRET') })
} as const;

export type ApnValues = ValuesOf<typeof APN_FIELDS>;

export const apnForm = defineForm('apn', 'Access point (APN)', { type: 'NAPDEF', fields: APN_FIELDS }, labelFrom('Access point', 'NAPID', 'NAME'));
