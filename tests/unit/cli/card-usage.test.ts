// `pstudio card` / `sim` usage mistakes: exit 2 with one line on stderr, decided before pcscd is touched (a typo must
// not cost a PIN try), and never echoing a key.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pstudio, tempFolder } from './run-cli';

let dir = '';
let cleanup: () => void = () => undefined;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	writeFileSync(join(dir, 'cp.xml'), '<wap-provisioningdoc version="1.0"><characteristic type="NAPDEF"/></wap-provisioningdoc>\n');
});
afterEach(() => cleanup());

function lines(text: string): string[] {
	return text.split('\n').filter((l) => l !== '');
}

describe('pstudio card usage', () => {
	it('write without an ADM key is refused with exit 2 and one line', () => {
		const r = pstudio(['card', 'write', 'cp.xml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(lines(r.stderr)).toEqual(["pstudio: writing needs the ADM1 key: --adm <8 digits|16 hex>, --adm-hex <16 hex> or --adm-file <file> (try 'pstudio card --help')"]);
	});

	it('a malformed ADM key is refused without being repeated', () => {
		const r = pstudio(['card', 'write', 'cp.xml', '--adm', 'hunter2!'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).not.toContain('hunter2');
		expect(lines(r.stderr)).toEqual([
			// 'hunter2!': 'h' is neither a decimal nor a hex digit.
			"pstudio: ADM key: character 1 is not a decimal or hex digit (--adm takes 8 decimal digits (sent as ASCII, like pySim --adm) or 16 hex digits) (try 'pstudio card --help')"
		]);
	});

	it('a PIN1 that is not 4..8 digits, both --adm and --adm-file, and an unknown operation are usage errors', () => {
		const pin = pstudio(['card', 'info', '--pin1', '12'], { cwd: dir });
		expect(pin.code).toBe(2);
		expect(pin.stderr).toBe("pstudio: PIN1: 2 digits, PIN1 has 4..8 (try 'pstudio card --help')\n");
		const both = pstudio(['card', 'write', 'cp.xml', '--adm', '38', '--adm-file', 'k'], { cwd: dir });
		expect(both.code).toBe(2);
		expect(both.stderr).toContain('give --adm or --adm-file, not both');
		const hexToo = pstudio(['card', 'write', 'cp.xml', '--adm', '38', '--adm-hex', '3838383838383838'], { cwd: dir });
		expect(hexToo.code).toBe(2);
		expect(hexToo.stderr).toContain('give one of --adm, --adm-hex, --adm-file');
		// 88888888 given to --adm-hex (a digits key in the hex option) is refused before anything else happens.
		const digitsAsHex = pstudio(['card', 'write', 'cp.xml', '--adm-hex', '88888888'], { cwd: dir });
		expect(digitsAsHex.code).toBe(2);
		expect(digitsAsHex.stderr).toBe("pstudio: ADM key: 8 characters (--adm-hex takes exactly 16 hex digits) (try 'pstudio card --help')\n");
		const op = pstudio(['card', 'erase'], { cwd: dir });
		expect(op.code).toBe(2);
		expect(op.stderr).toContain('unknown card operation "erase" (info, write, read, trace)');
	});

	it('a --timeout that is not 1 to 3600 whole seconds is a usage error, before pcscd', () => {
		for (const given of ['0', '1.5', '3601', 'ten', '-3']) {
			const r = pstudio(['card', 'read', `--timeout=${given}`], { cwd: dir });
			expect(r.code).toBe(2);
			expect(r.stderr).toBe(`pstudio: --timeout must be a whole number of seconds from 1 to 3600; found "${given}" (try 'pstudio card --help')\n`);
		}
	});

	it('a bootstrap that is not well-formed XML is an input error at its line and column', () => {
		writeFileSync(join(dir, 'bad.xml'), '<wap-provisioningdoc>\n  <characteristic\n');
		const r = pstudio(['card', 'write', 'bad.xml', '--adm', '3838383838383838'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(lines(r.stderr)).toHaveLength(1);
		expect(r.stderr).toMatch(/^pstudio: bad\.xml:\d+:\d+: /);
	});

	it('card --help and sim --help print their usage', () => {
		const card = pstudio(['card', '--help'], { cwd: dir });
		expect(card.code).toBe(0);
		expect(card.stdout.toString()).toContain('pstudio card trace info|write|read');
		const sim = pstudio(['sim', '--help'], { cwd: dir });
		expect(sim.code).toBe(0);
		expect(sim.stdout.toString()).toContain('TEST keys are ADM1 3838383838383838, PIN1 0000');
	});

	it('sim refuses a port outside 1..65535', () => {
		const r = pstudio(['sim', '--vpcd-port', '70000'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(lines(r.stderr)).toEqual([`pstudio: --vpcd-port must be 1..65535, not "70000" (try 'pstudio sim --help')`]);
	});
});
