import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml';
import { pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	for (const name of ['dm-current.json', 'dm-wanted.json']) copyFileSync(new URL(`../../fixtures/cli/${name}`, import.meta.url), join(dir, name));
});
afterEach(() => cleanup());

/*
 * Worked out by hand from the two fixtures (fixtures/cli/README.md) and the order diff promises: Deletes
 * first (only the top of a removed subtree: Port takes Port/1/PortNbr with it), then Adds, then Replaces, each
 * in URI order with '/' first (AppAuth < Name). AAuthData differs only by base64 padding: no command.
 * AAuthSecret is write-only in the DMAcc DDF (no Get): its value prints as ****.
 */
const EXPECTED = [
	'Delete ./DMAcc/acme/AppAddr/1/Port',
	'Add ./DMAcc/acme/AAuthPref chr "DIGEST"',
	'Replace ./DMAcc/acme/AppAuth/CLCRED/AAuthSecret chr AAuthSecret ****',
	'Replace ./DMAcc/acme/Name chr "ACME Device Management"',
	''
].join('\n');

const SYNCML = ['--syncml', '--device', 'IMEI:490154203237518', '--server', 'https://dm.acme.example/dm'];

describe('pstudio diff', () => {
	it('prints the ordered commands, without the secret values', () => {
		const r = pstudio(['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: EXPECTED, stderr: '' });
		expect(r.stdout.toString()).not.toContain('s3cret');
	});

	it('prints nothing for a tree compared with itself', () => {
		const r = pstudio(['diff', 'dm-wanted.json', 'dm-wanted.json', '--ddf', 'dmacc'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString() }).toEqual({ code: 0, stdout: '' });
	});

	it('prints the SyncML DM package, which carries the new secret for the device', () => {
		const r = pstudio(['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc', ...SYNCML], { cwd: dir });
		expect(r.code).toBe(0);
		const xml = r.stdout.toString();
		// One SyncML command per run of the same operation, in the order above (RepPro §6.6), CmdID from 1.
		const body = parseXml(xml).root.children.find((c) => c.kind === 'element' && c.name === 'SyncBody');
		const ops = body && body.kind === 'element' ? body.children.flatMap((c) => (c.kind === 'element' ? [c.name] : [])) : [];
		expect(ops).toEqual(['Delete', 'Add', 'Replace', 'Final']);
		expect(xml).toContain('<LocURI>IMEI:490154203237518</LocURI>');
		expect(xml).toContain('<Data>new-s3cret</Data>');
		expect(xml).not.toContain('old-s3cret');
	});

	it('writes the package as WBXML that libwbxml decodes to the XML package', () => {
		const xml = pstudio(['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc', ...SYNCML], { cwd: dir }).stdout.toString();
		const r = pstudio(['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc', ...SYNCML, '--wbxml', '-o', 'pkg.wbxml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
		const theirs = execFileSync('wbxml2xml', ['-o', '-', join(dir, 'pkg.wbxml')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
		expect(canonicalXml(parseXml(theirs))).toBe(canonicalXml(parseXml(xml)));
		expect([...readFileSync(join(dir, 'pkg.wbxml')).subarray(0, 2)]).toEqual([0x03, 0xa4]);
	});

	it('needs the header fields for a package and two trees', () => {
		const r = pstudio(['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc', '--syncml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({
			code: 2,
			stderr: "pstudio: --syncml needs --device (the SyncHdr Target, e.g. IMEI:490154203237518) (try 'pstudio diff --help')\n"
		});
		expect(pstudio(['diff', 'dm-current.json', '--ddf', 'dmacc'], { cwd: dir }).stderr).toBe(
			"pstudio: diff takes two tree files: current and wanted (try 'pstudio diff --help')\n"
		);
	});

	it('names the tree that cannot be read', () => {
		const r = pstudio(['diff', 'dm-current.json', 'gone.json', '--ddf', 'dmacc'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: gone.json: cannot read: no such file or directory\n'
		});
	});
});
