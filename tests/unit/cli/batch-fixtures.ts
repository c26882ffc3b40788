// Small orders and templates for the `pstudio batch` tests, with the values worked out by hand beside them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCTYPE_PROV } from './run-cli';

/** One NAPDEF whose NAME holds the row's ICCID: the simplest per-device document. */
export const DEVICE_TEMPLATE = `<?xml version="1.0"?>
${DOCTYPE_PROV}
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAME" value="Device \${ICCID}"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;

/*
 * ICCIDs with their Luhn check digit (ITU-T E.118), worked out by hand for 8949010000000000000: from the right, every
 * second digit doubled starting with the last: the non-zero digits 8 (doubled: 16 → 7), 9, 4 (doubled: 8), 9 and 1
 * sum to 34, so the check digit is 6. Each step of the last digit adds 2 (it is doubled): ...01 → 36 → 4, ...02 → 38 → 2.
 */
export const ICCID = ['89490100000000000006', '89490100000000000014', '89490100000000000022'];
/** The same payload as ICCID[0] with a wrong check digit (7 instead of 6). */
export const BAD_ICCID = '89490100000000000007';

export const GOOD_ORDER = `ICCID,IMSI,PIN1
${ICCID[0]},262011234567890,1234
${ICCID[1]},262011234567891,4321
${ICCID[2]},262011234567892,5678
`;

/** Row 2 (line 3) has a bad Luhn digit, row 3 (line 4) a 2-digit PIN (TS 102 221 §9.5.1: 4 to 8). */
export const MIXED_ORDER = `ICCID,IMSI,PIN1
${ICCID[0]},262011234567890,1234
${BAD_ICCID},262011234567891,4321
${ICCID[2]},262011234567892,12
`;

export function writeFiles(dir: string, files: Record<string, string>): void {
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** Luhn check digit of a digit string (ITU-T E.118 Annex B), for generated orders. */
export function withLuhn(payload: string): string {
	let sum = 0;
	for (let k = payload.length - 1, double = true; k >= 0; k--, double = !double) {
		let d = (payload.charCodeAt(k) - 48) * (double ? 2 : 1);
		if (d > 9) d -= 9;
		sum += d;
	}
	return `${payload}${(10 - (sum % 10)) % 10}`;
}

/** An order of `rows` good rows: ICCID, IMSI (262011 + 9 digits), PIN1. */
export function generatedOrder(rows: number): string {
	const lines = ['ICCID,IMSI,PIN1'];
	for (let i = 0; i < rows; i++) {
		const n = String(i).padStart(9, '0');
		lines.push(`${withLuhn(`894901${String(i).padStart(12, '0')}`)},262011${n},${1000 + (i % 9000)}`);
	}
	return lines.join('\n') + '\n';
}
