// Test helpers: build trees by hand, write them as XML text for xml2wbxml, run libwbxml's tools.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XmlDocument, XmlElement, XmlNode } from '../../../src/lib/codec/xml/tree';
import { fromHex } from '../../../src/lib/codec/hex';

export function el(name: string, attributes: Record<string, string> = {}, ...children: (XmlNode | string)[]): XmlElement {
	return {
		kind: 'element',
		name,
		attributes: Object.entries(attributes).map(([n, value]) => ({ name: n, value })),
		children: children.map((c) => (typeof c === 'string' ? { kind: 'text', text: c } : c))
	};
}

export const parm = (name: string, value?: string): XmlElement => el('parm', value === undefined ? { name } : { name, value });
export const chr = (type: string, ...children: XmlNode[]): XmlElement => el('characteristic', { type }, ...children);

export const PROV_FPI = '-//WAPFORUM//DTD PROV 1.0//EN';
export const PROV_DTD = 'http://www.wapforum.org/DTD/prov.dtd';
export const provDoc = (root: XmlElement): XmlDocument => ({ root, publicId: PROV_FPI, systemId: PROV_DTD });

/** Bytes from spaced hex with ASCII runs written as "text" in the vectors. */
export function bytes(spec: string): Uint8Array {
	const hex = spec.replace(/"([^"]*)"/g, (_, s: string) => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join(' '));
	return fromHex(hex);
}

/** A tree without positions, for comparing decoded trees with hand-built ones. */
export function strip(node: XmlNode): XmlNode {
	if (node.kind === 'element') {
		return {
			kind: 'element',
			name: node.name,
			attributes: node.attributes.map((a) => ({ name: a.name, value: a.value })),
			children: node.children.map(strip)
		};
	}
	if (node.kind === 'text') return { kind: 'text', text: node.text };
	return { kind: 'opaque', bytes: node.bytes };
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toXmlText(doc: XmlDocument): string {
	const write = (n: XmlNode): string => {
		if (n.kind === 'text') return escape(n.text);
		if (n.kind === 'opaque') throw new Error('opaque has no XML text form here');
		const attrs = n.attributes.map((a) => ` ${a.name}="${escape(a.value)}"`).join('');
		return n.children.length === 0 ? `<${n.name}${attrs}/>` : `<${n.name}${attrs}>${n.children.map(write).join('')}</${n.name}>`;
	};
	const doctype = doc.publicId ? `<!DOCTYPE ${doc.root.name} PUBLIC "${doc.publicId}" "${doc.systemId ?? ''}">\n` : '';
	return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}${write(doc.root)}\n`;
}

let scratch: string | undefined;
const dir = (): string => (scratch ??= mkdtempSync(join(tmpdir(), 'wbxml-test-')));

/** Runs libwbxml's xml2wbxml (ORACLES.md §1) on the document; `-n` when stringTable is false. */
export function xml2wbxml(doc: XmlDocument, stringTable = true): Uint8Array {
	const file = join(dir(), `in-${Math.random().toString(36).slice(2)}.xml`);
	writeFileSync(file, toXmlText(doc));
	const out = execFileSync('xml2wbxml', [...(stringTable ? [] : ['-n']), '-o', '-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
	return new Uint8Array(out);
}

/** Runs wbxml2xml -m 0 (compact) on bytes and returns the XML text. */
export function wbxml2xml(data: Uint8Array): string {
	const file = join(dir(), `in-${Math.random().toString(36).slice(2)}.wbxml`);
	writeFileSync(file, data);
	return execFileSync('wbxml2xml', ['-m', '0', '-o', '-', file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
