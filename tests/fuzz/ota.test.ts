import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtaError, decodeOtaSms, decodePush, decodePushSms, encodeOtaSms, encodePush, PduLineReader, pduLines, type PushMessage } from '../../src/lib/ota/index';

// Decoders are total (STYLE.md): any input ends in a value or an OtaError — never a RangeError, TypeError or hang.

function totally<T>(run: () => T): T | OtaError {
	try {
		return run();
	} catch (e) {
		if (e instanceof OtaError) return e;
		throw e;
	}
}

const hexDigits = (n: number) => n.toString(16).toUpperCase();
const macArb = fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 40, maxLength: 40 }).map((a) => a.map(hexDigits).join(''));
const pushArb: fc.Arbitrary<PushMessage> = fc.record(
	{
		tid: fc.integer({ min: 0, max: 255 }),
		confirmed: fc.constant(true as const),
		contentType: fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.stringMatching(/^[a-z][a-z0-9.+/-]{0,20}$/)),
		sec: fc.integer({ min: 0, max: 3 }),
		mac: macArb,
		applicationId: fc.oneof(fc.integer({ min: 0, max: 0xffffff }), fc.constant('x-wap-application:push.sia')),
		body: fc.uint8Array({ maxLength: 600 })
	},
	{ requiredKeys: ['tid', 'contentType', 'body'] }
);

describe('WSP Push decoder is total', () => {
	it('random bytes end in a PushMessage or an OtaError', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
				const r = totally(() => decodePush(bytes));
				if (r instanceof OtaError) expect(r.layer).toBe('wsp');
			}),
			{ numRuns: 25000 }
		);
	});
	it('push-shaped prefixes with random headers end in a PushMessage or an OtaError', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ maxLength: 20 }), (headers, body) => {
				const bytes = Uint8Array.from([1, 6, headers.length, ...headers, ...body]);
				totally(() => decodePush(bytes));
			}),
			{ numRuns: 25000 }
		);
	});
	it('encodePush then decodePush gives the message back', () => {
		fc.assert(
			fc.property(pushArb, (m) => {
				expect(decodePush(encodePush(m))).toEqual(m);
			}),
			{ numRuns: 5000 }
		);
	});
});

describe('SMS reassembly is total', () => {
	it('random PDUs end in a datagram or an OtaError naming a segment', () => {
		fc.assert(
			fc.property(fc.array(fc.uint8Array({ maxLength: 180 }), { minLength: 1, maxLength: 4 }), (pdus) => {
				const r = totally(() => decodePushSms(pdus));
				if (r instanceof OtaError && r.code !== 'missing-segment') expect(r.segment).toBeGreaterThanOrEqual(1);
			}),
			{ numRuns: 20000 }
		);
	});
	it('random hex text ends in an OtaError or a datagram', () => {
		fc.assert(
			fc.property(fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 3 }), (pdus) => {
				totally(() => decodeOtaSms(pdus));
			}),
			{ numRuns: 10000 }
		);
	});
	it('mutated, truncated, extended and shuffled encoder output ends in a push or an OtaError', () => {
		const mutation = fc.record({
			segment: fc.nat(),
			at: fc.nat(),
			kind: fc.constantFrom('set', 'truncate', 'insert', 'drop-segment', 'duplicate-segment'),
			value: fc.integer({ min: 0, max: 255 })
		});
		fc.assert(
			fc.property(pushArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (m, mutations, reverse) => {
				let pdus = encodeOtaSms(encodePush(m), { destination: '+15551234567', reference: 7 }).map((s) => s.bytes);
				for (const mu of mutations) {
					if (pdus.length === 0) break;
					const i = mu.segment % pdus.length;
					const p = pdus[i];
					const at = mu.at % (p.length + 1);
					if (mu.kind === 'set' && at < p.length) {
						const copy = p.slice();
						copy[at] = mu.value;
						pdus[i] = copy;
					} else if (mu.kind === 'truncate') pdus[i] = p.slice(0, at);
					else if (mu.kind === 'insert') pdus[i] = Uint8Array.from([...p.slice(0, at), mu.value, ...p.slice(at)]);
					else if (mu.kind === 'drop-segment') pdus = pdus.filter((_, j) => j !== i);
					else pdus = [...pdus, p];
				}
				if (reverse) pdus.reverse();
				totally(() => decodePushSms(pdus));
			}),
			{ numRuns: 10000 }
		);
	});
	it('encodeOtaSms then decodePushSms gives the push back, parts in any order', () => {
		fc.assert(
			fc.property(pushArb, fc.integer({ min: 0, max: 255 }), fc.nat(), (m, reference, rotate) => {
				const hex = encodeOtaSms(encodePush(m), { destination: '4915', reference }).map((s) => s.hex);
				const r = rotate % hex.length;
				expect(decodePushSms([...hex.slice(r), ...hex.slice(0, r)]).push).toEqual(m);
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('PDU file lines (issue 8 §5)', () => {
	it('chunking never changes the result: the same lines, or the same OtaError, however the text is cut', () => {
		const line = fc.oneof(
			fc.constantFrom('', '# note', 'AT+CMGS=3 000102', '  0a0b\r', 'zz'),
			fc.string({ unit: fc.constantFrom('0', 'F', ' ', '#', 'a'), maxLength: 600 }),
			fc.tuple(fc.nat({ max: 700 }), fc.nat({ max: 700 })).map(([a, b]) => `0A${' '.repeat(a)}0B${' '.repeat(b)}`)
		);
		fc.assert(
			fc.property(fc.array(line, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (lines, cuts) => {
				const text = lines.join('\n');
				const whole = totally(() => pduLines(text));
				const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
				const chunked = totally(() => {
					const reader = new PduLineReader();
					let from = 0;
					for (const at of [...points, text.length]) {
						reader.push(text.slice(from, at));
						from = at;
					}
					return reader.end();
				});
				if (whole instanceof OtaError) expect(chunked instanceof OtaError ? chunked.message : chunked).toBe(whole.message);
				else expect(chunked).toEqual(whole);
			}),
			{ numRuns: 3000 }
		);
	});
});
