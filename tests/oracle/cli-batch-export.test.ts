// `pstudio batch export --package manufacturer --sec NETWPIN` checked by third-party tools only: Info-ZIP `unzip`
// reads the package, libwbxml's `wbxml2xml` decodes each device's WBXML, and `openssl dgst -sha1 -mac HMAC` computes
// each MAC with the NETWPIN key derived by hand from the row's IMSI (ProvBoot §5) — never our own output fed back.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_TEMPLATE, ICCID } from '../unit/cli/batch-fixtures';
import { opensslHmacSha1 } from '../unit/cli/openssl-hmac';
import { pstudio } from '../unit/cli/run-cli';

/*
 * NETWPIN keys (ProvBoot §5, bootstrap-security.md §2), worked out by hand: nibbles = parity (9 for an odd digit
 * count), the 15 digits; each pair written low nibble first, so the hex is the nibble string with each pair swapped.
 *   262011234567890 → "9262011234567890" → 29 26 10 21 43 65 87 09
 *   262011234567891 → "9262011234567891" → 29 26 10 21 43 65 87 19
 *   262011234567892 → "9262011234567892" → 29 26 10 21 43 65 87 29
 */
const ROWS = [
	{ iccid: ICCID[0], imsi: '262011234567890', key: '2926102143658709' },
	{ iccid: ICCID[1], imsi: '262011234567891', key: '2926102143658719' },
	{ iccid: ICCID[2], imsi: '262011234567892', key: '2926102143658729' }
];

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-batch-oracle-'));
	writeFileSync(join(dir, 't.xml'), DEVICE_TEMPLATE);
	writeFileSync(join(dir, 'o.csv'), `ICCID,IMSI\n${ROWS.map((r) => `${r.iccid},${r.imsi}`).join('\n')}\n`);
	const r = pstudio(['batch', 'export', '--template', 't.xml', '--orders', 'o.csv', '--package', 'manufacturer', '--sec', 'NETWPIN', '--out', 'p.zip', '--quiet'], { cwd: dir });
	if (r.code !== 0) throw new Error(`export failed: ${r.code} ${r.stderr}`);
	mkdirSync(join(dir, 'x'));
	execFileSync('unzip', ['-q', 'p.zip', '-d', 'x'], { cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** wbxml2xml's XML reduced to what a document says: no declaration, DOCTYPE or whitespace between tags. */
function essence(xml: string): string {
	return xml
		.replace(/<\?xml[^>]*\?>/, '')
		.replace(/<!DOCTYPE[^>]*>/, '')
		.replace(/>\s+</g, '><')
		.replace(/\s*\/>/g, '/>')
		.trim();
}

describe('manufacturer package through third-party tools', () => {
	it('unzip -t accepts the package', () => {
		expect(execFileSync('unzip', ['-t', 'p.zip'], { cwd: dir, encoding: 'utf8' })).toContain('No errors detected in compressed data of p.zip.');
	});

	it.each(ROWS)('wbxml2xml decodes the WBXML of $iccid to the template with that ICCID', ({ iccid }) => {
		const out = join(dir, `${iccid}.decoded.xml`);
		execFileSync('wbxml2xml', ['-o', out, join(dir, 'x', `${iccid}.wbxml`)], { stdio: 'ignore' });
		expect(essence(readFileSync(out, 'utf8'))).toBe(essence(DEVICE_TEMPLATE.replace('${ICCID}', iccid)));
	});

	it.each(ROWS)("manifest.csv's MAC of $iccid is openssl's HMAC-SHA1 under the hand-derived NETWPIN key", ({ iccid, key }) => {
		const manifest = readFileSync(join(dir, 'x', 'manifest.csv'), 'utf8').trim().split(/\r?\n/);
		expect(manifest[0]).toBe('file,iccid,imsi,sec,mac,sha256');
		const line = manifest.find((l) => l.startsWith(`${iccid}.wbxml,`));
		expect(line).toBeDefined();
		const [, , , sec, mac, sha256] = line!.split(',');
		expect(sec).toBe('NETWPIN');
		const wbxml = join(dir, 'x', `${iccid}.wbxml`);
		expect(mac.toUpperCase()).toBe(opensslHmacSha1(wbxml, key));
		const digest = execFileSync('openssl', ['dgst', '-sha256', '-r', wbxml], { encoding: 'utf8' }).split(' ')[0];
		expect(sha256.toLowerCase()).toBe(digest.toLowerCase());
	});

	it('the package holds exactly the devices, the manifest and rejected.csv', () => {
		const names = readdirSync(join(dir, 'x')).sort();
		expect(names).toEqual([...ROWS.flatMap((r) => [`${r.iccid}.wbxml`, `${r.iccid}.xml`]), 'manifest.csv', 'rejected.csv'].sort());
	});
});
