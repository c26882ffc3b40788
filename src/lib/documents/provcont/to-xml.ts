// ProvDoc → XmlDocument / text with the PROV 1.0 DOCTYPE (WAP-183-ProvCont; ProvCont 1.1 kept the same
// public id, see client-provisioning.md header) so xml2wbxml recognises the language.
import { serializeXml } from '../../codec/xml';
import type { XmlAttribute, XmlDocument, XmlElement } from '../../codec/xml/tree';
import { ROOT_ELEMENT } from './from-xml';
import type { Characteristic, Parm, ProvDoc } from './model';

export const PROV_PUBLIC_ID = '-//WAPFORUM//DTD PROV 1.0//EN';
export const PROV_SYSTEM_ID = 'http://www.wapforum.org/DTD/prov.dtd';

export function provDocToXml(doc: ProvDoc): XmlDocument {
	const attributes: XmlAttribute[] = doc.version === undefined ? [] : [{ name: 'version', value: doc.version }];
	const root: XmlElement = { kind: 'element', name: ROOT_ELEMENT, attributes, children: doc.characteristics.map(characteristic) };
	return { root, publicId: PROV_PUBLIC_ID, systemId: PROV_SYSTEM_ID };
}

/** Canonical XML text of the document (DOCTYPE PROV 1.0, two-space indent). */
export function serializeProvDoc(doc: ProvDoc): string {
	return serializeXml(provDocToXml(doc));
}

function characteristic(c: Characteristic): XmlElement {
	const attributes: XmlAttribute[] = [{ name: 'type', value: c.type }, ...extra(c.extraAttributes)];
	const children = c.items.map((item) => (item.kind === 'parm' ? parm(item) : characteristic(item)));
	return { kind: 'element', name: c.element ?? 'characteristic', attributes, children };
}

function parm(p: Parm): XmlElement {
	const attributes: XmlAttribute[] = [{ name: 'name', value: p.name }];
	if (p.value !== undefined) attributes.push({ name: 'value', value: p.value });
	attributes.push(...extra(p.extraAttributes));
	return { kind: 'element', name: p.element ?? 'parm', attributes, children: [] };
}

function extra(attributes: XmlAttribute[] | undefined): XmlAttribute[] {
	return (attributes ?? []).map((a) => ({ name: a.name, value: a.value }));
}
