// Shared by the batch tests: orders made by the test, keys derived by hand, packages read back by zip.js's reader
// (an implementation independent of ours).
import { createHmac } from 'node:crypto';
import { BlobReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { compileCpTemplate, type Template } from '../../../src/lib/documents/template/index';

/** Luhn check digit (ISO/IEC 7812-1 Annex B), written here apart from the order reader's. */
export function luhn(digits: string): string {
	let total = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 0) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		total += d;
	}
	return String((10 - (total % 10)) % 10);
}

export function iccid(n: number): string {
	const base = '894902' + String(n).padStart(13, '0');
	return base + luhn(base);
}

export const imsi = (n: number): string => '26201' + String(n).padStart(10, '0');
export const msisdn = (n: number): string => '4917' + String(n).padStart(8, '0');

/**
 * NETWPIN key (ProvBoot §5, bootstrap-security.md §2): the IMSI as EF_IMSI semi-octets — a first nibble 9 (odd
 * digit count) or 1 (even), the digits, F to fill — each pair packed with the first nibble in the low half.
 */
export function netwpinKeyHex(imsiDigits: string): string {
	const nibbles = (imsiDigits.length % 2 === 1 ? '9' : '1') + imsiDigits + (imsiDigits.length % 2 === 1 ? '' : 'F');
	let hex = '';
	for (let i = 0; i < nibbles.length; i += 2) hex += nibbles[i + 1] + nibbles[i];
	return hex;
}

export function hmacSha1Hex(keyHex: string, data: Uint8Array): string {
	return createHmac('sha1', Buffer.from(keyHex, 'hex')).update(data).digest('hex').toUpperCase();
}

export const SIMPLE_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Internet \${MSISDN}"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-NAPID" value="NAP1"/>
    <parm name="ADDR" value="http://www.example.com/\${ICCID}"/>
  </characteristic>
</wap-provisioningdoc>
`;

export function compile(text: string): Template {
	const compiled = compileCpTemplate(text);
	if (!compiled.ok) throw new Error(compiled.findings.map((f) => f.message).join('\n'));
	return compiled.template;
}

export async function unzipAll(bytes: Uint8Array, password?: string): Promise<[string, Uint8Array][]> {
	const reader = new ZipReader(new BlobReader(new Blob([bytes as Uint8Array<ArrayBuffer>])), password === undefined ? {} : { password });
	const out: [string, Uint8Array][] = [];
	for (const entry of await reader.getEntries()) {
		if (entry.directory) continue;
		out.push([entry.filename, await entry.getData!(new Uint8ArrayWriter())]);
	}
	await reader.close();
	return out;
}

/** A sink that keeps the bytes. */
export function memorySink(): { write(b: Uint8Array): void; bytes(): Uint8Array } {
	const chunks: Uint8Array[] = [];
	return { write: (b) => void chunks.push(b.slice()), bytes: () => new Uint8Array(Buffer.concat(chunks)) };
}
