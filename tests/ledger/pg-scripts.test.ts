// scripts/pg/pg-up.sh and pg-down.sh stop only what they started (issue 12: a throwaway cluster, never the
// system's). The start itself is exercised by every PostgreSQL test of this project (npm test starts the cluster
// with pg-up.sh); here, the refusals, which must never touch another cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'pstudio-pg-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, arg: string): { status: number | null; stderr: string; stdout: string } {
	const r = spawnSync('bash', [join(ROOT, 'scripts/pg', name), arg], { encoding: 'utf8' });
	return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('scripts/pg', () => {
	it('pg-down.sh in a folder where nothing was started does nothing', () => {
		const empty = join(dir, 'empty');
		expect(script('pg-down.sh', empty)).toEqual({ status: 0, stdout: '', stderr: `pg-down: no ${empty}/pg.env (nothing started here)\n` });
	});

	it('pg-down.sh refuses a pg.env that names a data folder pg-up.sh did not make, and leaves it', () => {
		const foreign = join(dir, 'foreign');
		const data = join(dir, 'system-cluster');
		spawnSync('mkdir', ['-p', foreign, join(data, 'data')]);
		writeFileSync(join(foreign, 'pg.env'), `PSTUDIO_PG_URL=postgres://x@127.0.0.1:5432/x\nPSTUDIO_PG_DATA=${data}\nPSTUDIO_PG_BIN=/usr/lib/postgresql/15/bin\nPSTUDIO_PG_OSUSER=postgres\n`);
		const r = script('pg-down.sh', foreign);
		expect(r.status).toBe(3);
		expect(r.stderr).toBe(`pg-down: ${foreign}/pg.env names data folder '${data}', which pg-up.sh did not make; leaving it\n`);
		expect(existsSync(join(data, 'data'))).toBe(true);
	});

	it('pg-up.sh will not start a second cluster over the record of a first', () => {
		const busy = join(dir, 'busy');
		spawnSync('mkdir', ['-p', busy]);
		writeFileSync(join(busy, 'pg.env'), 'PSTUDIO_PG_DATA=/tmp/pstudio-pg.XXXXXX\n');
		const r = script('pg-up.sh', busy);
		expect(r.status).toBe(3);
		expect(r.stderr).toBe(`pg-up: ${busy}/pg.env exists: a cluster started here may still run; stop it with pg-down.sh ${busy} first\n`);
	});
});
