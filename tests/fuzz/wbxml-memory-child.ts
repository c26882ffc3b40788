// Child process of the memory-ceiling test in wbxml.test.ts: builds one large document of the shape named in argv,
// encodes it, decodes it and writes it back as XML, then prints its peak RSS (getrusage, Linux kB) and the baseline
// peak before the input existed, as JSON on stdout.
import { decodeWbxml, encodeWbxml, languageForDocument } from '../../src/lib/codec/wbxml/index';
import { parseXml, serializeXml } from '../../src/lib/codec/xml/index';

const shape = process.argv[2];
const size = Number(process.argv[3]);

function documentText(): string {
	const prov = (value: string): string =>
		`<?xml version="1.0"?>\n<wap-provisioningdoc><characteristic type="NAPDEF"><parm name="NAME" value="${value}"/></characteristic></wap-provisioningdoc>\n`;
	const syncml = (data: string): string => `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Add><Item><Data>${data}</Data></Item></Add></SyncBody></SyncML>\n`;
	if (shape === 'value-tokens') return prov('A'.repeat(size));
	if (shape === 'value-words') {
		// Words that repeat (string-table candidates when a value is planned), built as one block repeated.
		const block = Array.from({ length: 5000 }, (_, i) => `word${i} `).join('');
		return prov(block.repeat(Math.ceil(size / block.length)).slice(0, size));
	}
	if (shape === 'data-text') return syncml('x'.repeat(size));
	if (shape === 'data-opaque') {
		// Binary OPAQUE: the XML carries it as base64 in the marker element (xml/opaque.ts).
		const binary = Buffer.alloc((size / 4) * 3, 0xff).toString('base64');
		return syncml(`<opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">${binary}</opaque>`);
	}
	throw new Error(`unknown shape ${shape}`);
}

// Warm up with a small document of the same shape, so that the baseline holds the code, not the input.
const warm = parseXml('<SyncML xmlns="SYNCML:SYNCML1.2"><SyncBody><Data><![CDATA[x]]></Data></SyncBody></SyncML>');
decodeWbxml(encodeWbxml(warm, languageForDocument(warm)!));
const baseline = process.resourceUsage().maxRSS;
const text = documentText();
const input = Buffer.byteLength(text);
const document = parseXml(text);
const encoded = encodeWbxml(document, languageForDocument(document)!);
const decoded = decodeWbxml(encoded);
const xml = serializeXml(decoded.document);
process.stdout.write(JSON.stringify({ baseline: baseline * 1024, peak: process.resourceUsage().maxRSS * 1024, input, encoded: encoded.length, xml: xml.length }));
