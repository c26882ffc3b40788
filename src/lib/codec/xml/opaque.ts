// How WBXML OPAQUE bytes (WAP-192 §5.8.4.6) are written in XML text, so that they come back as OPAQUE, the same
// bytes in the same place (decode → XML → encode keeps them):
// - a CDATA section is OPAQUE, both ways, as in libwbxml: xml2wbxml encodes every CDATA section as OPAQUE
//   (wbxml_encoder.c parse_cdata) and wbxml2xml writes OPAQUE in a SyncML Data as CDATA. Used when a CDATA section
//   carries the bytes unchanged: UTF-8 of XML characters (§2.2), no "]]>" (§2.7), no CR (§2.11 turns CR LF and lone
//   CR into LF), not empty. Each section is one OPAQUE; text around it stays text.
// - anything else (binary data, a vCard with CR LF) is `<opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">`
//   holding the bytes in base64 (RFC 4648 §4). libwbxml has no such marker: its wbxml2xml writes these bytes raw
//   into the text (not well-formed when they are binary), and its xml2wbxml would encode the marker as a LITERAL
//   element. The namespace keeps the element apart from any language's own `opaque`.
// An embedded WBXML document that its language announces (SyncML DevInf, TNDS) is decoded to elements instead
// (codec/wbxml/embedded.ts), as wbxml2xml shows it.

export const OPAQUE_ELEMENT = 'opaque';
export const OPAQUE_NAMESPACE = 'urn:x-provisioning-studio:wbxml-opaque';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The bytes as a string when they are well-formed UTF-8, otherwise undefined. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
	try {
		return decoder.decode(bytes);
	} catch {
		return undefined;
	}
}

/** True when every character may appear in XML 1.0 content (§2.2 Char). */
export function isXmlChars(value: string): boolean {
	return !/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(value);
}

/** The text a CDATA section holding exactly these bytes contains, or undefined when none can. */
export function cdataText(bytes: Uint8Array): string | undefined {
	if (bytes.length === 0) return undefined;
	const text = utf8OrUndefined(bytes);
	if (text === undefined || !isXmlChars(text) || text.includes(']]>') || text.includes('\r')) return undefined;
	return text;
}

/** OPAQUE bytes as XML text: a CDATA section, or the marker element with base64. */
export function opaqueXml(bytes: Uint8Array): string {
	const text = cdataText(bytes);
	if (text !== undefined) return `<![CDATA[${text}]]>`;
	return bytes.length === 0 ? `<${OPAQUE_ELEMENT} xmlns="${OPAQUE_NAMESPACE}"/>` : `<${OPAQUE_ELEMENT} xmlns="${OPAQUE_NAMESPACE}">${base64(bytes)}</${OPAQUE_ELEMENT}>`;
}

/** The bytes of a CDATA section (it is UTF-8 text in the tree). */
export function cdataBytes(text: string): Uint8Array {
	return encoder.encode(text);
}

/**
 * The bytes a marker element stands for: undefined when the element is not the marker (another `opaque`), an error
 * reason when it is one but does not hold base64.
 */
export function markerBytes(element: {
	name: string;
	attributes: readonly { name: string; value: string }[];
	children: readonly { kind: string; text?: string }[];
}): Uint8Array | { reason: string } | undefined {
	if (element.name !== OPAQUE_ELEMENT || element.attributes.length !== 1) return undefined;
	const [xmlns] = element.attributes;
	if (xmlns.name !== 'xmlns' || xmlns.value !== OPAQUE_NAMESPACE) return undefined;
	let text = '';
	for (const child of element.children) {
		if (child.kind !== 'text') return { reason: `<${OPAQUE_ELEMENT} xmlns="${OPAQUE_NAMESPACE}"> holds an element, expected base64 only` };
		text += child.text ?? '';
	}
	const bytes = fromBase64(text);
	return bytes ?? { reason: `<${OPAQUE_ELEMENT} xmlns="${OPAQUE_NAMESPACE}"> does not hold base64 (RFC 4648 §4, with padding)` };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

const ASCII = new TextDecoder('latin1');

/** RFC 4648 §4 base64 with padding. The characters are written as bytes and read as one string: building it by
 *  concatenation took 40 bytes of memory per byte of a 12 MB OPAQUE. */
export function base64(bytes: Uint8Array): string {
	const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
	let o = 0;
	for (let i = 0; i < bytes.length; i += 3) {
		const b0 = bytes[i];
		const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
		const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
		const n = (b0 << 16) | (b1 << 8) | b2;
		out[o++] = ALPHABET.charCodeAt((n >> 18) & 63);
		out[o++] = ALPHABET.charCodeAt((n >> 12) & 63);
		out[o++] = i + 1 < bytes.length ? ALPHABET.charCodeAt((n >> 6) & 63) : 0x3d;
		out[o++] = i + 2 < bytes.length ? ALPHABET.charCodeAt(n & 63) : 0x3d;
	}
	return ASCII.decode(out);
}

/** Strict RFC 4648 §4 base64 (padding required, no whitespace), or undefined. */
export function fromBase64(text: string): Uint8Array | undefined {
	if (text.length % 4 !== 0) return undefined;
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	const out = new Uint8Array((text.length / 4) * 3 - padding);
	let o = 0;
	for (let i = 0; i < text.length; i += 4) {
		let n = 0;
		for (let k = 0; k < 4; k++) {
			const c = text.charCodeAt(i + k);
			const last = i + 4 === text.length;
			if (c === 0x3d && last && k >= 4 - padding) {
				n <<= 6;
				continue;
			}
			const v = c < 128 ? VALUES[c] : -1;
			if (v < 0) return undefined;
			n = (n << 6) | v;
		}
		if (o < out.length) out[o++] = (n >> 16) & 0xff;
		if (o < out.length) out[o++] = (n >> 8) & 0xff;
		if (o < out.length) out[o++] = n & 0xff;
	}
	return out;
}
