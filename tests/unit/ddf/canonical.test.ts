import { describe, expect, test } from 'vitest';
import { canonicalValue, sameValue, type DfFormat } from '../../../src/lib/documents/ddf';

// [input, canonical form] for valid values, [input, reason] for invalid ones; every row worked out by hand
// from the rule in the comment above its table.
function table(format: DfFormat, valid: [string, string][], invalid: [string, string][]): void {
	for (const [input, canonical] of valid) {
		test(`${format} ${JSON.stringify(input)} → ${JSON.stringify(canonical)}`, () => {
			expect(canonicalValue(format, input)).toMatchObject({ ok: true, value: canonical });
		});
	}
	for (const [input, reason] of invalid) {
		test(`${format} ${JSON.stringify(input)} is refused`, () => {
			expect(canonicalValue(format, input)).toEqual({ ok: false, reason });
		});
	}
}

describe('bool: true/false in any case → lower case', () => {
	table(
		'bool',
		[
			['true', 'true'],
			['TRUE', 'true'],
			['False', 'false'],
			['fAlSe', 'false']
		],
		[
			['1', '"1" is not a bool, expected true or false'],
			['yes', '"yes" is not a bool, expected true or false'],
			[' true', '" true" is not a bool, expected true or false'],
			['', '"" is not a bool, expected true or false']
		]
	);
});

describe('int (TND §8.5.4.2.13, 32-bit signed): optional sign, no leading zeros, -0 → 0', () => {
	table(
		'int',
		[
			['80', '80'],
			['0080', '80'],
			['+5', '5'],
			['-0', '0'],
			['+000', '0'],
			['-007', '-7'],
			['2147483647', '2147483647'],
			['-2147483648', '-2147483648'],
			['00000000000000000001', '1']
		],
		[
			['2147483648', '"2147483648" is outside the 32-bit signed range -2147483648..2147483647'],
			['-2147483649', '"-2147483649" is outside the 32-bit signed range -2147483648..2147483647'],
			['1.0', '"1.0" is not an int, expected an optional sign and decimal digits'],
			['0x10', '"0x10" is not an int, expected an optional sign and decimal digits'],
			['', '"" is not an int, expected an optional sign and decimal digits'],
			['+', '"+" is not an int, expected an optional sign and decimal digits'],
			['1 ', '"1 " is not an int, expected an optional sign and decimal digits']
		]
	);
});

describe('chr: kept as given; CaseSense CIS compares without case', () => {
	table('chr', [['Hello World ', 'Hello World '], ['', '']], []);
	test('CS: case matters', () => {
		expect(sameValue('chr', 'ABC', 'abc')).toBe(false);
	});
	test('CIS: case does not matter, the value sent keeps its case', () => {
		expect(sameValue('chr', 'ABC', 'abc', { caseInsensitive: true })).toBe(true);
		expect(canonicalValue('chr', 'ABC', { caseInsensitive: true })).toEqual({ ok: true, value: 'ABC', key: 'abc' });
	});
});

describe('b64 / bin: decoded and re-encoded (RFC 4648 §4, padded, no whitespace)', () => {
	// "Man" = 4D 61 6E → TWFu; "Ma" → TWE=; "M" → TQ==.
	const valid: [string, string][] = [
		['TWFu', 'TWFu'],
		['TWE', 'TWE='],
		['TQ', 'TQ=='],
		['TW\nFu TWE=', 'TWFuTWE='],
		// 'TR==': the low 4 bits of 'R' (010001) are padding bits and dropped, so it is the byte 0x4D as well.
		['TR==', 'TQ=='],
		['', '']
	];
	const invalid: [string, string][] = [
		['TWF', ''],
		['T', 'base64 "T" has 1 characters, a length of 4k+1 cannot be decoded'],
		['TW-u', '"-" at position 3 is not a base64 character'],
		['TWE=x', 'base64 "TWE=x" has 5 characters, a length of 4k+1 cannot be decoded']
	];
	table('b64', valid, invalid.slice(1));
	table('bin', valid.slice(0, 2), []);
	test('TWF (3 characters, no padding) decodes to "Ma" with padding added', () => {
		expect(canonicalValue('b64', 'TWF')).toMatchObject({ ok: true, value: 'TWE=' });
	});
});

describe('date (TND §8.5.4.2.17, ISO 8601 with century): basic and extended → YYYY-MM-DD', () => {
	table(
		'date',
		[
			['2024-02-29', '2024-02-29'],
			['20240229', '2024-02-29'],
			['2000-02-29', '2000-02-29']
		],
		[
			['1900-02-29', '"1900-02-29" is not a calendar date'],
			['2023-13-01', '"2023-13-01" is not a calendar date'],
			['2023-04-31', '"2023-04-31" is not a calendar date'],
			['24-02-29', '"24-02-29" is not an ISO 8601 date, expected YYYY-MM-DD or YYYYMMDD'],
			['2024-0229', '"2024-0229" is not an ISO 8601 date, expected YYYY-MM-DD or YYYYMMDD'],
			['2024/02/29', '"2024/02/29" is not an ISO 8601 date, expected YYYY-MM-DD or YYYYMMDD']
		]
	);
});

describe('time (TND §8.5.4.2.18, ISO 8601): basic and extended → hh:mm:ss[.f][Z|±hh:mm]', () => {
	table(
		'time',
		[
			['16:38:17', '16:38:17'],
			['163817', '16:38:17'],
			['16:38', '16:38:00'],
			['1638', '16:38:00'],
			['16:38:17Z', '16:38:17Z'],
			['163817Z', '16:38:17Z'],
			['16:38:17+00:00', '16:38:17Z'],
			['16:38:17+02', '16:38:17+02:00'],
			['163817-0530', '16:38:17-05:30'],
			['16:38:17.500', '16:38:17.5'],
			['16:38:17,25', '16:38:17.25'],
			['16:38:17.000', '16:38:17'],
			['24:00:00', '24:00:00']
		],
		[
			['16', '"16" is not an ISO 8601 time, expected hh:mm:ss[.fff][Z|±hh:mm] or hhmmss'],
			['25:00:00', '"25:00:00" is not a valid time of day'],
			['12:60:00', '"12:60:00" is not a valid time of day'],
			['24:00:01', '"24:00:01" is not a valid time of day'],
			['16:38:17+0200', '"16:38:17+0200" mixes basic and extended formats'],
			['163817+02:00', '"163817+02:00" mixes basic and extended formats'],
			['16:38:17+15:00', '"16:38:17+15:00" has a zone offset out of range'],
			['16:3817', '"16:3817" is not an ISO 8601 time, expected hh:mm:ss[.fff][Z|±hh:mm] or hhmmss']
		]
	);
});

describe('float (TND §8.5.4.2.19, XML Schema float): compared as single precision numbers', () => {
	table(
		'float',
		[
			['1', '1'],
			['1.0', '1'],
			['+1.50', '1.5'],
			['1.5E2', '150'],
			['.5', '0.5'],
			['-0', '0'],
			['0.1', '0.1'],
			// 0.100000001 rounds to the same float32 as 0.1 (0x3DCCCCCD).
			['0.100000001', '0.1'],
			['INF', 'INF'],
			['-INF', '-INF'],
			['NaN', 'NaN']
		],
		[
			['1,5', '"1,5" is not a float, expected e.g. 1.5, -2E3, INF or NaN'],
			['inf', '"inf" is not a float, expected e.g. 1.5, -2E3, INF or NaN'],
			['1e39', '"1e39" is outside the single precision range'],
			['', '"" is not a float, expected e.g. 1.5, -2E3, INF or NaN']
		]
	);
	test('0.1 and 0.10000000149011612 are the same float32', () => {
		expect(sameValue('float', '0.1', '0.10000000149011612')).toBe(true);
		expect(sameValue('float', '0.1', '0.1000001')).toBe(false);
	});
});

describe('node and null carry no value', () => {
	table('node', [['', '']], [['x', 'an interior node (format node) has no value, found "x"']]);
	table('null', [['', '']], [['0', 'format null has no value, found "0"']]);
});

describe('representation-only differences compare equal', () => {
	const pairs: [DfFormat, string, string][] = [
		['bool', 'TRUE', 'true'],
		['int', '0080', '80'],
		['int', '-0', '0'],
		['b64', 'TW\nFu', 'TWFu'],
		['date', '20240229', '2024-02-29'],
		['time', '163817Z', '16:38:17+00:00'],
		['float', '1.50', '15E-1']
	];
	for (const [format, a, b] of pairs) {
		test(`${format}: ${JSON.stringify(a)} equals ${JSON.stringify(b)}`, () => {
			expect(sameValue(format, a, b)).toBe(true);
		});
	}
	test('different values stay different', () => {
		expect(sameValue('int', '80', '81')).toBe(false);
		expect(sameValue('bool', 'true', 'false')).toBe(false);
	});
});
