// `pstudio dm-bootstrap` on values XML cannot carry (issue 8 §4): one line, exit 2, nothing written; what it does
// write parses as XML (our parser, and xmllint when installed).
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/lib/codec/xml';
import { listing, pstudio, tempFolder } from '../cli/run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
	({ dir, cleanup } = tempFolder());
	copyFileSync(new URL('../../fixtures/dm/account.json', import.meta.url), join(dir, 'account.json'));
});
afterEach(() => cleanup());

const withValue = (member: string, value: string): string =>
	JSON.stringify({
		ServerID: 'dm.example.com',
		AppAddr: [{ Addr: 'https://dm.example.com/dm' }],
		AppAuth: [{ AAuthLevel: 'CLCRED', AAuthType: 'DIGEST', AAuthSecret: 's3cret', [member]: value }]
	});

describe('dm-bootstrap refuses values XML 1.0 cannot carry (exit 70 with a stack trace before)', () => {
	it('U+0001 in AAuthSecret, --format cp --wbxml: the JSON path and the character, not the secret', () => {
		writeFileSync(join(dir, 'bad.json'), withValue('AAuthSecret', 'abcd\u0001efgh'));
		const r = pstudio(['dm-bootstrap', 'bad.json', '--format', 'cp', '--wbxml', '-o', 'out.wbxml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: bad.json: $.AppAuth[0].AAuthSecret: character 5 is U+0001, which XML 1.0 cannot carry\n'
		});
		expect(listing(dir)).toEqual(['account.json', 'bad.json']);
	});

	it('NUL in AAuthName, --format syncml --wbxml', () => {
		writeFileSync(join(dir, 'bad.json'), withValue('AAuthName', 'imei:\u0000'));
		const r = pstudio(['dm-bootstrap', 'bad.json', '--format', 'syncml', '--device', 'IMEI:1', '--wbxml', '-o', 'out.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'pstudio: bad.json: $.AppAuth[0].AAuthName: character 6 is U+0000, which XML 1.0 cannot carry\n' });
	});

	it('a lone surrogate, --format syncml as XML (exit 0 with U+FFFD in its place before)', () => {
		writeFileSync(join(dir, 'bad.json'), withValue('AAuthName', 'ab\uD83D'));
		const r = pstudio(['dm-bootstrap', 'bad.json', '--format', 'syncml', '--device', 'IMEI:1'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 2,
			stdout: '',
			stderr: 'pstudio: bad.json: $.AppAuth[0].AAuthName: character 3 is a lone surrogate U+D83D, which XML 1.0 cannot carry\n'
		});
	});

	it('a control character in --device is bad usage, named by its option', () => {
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'syncml', '--device', 'IMEI:\u0002'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr.split('\n')[0]).toBe("pstudio: --device: character 6 is U+0002, which XML 1.0 cannot carry (try 'pstudio dm-bootstrap --help')");
	});
});

describe('what dm-bootstrap writes is well-formed XML', () => {
	const XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
	for (const args of [
		['--format', 'cp'],
		['--format', 'syncml', '--device', 'IMEI:490154203237518'],
		['--format', 'syncml', '--device', 'IMEI:490154203237518', '--dm-version', '1.1']
	]) {
		it(args.join(' '), () => {
			// Values XML must escape: <, & and quotes in the name, a tab and a newline.
			writeFileSync(join(dir, 'odd.json'), JSON.stringify({ ServerID: 'dm<&>"', Name: "A & B <'q'>\t\n", AppAddr: [{ Addr: 'https://x/?a=1&b=2' }] }));
			const r = pstudio(['dm-bootstrap', 'odd.json', ...args], { cwd: dir });
			expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
			const xml = r.stdout.toString();
			expect(() => parseXml(xml)).not.toThrow();
			if (XMLLINT) expect(spawnSync('xmllint', ['--noout', '-'], { input: xml }).status).toBe(0);
		});
	}
});
