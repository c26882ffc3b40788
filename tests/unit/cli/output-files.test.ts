// Issue 8 §3: how pstudio writes its outputs (-o, --out-dir, stdout). Run as root, `encode good.xml -o /dev/full`
// replaced the device with a regular file; a FIFO or a symlink went the same way; the temp name was predictable
// and opened without O_EXCL; a 0600 file holding AAuthSecret came back 0644. Devices made here are our own
// (mknod in the temp folder when root): the system's /dev/null and /dev/full are never put at risk.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
	chmodSync,
	closeSync,
	copyFileSync,
	lstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	readlinkSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/lib/codec/hex';
import { writeAtomic } from '../../../src/cli/io';
import { BEARER_DOC, BEARER_WBXML, hex, listing, pstudio, tempFolder } from './run-cli';

const LAUNCHER = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

const isRoot = process.getuid?.() === 0;

/**
 * A character device to write to: as root our own node in the temp folder (Linux mem devices: 1,3 null, 1,7 full),
 * so that the code before the fix, which replaced the device, replaces only that node. Not root: the system's,
 * which a non-root pstudio cannot replace.
 */
function charDevice(name: 'null' | 'full'): string {
	if (!isRoot) return `/dev/${name}`;
	const path = join(dir, name);
	execFileSync('mknod', [path, 'c', '1', name === 'null' ? '3' : '7']);
	return path;
}

const modeOf = (path: string): number => statSync(path).mode & 0o777;
/** What a new ordinary file gets: 0666 less the umask (the child inherits ours). */
const NEW_FILE_MODE = 0o666 & ~process.umask();

function writeInput(): void {
	writeFileSync(join(dir, 'in.xml'), BEARER_DOC);
}

describe('outputs that are not regular files are written in place', () => {
	it('writes -o into a character device and leaves it a device (/dev/null)', () => {
		writeInput();
		const device = charDevice('null');
		const r = pstudio(['encode', 'in.xml', '-o', device], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		const s = statSync(device);
		expect(s.isCharacterDevice()).toBe(true);
		expect(s.rdev).toBe(statSync('/dev/null').rdev);
	});

	it('reports a full device (/dev/full: ENOSPC) as one line and exit 74, and leaves it a device', () => {
		writeInput();
		const device = charDevice('full');
		const r = pstudio(['encode', 'in.xml', '-o', device], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({
			code: 74,
			stdout: '',
			stderr: `pstudio: ${device}: cannot write: no space left on device\n`
		});
		expect(statSync(device).isCharacterDevice()).toBe(true);
		// decode -o goes through the same write.
		writeFileSync(join(dir, 'in.wbxml'), fromHex(BEARER_WBXML));
		const decoded = pstudio(['decode', 'in.wbxml', '-o', device], { cwd: dir });
		expect({ code: decoded.code, stderr: decoded.stderr }).toEqual({ code: 74, stderr: `pstudio: ${device}: cannot write: no space left on device\n` });
	});

	it('writes into a FIFO that a reader holds open, and the FIFO stays a FIFO', async () => {
		writeInput();
		const fifo = join(dir, 'pipe');
		execFileSync('mkfifo', [fifo]);
		const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
		const chunks: Buffer[] = [];
		reader.stdout.on('data', (c: Buffer) => chunks.push(c));
		const ended = new Promise<number | null>((resolve) => reader.on('close', resolve));
		const r = pstudio(['encode', 'in.xml', '-o', fifo], { cwd: dir });
		// Before the fix the FIFO was replaced by a file and `cat` waited for ever for a writer: stop it then.
		const timer = setTimeout(() => reader.kill(), 10_000);
		await ended;
		clearTimeout(timer);
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(lstatSync(fifo).isFIFO()).toBe(true);
		expect(hex(Buffer.concat(chunks))).toBe(BEARER_WBXML);
	}, 30_000);
});

describe('symlinks are followed; the result keeps the mode of what it replaces', () => {
	it('replaces the target of a symlink in the target folder, keeps the link and the target mode, leaves no temp file', () => {
		writeInput();
		mkdirSync(join(dir, 'real'));
		const target = join(dir, 'real', 'target.wbxml');
		writeFileSync(target, 'previous');
		chmodSync(target, 0o640);
		symlinkSync(join('real', 'target.wbxml'), join(dir, 'link.wbxml'));
		const r = pstudio(['encode', 'in.xml', '-o', 'link.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(lstatSync(join(dir, 'link.wbxml')).isSymbolicLink()).toBe(true);
		expect(readlinkSync(join(dir, 'link.wbxml'))).toBe(join('real', 'target.wbxml'));
		expect(hex(readFileSync(target))).toBe(BEARER_WBXML);
		expect(modeOf(target)).toBe(0o640);
		expect(listing(dir)).toEqual(['in.xml', 'link.wbxml', 'real']);
		expect(listing(join(dir, 'real'))).toEqual(['target.wbxml']);
	});

	it('creates the target of a dangling symlink, as `cat > link` does', () => {
		writeInput();
		mkdirSync(join(dir, 'real'));
		symlinkSync(join('real', 'new.wbxml'), join(dir, 'link.wbxml'));
		const r = pstudio(['encode', 'in.xml', '-o', 'link.wbxml'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(lstatSync(join(dir, 'link.wbxml')).isSymbolicLink()).toBe(true);
		expect(hex(readFileSync(join(dir, 'real', 'new.wbxml')))).toBe(BEARER_WBXML);
	});

	it('keeps the mode of a regular file it replaces (0640 stays 0640), and a new file gets 0666 less the umask', () => {
		writeInput();
		writeFileSync(join(dir, 'kept.wbxml'), 'previous');
		chmodSync(join(dir, 'kept.wbxml'), 0o640);
		expect(pstudio(['encode', 'in.xml', '-o', 'kept.wbxml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'kept.wbxml'))).toBe(0o640);
		expect(hex(readFileSync(join(dir, 'kept.wbxml')))).toBe(BEARER_WBXML);
		expect(pstudio(['encode', 'in.xml', '-o', 'new.wbxml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'new.wbxml'))).toBe(NEW_FILE_MODE);
	});
});

describe('files that hold secrets', () => {
	const account = (): void => copyFileSync(new URL('../../fixtures/dm/account.json', import.meta.url), join(dir, 'account.json'));

	it('dm-bootstrap -o (the account with its AAuthSecret) creates the file 0600', () => {
		account();
		const r = pstudio(['dm-bootstrap', 'account.json', '--format', 'cp', '-o', 'w7.xml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
		expect(readFileSync(join(dir, 'w7.xml'), 'utf8')).toContain('AAUTHSECRET');
		expect(modeOf(join(dir, 'w7.xml'))).toBe(0o600);
	});

	it('dm-bootstrap -o over an existing 0600 file keeps it 0600 (it came back 0644)', () => {
		account();
		writeFileSync(join(dir, 'w7.xml'), 'previous', { mode: 0o600 });
		chmodSync(join(dir, 'w7.xml'), 0o600);
		expect(pstudio(['dm-bootstrap', 'account.json', '--format', 'cp', '-o', 'w7.xml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'w7.xml'))).toBe(0o600);
	});

	it('diff --syncml -o (the package carries AAuthSecret) creates the file 0600; the listing, secrets shown as ****, does not', () => {
		for (const name of ['dm-current.json', 'dm-wanted.json']) copyFileSync(new URL(`../../fixtures/cli/${name}`, import.meta.url), join(dir, name));
		const args = ['diff', 'dm-current.json', 'dm-wanted.json', '--ddf', 'dmacc'];
		expect(pstudio([...args, '--syncml', '--device', 'IMEI:490154203237518', '--server', 'https://dm.acme.example/dm', '-o', 'pkg.xml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'pkg.xml'))).toBe(0o600);
		expect(pstudio([...args, '-o', 'list.txt'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'list.txt'))).toBe(NEW_FILE_MODE);
	});
});

describe('an output is no more readable than its input', () => {
	// A document may hold secrets pstudio does not look for (an AAUTHSECRET parm of a w7 APPLICATION): the WBXML of
	// a 0600 document must not come out 0644.
	it('encode, decode and sign of a 0600 input create 0600 files; a 0640 input gives at most 0640', () => {
		writeInput();
		chmodSync(join(dir, 'in.xml'), 0o600);
		expect(pstudio(['encode', 'in.xml', '-o', 'private.wbxml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'private.wbxml'))).toBe(0o600);
		expect(pstudio(['decode', 'private.wbxml', '-o', 'private.xml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'private.xml'))).toBe(0o600);
		expect(pstudio(['sign', 'in.xml', '--sec', 'USERPIN', '--pin', '1234', '-o', 'signed.wbxml'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'signed.wbxml'))).toBe(0o600);
		chmodSync(join(dir, 'in.xml'), 0o640);
		expect(pstudio(['encode', 'in.xml', '--out-dir', 'out'], { cwd: dir }).code).toBe(0);
		expect(modeOf(join(dir, 'out', 'in.wbxml'))).toBe(NEW_FILE_MODE & 0o640);
	});
});

describe('the temp file is created exclusively under an unpredictable name', () => {
	// The old name was `.NAME.<pid>.tmp`, opened with 'w': a symlink planted under it redirected the write (and the
	// rename then put the link in place of the output). writeAtomic runs here in this process, so its pid is known.
	it('never writes through a symlink planted at the old predictable temp name', () => {
		const victim = join(dir, 'victim.txt');
		writeFileSync(victim, 'untouched');
		symlinkSync(victim, join(dir, `.out.wbxml.${process.pid}.tmp`));
		writeAtomic(join(dir, 'out.wbxml'), fromHex(BEARER_WBXML));
		expect(readFileSync(victim, 'utf8')).toBe('untouched');
		expect(lstatSync(join(dir, 'out.wbxml')).isFile()).toBe(true);
		expect(hex(readFileSync(join(dir, 'out.wbxml')))).toBe(BEARER_WBXML);
	});

	it('uses a new name each time, and a secret file is 0600 from the start', () => {
		writeAtomic(join(dir, 'key.json'), '{"adm":"…"}', { secret: true });
		expect(modeOf(join(dir, 'key.json'))).toBe(0o600);
		expect(listing(dir)).toEqual(['key.json']);
	});
});

describe('stdout that fails, stdout that closes', () => {
	it('`decode x > /dev/full` ends in one line and exit 74 (it was exit 1 and an ENOSPC stack)', () => {
		writeFileSync(join(dir, 'in.wbxml'), fromHex(BEARER_WBXML));
		const full = openSync(charDevice('full'), 'w');
		try {
			const r = spawnSync(process.execPath, [LAUNCHER, 'decode', 'in.wbxml'], { cwd: dir, stdio: ['ignore', full, 'pipe'] });
			expect({ code: r.status, stderr: r.stderr.toString() }).toEqual({ code: 74, stderr: 'pstudio: stdout: cannot write: no space left on device\n' });
		} finally {
			closeSync(full);
		}
	});

	it('a reader that goes away (| head -c 1) ends pstudio quietly: no message, no stack', () => {
		// 20,000 parms decode to about 1 MB of XML, far more than a pipe holds: pstudio meets EPIPE while writing.
		const parms = Array.from({ length: 20_000 }, (_, i) => `    <parm name="NAME" value="N${i}"/>`).join('\n');
		writeFileSync(join(dir, 'big.xml'), BEARER_DOC.replace('<parm name="BEARER" value="GSM-GPRS"/>', parms));
		expect(pstudio(['encode', 'big.xml', '-o', 'big.wbxml'], { cwd: dir }).code).toBe(0);
		const r = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" decode big.wbxml 2>err.txt | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}"', process.execPath, LAUNCHER], {
			cwd: dir
		});
		expect(r.stdout.toString()).toBe('0\n');
		expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
	}, 30_000);
});

describe('output folders', () => {
	it('--out-dir /proc/x fails at once with one line and exit 2 (Node\'s recursive mkdir looped for ever)', () => {
		writeInput();
		const started = Date.now();
		const r = spawnSync(process.execPath, [LAUNCHER, 'encode', 'in.xml', '--out-dir', '/proc/x/y'], { cwd: dir, timeout: 20_000 });
		expect({ code: r.status, signal: r.signal, stderr: r.stderr.toString() }).toEqual({
			code: 2,
			signal: null,
			stderr: 'pstudio: /proc/x/y: cannot create folder: no such file or directory\n'
		});
		expect(Date.now() - started).toBeLessThan(20_000);
	}, 30_000);

	it('creates missing levels of --out-dir, and refuses one under a regular file with exit 2', () => {
		writeInput();
		expect(pstudio(['encode', 'in.xml', '--out-dir', 'a/b/c'], { cwd: dir }).code).toBe(0);
		expect(hex(readFileSync(join(dir, 'a', 'b', 'c', 'in.wbxml')))).toBe(BEARER_WBXML);
		writeFileSync(join(dir, 'plain'), 'a file');
		const r = pstudio(['encode', 'in.xml', '--out-dir', 'plain/out'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `pstudio: plain/out: cannot create folder: ${join(dir, 'plain')} is not a folder\n` });
	});

	it('an -o in a folder that does not exist is bad usage: one line, exit 2, nothing created', () => {
		writeInput();
		const r = pstudio(['encode', 'in.xml', '-o', 'missing/out.wbxml'], { cwd: dir });
		expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'pstudio: missing/out.wbxml: cannot write: no such file or directory\n' });
		expect(listing(dir)).toEqual(['in.xml']);
	});
});
