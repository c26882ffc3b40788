import { defineConfig } from 'vitest/config';

// Tests run in Node without the SvelteKit plugin: src/lib is framework-free by design.
export default defineConfig({
	test: {
		projects: [
			// Type tests (*.test-d.ts) run through tsc as tests of the unit project: a wrong expectTypeOf fails a test.
			// Property tests of a few hundred runs take ~1 s alone; 30 s keeps them from timing out on a loaded CI machine.
			{ test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000, typecheck: { enabled: true, include: ['tests/unit/**/*.test-d.ts'], tsconfig: './tests/tsconfig.typecheck.json' } } },
			{ test: { name: 'fuzz', include: ['tests/fuzz/**/*.test.ts'], setupFiles: ['tests/fuzz/setup.ts'], environment: 'node', testTimeout: 300_000 } },
			{ test: { name: 'oracle', include: ['tests/oracle/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
			// Card tests share one pcscd and the vpcd ports: one file at a time.
			{ test: { name: 'pcsc', include: ['tests/pcsc/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
			// The job ledger's contract on memory, SQLite and PostgreSQL (PSTUDIO_PG_URL: scripts/pg/pg-up.sh), with
			// child processes racing for rows: one file at a time, they share the throwaway cluster.
			{ test: { name: 'ledger', include: ['tests/ledger/**/*.test.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 60_000, fileParallelism: false } },
			{ test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } }
		]
	}
});
