// `pstudio ddf-check` and `pstudio diff` on the inputs of issue 8 §4, §5 and §10, run as a user runs them.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pstudio, tempFolder } from '../cli/run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	copyFileSync(new URL('../../fixtures/ddf/vendor-root-dot.ddf.xml', import.meta.url), join(dir, 'vendor.ddf.xml'));
});
afterEach(() => cleanup());

// "./" + 8000 segments "a" joined by "/": 16,001 characters, the shape that overflowed the stack.
const DEEP = `./${Array.from({ length: 8000 }, () => 'a').join('/')}`;
const DEEP_LINE = `$["./${'a/'.repeat(37)}a…"]: the URI has 8000 segments; the limit is 32 (DevDetail/URI/MaxDepth, StdObj §7.1.3.3)`;

describe('a URI of 8,000 segments (issue 8 §4): one line, exit 2', () => {
	it('ddf-check', () => {
		writeFileSync(join(dir, 'deep.json'), JSON.stringify({ [DEEP]: 'x' }));
		const r = pstudio(['ddf-check', 'deep.json', '--ddf', 'dmacc'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `pstudio: deep.json: ${DEEP_LINE}\n` });
	});

	it('diff, the deep URI in the wanted tree', () => {
		writeFileSync(join(dir, 'current.json'), '{}');
		writeFileSync(join(dir, 'deep.json'), JSON.stringify({ [DEEP]: 'x' }));
		const r = pstudio(['diff', 'current.json', 'deep.json', '--ddf', 'dmacc'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `pstudio: deep.json: ${DEEP_LINE}\n` });
	});
});

describe('a vendor DDF (issue 8 §10): read, each leniency a warning line with file:line:col', () => {
	it('ddf-check finds nothing wrong in a tree the DDF describes, and says what it read leniently', () => {
		writeFileSync(join(dir, 'tree.json'), JSON.stringify({ './Vendor/Proxy': 'proxy.example.com', './Settings/Timeout': '30' }));
		const r = pstudio(['ddf-check', 'tree.json', '--ddf', 'vendor.ddf.xml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 0,
			stdout: '',
			stderr:
				'pstudio: vendor.ddf.xml:6:5: warning: NodeName "." names the root, which is no node (TND §6); its child nodes are read as top-level nodes\n' +
				'pstudio: vendor.ddf.xml:13:7: warning: <DFProperties> has no <DFType> (TND §8.5.4.3.8; the DTD requires one); read as no MIME type\n'
		});
	});
});

describe('--ddf looks names up as own properties (issue 8 §2)', () => {
	it('"constructor" is a file name, not Object.prototype.constructor', () => {
		writeFileSync(join(dir, 'tree.json'), '{}');
		const r = pstudio(['ddf-check', 'tree.json', '--ddf', 'constructor'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'pstudio: constructor: cannot read: no such file or directory\n' });
	});
});
