// XmlDocument → ProvDoc, checking the structure prov.dtd gives (OMA-WAP-ProvCont §5):
//   wap-provisioningdoc (characteristic+)   characteristic (parm | characteristic)+ type #REQUIRED
//   parm EMPTY, name #REQUIRED, value #IMPLIED
// Anything the model cannot hold is a ProvDocError; what it can hold but the rules dislike is left to
// validateProvDoc. Windows CSP element variants (characteristic-query, nocharacteristic, parm-query, noparm)
// share this root and are kept, so a document of that dialect is never refused.
import { parseXml, XmlError } from '../../codec/xml';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode } from '../../codec/xml/tree';
import { escapedUnprintable } from '../../text';
import { ProvDocError } from './error';
import type { Characteristic, Parm, ProvDoc } from './model';

export const ROOT_ELEMENT = 'wap-provisioningdoc';

export function parseProvDoc(text: string): ProvDoc {
	let document: XmlDocument;
	try {
		document = parseXml(text);
	} catch (error) {
		if (error instanceof XmlError) {
			throw new ProvDocError('not-well-formed', { line: error.line, column: error.column }, error.reason);
		}
		throw error;
	}
	return provDocFromXml(document);
}

export function provDocFromXml(document: XmlDocument): ProvDoc {
	const root = document.root;
	if (root.name !== ROOT_ELEMENT) {
		throw new ProvDocError('not-provisioning-doc', root.position, `root element is <${root.name}>, expected <${ROOT_ELEMENT}>`);
	}
	const doc: ProvDoc = { characteristics: [] };
	const version = attribute(root, 'version');
	if (version !== undefined) doc.version = version.value;
	if (root.position !== undefined) doc.position = root.position;
	for (const child of contentElements(root)) {
		if (!isCharacteristicElement(child.name)) {
			throw new ProvDocError('bad-structure', child.position, `<${child.name}> in <${ROOT_ELEMENT}>, expected <characteristic>`);
		}
		doc.characteristics.push(characteristic(child));
	}
	return doc;
}

function characteristic(element: XmlElement): Characteristic {
	const type = attribute(element, 'type');
	if (type === undefined) {
		throw new ProvDocError('bad-structure', element.position, `<${element.name}> has no type attribute`);
	}
	const result: Characteristic = { kind: 'characteristic', type: type.value, items: [] };
	if (element.position !== undefined) result.position = element.position;
	if (type.position !== undefined) result.typePosition = type.position;
	if (element.name === 'characteristic-query' || element.name === 'nocharacteristic') result.element = element.name;
	const extra = element.attributes.filter((a) => a.name !== 'type');
	if (extra.length > 0) result.extraAttributes = extra.map(copyAttribute);
	for (const child of contentElements(element)) {
		if (isCharacteristicElement(child.name)) result.items.push(characteristic(child));
		else if (isParmElement(child.name)) result.items.push(parm(child));
		else {
			throw new ProvDocError(
				'bad-structure',
				child.position,
				`<${child.name}> in characteristic ${type.value}, expected <parm> or <characteristic>`
			);
		}
	}
	return result;
}

function parm(element: XmlElement): Parm {
	const name = attribute(element, 'name');
	if (name === undefined) throw new ProvDocError('bad-structure', element.position, `<${element.name}> has no name attribute`);
	// prov.dtd: parm EMPTY. Whitespace between <parm> and </parm> is tolerated, anything else is not.
	const content = element.children.find((child) => !isBlank(child));
	if (content !== undefined) {
		const what = content.kind === 'element' ? `element <${content.name}>` : 'text';
		throw new ProvDocError('bad-structure', content.position ?? element.position, `parm ${name.value} must be empty, found ${what}`);
	}
	const result: Parm = { kind: 'parm', name: name.value };
	const value = attribute(element, 'value');
	if (value !== undefined) result.value = value.value;
	if (element.position !== undefined) result.position = element.position;
	if (name.position !== undefined) result.namePosition = name.position;
	if (value?.position !== undefined) result.valuePosition = value.position;
	if (element.name === 'parm-query' || element.name === 'noparm') result.element = element.name;
	const extra = element.attributes.filter((a) => a.name !== 'name' && a.name !== 'value');
	if (extra.length > 0) result.extraAttributes = extra.map(copyAttribute);
	return result;
}

/** Element children; text that is not whitespace is a structure error (element content only, §5 DTD). */
function contentElements(parent: XmlElement): XmlElement[] {
	const elements: XmlElement[] = [];
	for (const child of parent.children) {
		if (child.kind === 'element') elements.push(child);
		else if (!isBlank(child)) {
			const text = child.kind === 'text' ? child.text.trim() : `${child.bytes.length} bytes of opaque data`;
			const shown = escapedUnprintable(text.length > 20 ? `${text.slice(0, 20)}...` : text);
			throw new ProvDocError('bad-structure', child.position ?? parent.position, `text "${shown}" in <${parent.name}>, expected only elements`);
		}
	}
	return elements;
}

function isBlank(node: XmlNode): boolean {
	if (node.kind === 'text') return /^[ \t\r\n]*$/.test(node.text);
	if (node.kind === 'opaque') return node.bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
	return false;
}

function isCharacteristicElement(name: string): boolean {
	return name === 'characteristic' || name === 'characteristic-query' || name === 'nocharacteristic';
}

function isParmElement(name: string): boolean {
	return name === 'parm' || name === 'parm-query' || name === 'noparm';
}

function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
	return element.attributes.find((a) => a.name === name);
}

function copyAttribute(a: XmlAttribute): XmlAttribute {
	return a.position === undefined ? { name: a.name, value: a.value } : { name: a.name, value: a.value, position: a.position };
}
