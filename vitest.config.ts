import { defineConfig } from 'vitest/config';

// Tests run in Node without the SvelteKit plugin: src/lib is framework-free by design.
export default defineConfig({
	test: {
		projects: [
			{ test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
			{ test: { name: 'fuzz', include: ['tests/fuzz/**/*.test.ts'], environment: 'node', testTimeout: 300_000 } },
			{ test: { name: 'oracle', include: ['tests/oracle/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
			{ test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } }
		]
	}
});
