import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	for (const name of ['dm-current.json', 'dm-broken.json']) copyFileSync(new URL(`../../fixtures/cli/${name}`, import.meta.url), join(dir, name));
	copyFileSync(new URL('../../fixtures/ddf/msft-devinfo.ddf.xml', import.meta.url), join(dir, 'devinfo.xml'));
});
afterEach(() => cleanup());

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
	const r = pstudio(['ddf-check', ...args], { cwd: dir });
	return { code: r.code, stdout: r.stdout.toString(), stderr: r.stderr };
}

describe('pstudio ddf-check', () => {
	it('prints nothing and exits 0 for a complete DMAcc tree', () => {
		expect(run(['dm-current.json', '--ddf', 'dmacc'])).toEqual({ code: 0, stdout: '', stderr: '' });
	});

	it('prints one finding per broken rule, ordered by node, and exits 1', () => {
		// dm-broken.json (fixtures/cli/README.md): Bogus is not in StdObj's DMAcc; ServerID is One under <X>;
		// AAuthData is bin, and '!' (6th character) is not in the base64 alphabet.
		expect(run(['dm-broken.json', '--ddf', 'dmacc'])).toEqual({
			code: 1,
			stdout: [
				'./DMAcc/acme/AppAuth/CLCRED/AAuthData error value-format "!" at position 5 is not a base64 character',
				'./DMAcc/acme/Bogus error unknown-node node "Bogus" is not described under ./DMAcc/<X>',
				'./DMAcc/acme/ServerID error missing-node mandatory node ServerID (One) is missing',
				''
			].join('\n'),
			stderr: ''
		});
	});

	it('prints the findings as JSON', () => {
		const r = run(['dm-broken.json', '--ddf', 'dmacc', '--json']);
		expect(r.code).toBe(1);
		expect(JSON.parse(r.stdout).map((f: { uri: string; rule: string }) => `${f.rule} ${f.uri}`)).toEqual([
			'value-format ./DMAcc/acme/AppAuth/CLCRED/AAuthData',
			'unknown-node ./DMAcc/acme/Bogus',
			'missing-node ./DMAcc/acme/ServerID'
		]);
	});

	it('checks against a DDF file a vendor publishes (Microsoft DevInfo)', () => {
		// Microsoft's DevInfo DDF (fixtures/ddf/README.md) describes ./DevInfo with DevId, Man, Mod, DmV, Lang.
		writeFileSync(join(dir, 'devinfo.json'), JSON.stringify({ './DevInfo/DevId': 'IMEI:490154203237518', './DevInfo/Colour': 'red' }));
		const r = run(['devinfo.json', '--ddf', 'devinfo.xml']);
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('./DevInfo/Colour error unknown-node node "Colour" is not described under ./DevInfo\n');
	});

	it('reports an unreadable DDF against the DDF file and a bad tree against the tree (exit 2)', () => {
		expect(run(['dm-current.json', '--ddf', 'nothere.xml'])).toEqual({ code: 2, stdout: '', stderr: 'pstudio: nothere.xml: cannot read: no such file or directory\n' });
		writeFileSync(join(dir, 'notddf.xml'), '<Tree/>\n');
		expect(run(['dm-current.json', '--ddf', 'notddf.xml']).stderr).toBe(
			'pstudio: notddf.xml:1:1: root element is <Tree>, a DDF starts with <MgmtTree> (TND §8.5.4.1.1)\n'
		);
		writeFileSync(join(dir, 'bad.json'), '{"./DMAcc/x/AppID": 7}');
		expect(run(['bad.json', '--ddf', 'dmacc'])).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: bad.json: $["./DMAcc/x/AppID"]: expected a string or null, found a number\n'
		});
	});

	it('needs --ddf', () => {
		expect(run(['dm-current.json']).stderr).toBe("pstudio: no --ddf given (a DDF file, or dmacc, devinfo, devdetail) (try 'pstudio ddf-check --help')\n");
	});
});
