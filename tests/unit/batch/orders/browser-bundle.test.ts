// The order reader runs in a Web Worker over a browser File: src/lib/batch bundles for the browser (esbuild
// --platform=browser refuses a Node built-in it cannot resolve) and the bundle names none.
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('browser bundle', () => {
	it('bundles src/lib/batch for the browser without a Node built-in', async () => {
		const result = await build({
			entryPoints: [join(__dirname, '../../../../src/lib/batch/index.ts')],
			bundle: true,
			platform: 'browser',
			format: 'esm',
			write: false,
			logLevel: 'silent',
			metafile: true
		});
		expect(result.errors).toEqual([]);
		const inputs = Object.keys(result.metafile.inputs);
		expect(inputs.filter((path) => path.startsWith('node:') || /(^|\/)node_modules\/(buffer|stream|events)\//.test(path))).toEqual([]);
		expect(result.outputFiles[0].text).not.toMatch(/\bfrom ["']node:|require\(["']node:/);
	});
});
