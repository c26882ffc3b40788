// PC/SC calls run on libuv's thread pool, sized once as Node starts (UV_THREADPOOL_SIZE, 4 when unset): the launcher
// starts Node with 64 through its #! line (env -S), and pcscThreads reads the size as libuv does
// (deps/uv/src/threadpool.c init_threads: atoi of the value, 0 as 1, an unsigned count capped at 1024).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pcscThreads } from '../../../src/lib/server/pcsc';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the threads PC/SC calls share', () => {
	it('reads UV_THREADPOOL_SIZE as libuv does', () => {
		expect(pcscThreads({})).toBe(4);
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '64' })).toBe(64);
		// atoi skips leading white space and stops at the first non-digit.
		expect(pcscThreads({ UV_THREADPOOL_SIZE: ' 12' })).toBe(12);
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '12 threads' })).toBe(12);
		// atoi gives 0 for no digits, and libuv takes 0 as 1.
		expect(pcscThreads({ UV_THREADPOOL_SIZE: 'many' })).toBe(1);
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '' })).toBe(1);
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '0' })).toBe(1);
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
		// -1 held in an unsigned int is past the cap.
		expect(pcscThreads({ UV_THREADPOOL_SIZE: '-1' })).toBe(1024);
	});

	it('gives pstudio started through its #! line 64 threads (the environment and the thread count of the process)', async () => {
		const env = { ...process.env };
		delete env.UV_THREADPOOL_SIZE;
		// decode waits for its standard input, which stays open until the pipe is ended below.
		const child = spawn(join(ROOT, 'bin', 'pstudio.js'), ['decode', '-'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
		try {
			// Node has started and read its standard input once the pool is up (a file read runs on it).
			let threads = 0;
			for (let i = 0; i < 200 && threads < 64; i++) {
				await new Promise((r) => setTimeout(r, 50));
				threads = Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
			}
			const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
			expect(environment).toContain('UV_THREADPOOL_SIZE=64');
			expect(threads).toBeGreaterThanOrEqual(64);
		} finally {
			child.stdin.end();
			await new Promise((r) => child.on('exit', r));
		}
	});
});
