import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type OptionSpec } from '../../../src/cli/args';

const SPECS: OptionSpec[] = [
	{ name: 'output', short: 'o', value: true },
	{ name: 'json', value: false }
];

describe('pstudio argument parsing', () => {
	it('takes values as "--opt v", "--opt=v", "-o v" and "-ov", the last one winning', () => {
		for (const argv of [['--output', 'x'], ['--output=x'], ['-o', 'x'], ['-ox'], ['-o', 'y', '--output', 'x']]) {
			expect(parseArgs(argv, SPECS, 'encode').values.get('output')).toBe('x');
		}
	});

	it('keeps "-" and everything after "--" as positionals', () => {
		const parsed = parseArgs(['a.xml', '-', '--json', '--', '--output', '-o'], SPECS, 'encode');
		expect(parsed.positionals).toEqual(['a.xml', '-', '--output', '-o']);
		expect([...parsed.flags]).toEqual(['json']);
	});

	it('names the command whose help to read when an option is unknown, lacks its value or has one too many', () => {
		expect(() => parseArgs(['--nope'], SPECS, 'decode')).toThrow(new UsageError('unknown option --nope', 'decode'));
		expect(() => parseArgs(['-o'], SPECS, 'decode')).toThrow(new UsageError('option -o needs a value', 'decode'));
		expect(() => parseArgs(['--json=yes'], SPECS, 'decode')).toThrow(new UsageError('option --json takes no value', 'decode'));
		try {
			parseArgs(['--nope'], SPECS, 'decode');
		} catch (err) {
			expect(err instanceof UsageError && err.command).toBe('decode');
		}
	});
});
