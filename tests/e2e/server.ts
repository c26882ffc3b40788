// Starts the built studio (adapter-node output in build/) on a free loopback port for the e2e tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface StudioServer {
	/** http://127.0.0.1:PORT/ (also when bound to another address: the loopback reaches every bind of 0.0.0.0). */
	url: string;
	port: number;
	/** What the server printed so far (stdout and stderr). */
	output(): string;
	stop(): Promise<void>;
}

export interface StudioOptions {
	/** adapter-node's HOST: the address to bind (default 127.0.0.1; 0.0.0.0 to serve the network). */
	host?: string;
	/** More environment for the server, e.g. PCSCLITE_CSOCK_NAME to keep it away from the machine's pcscd. */
	env?: Record<string, string>;
}

/** scripts/test.sh builds once and sets PSTUDIO_BUILT; run alone, the e2e project builds for itself. */
export function ensureBuilt(): void {
	if (process.env.PSTUDIO_BUILT) return;
	execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export async function startStudio(options: StudioOptions = {}): Promise<StudioServer> {
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		cwd: REPO_ROOT,
		env: { ...process.env, ...options.env, HOST: options.host ?? '127.0.0.1', PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
	const url = `http://127.0.0.1:${port}/`;
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`studio server exited (${child.exitCode}): ${output}`);
		try {
			const res = await fetch(url);
			if (res.ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			child.kill();
			throw new Error(`studio server did not answer on ${url} within 20 s: ${output}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		port,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
