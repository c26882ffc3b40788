// Decoders are total (STYLE.md): random and mutated inputs end in a value or a CardError, never anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError, CardSession, encodeApdu, parseApdu, parseFcp, parseGsmResponse, parseResponse, readBinary, selectFid, type Transport } from '../../src/lib/card';
import { defaultProfile, loadProfile, UiccSimulator } from '../../src/lib/card/simulator';
import { fromHex } from '../../src/lib/codec/hex';

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

function onlyCardError(f: () => unknown): void {
	try {
		f();
	} catch (e) {
		if (!(e instanceof CardError)) throw e;
	}
}

const ICCID_FCP = fromHex('621F82024121 83022FE2 A506C00100DE0100 8A0105 8B032F060C 8002000A 880110');
const mutated = (base: Uint8Array) =>
	fc.tuple(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(base.length)).map(([edits, cut]) => {
		const b = base.slice(0, Math.max(1, cut));
		for (const [i, v] of edits) if (i < b.length) b[i] = v;
		return b;
	});

describe('card decoders under random input', () => {
	it('parseApdu: a value or CardError; a value re-encodes to its own bytes, and the minimal encoder agrees exactly when the form was minimal', () => {
		// Random bytes rarely hold a matching Lc, so half the inputs are well-formed APDUs of every case, then cut
		// or extended by a byte (ISO/IEC 7816-3 §12.1.3 decides the case from the length alone).
		const apdu = fc
			.record({
				head: fc.uint8Array({ minLength: 4, maxLength: 4 }),
				data: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 1, maxLength: 300 })),
				le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
				extended: fc.boolean(),
				tail: fc.integer({ min: -1, max: 1 })
			})
			.map(({ head, data, le, extended, tail }) => {
				const bytes = encodeApdu({ cla: head[0], ins: head[1], p1: head[2], p2: head[3], data, le }, extended);
				if (tail < 0) return bytes.subarray(0, bytes.length - 1);
				return tail > 0 ? Uint8Array.from([...bytes, 0x00]) : bytes;
			});
		fc.assert(
			fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), apdu), (b) => {
				let a: ReturnType<typeof parseApdu>;
				try {
					a = parseApdu(b);
				} catch (e) {
					if (!(e instanceof CardError)) throw e;
					expect(e.code).toBe('APDU_MALFORMED');
					return;
				}
				// Outside the catch: a re-encode that throws fails the property.
				expect(encodeApdu(a, a.kind.endsWith('E'))).toEqual(b);
				const needsExtended = (a.data?.length ?? 0) > 255 || (a.le ?? 0) > 256;
				const minimal = !a.kind.endsWith('E') || needsExtended;
				expect(equalBytes(encodeApdu(a), b)).toBe(minimal);
			}),
			{ numRuns: 30000 }
		);
	});
	it('parseResponse and parseGsmResponse: a value or CardError', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
				onlyCardError(() => parseResponse(b));
				onlyCardError(() => parseGsmResponse(b));
			}),
			{ numRuns: 10000 }
		);
	});
	it('parseFcp: random and mutated FCPs end in a value or CardError', () => {
		fc.assert(
			fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated(ICCID_FCP)), (b) => onlyCardError(() => parseFcp(b))),
			{ numRuns: 30000 }
		);
	});
	it('loadProfile: mutated profiles end in a state or CardError', () => {
		const junk = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}));
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(200), junk), { maxLength: 3 }), (edits) => {
				const p = JSON.parse(JSON.stringify(defaultProfile()));
				// Walk the object tree in a fixed order and replace the n-th value met.
				const slots: [Record<string, unknown>, string][] = [];
				const walk = (o: unknown): void => {
					if (typeof o !== 'object' || o === null) return;
					for (const k of Object.keys(o)) {
						slots.push([o as Record<string, unknown>, k]);
						walk((o as Record<string, unknown>)[k]);
					}
				};
				walk(p);
				for (const [n, v] of edits) {
					const [o, k] = slots[n % slots.length];
					o[k] = v;
				}
				onlyCardError(() => loadProfile(p));
			}),
			{ numRuns: 5000 }
		);
	});
});

describe('simulator and session under random traffic', () => {
	it('the simulator answers every byte string with at least SW1 SW2 and never throws', () => {
		const card = new UiccSimulator(loadProfile(defaultProfile()));
		fc.assert(
			fc.property(fc.oneof(fc.uint8Array({ maxLength: 270 }), fc.tuple(fc.constantFrom(0x00, 0xa0), fc.constantFrom(0xa4, 0xb0, 0xd6, 0xb2, 0xdc, 0x20, 0xe0, 0xe4, 0xc0), fc.uint8Array({ minLength: 2, maxLength: 40 })).map(([c, i, rest]) => Uint8Array.from([c, i, ...rest]))), (b) => {
				expect(card.transmit(b).length).toBeGreaterThanOrEqual(2);
			}),
			{ numRuns: 20000 }
		);
	});
	it('CardSession over random R-APDUs yields results or CardError only (bounded GET RESPONSE loops)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 30 }), { minLength: 1, maxLength: 80 }), async (answers) => {
				let i = 0;
				const t: Transport = { name: 'fuzz', transmit: async () => answers[i++ % answers.length] };
				const s = new CardSession(t);
				for (const op of [() => selectFid(s, 0x2fe2), () => readBinary(s, 0, 40)]) {
					try {
						await op();
					} catch (e) {
						if (!(e instanceof CardError)) throw e;
					}
				}
			}),
			{ numRuns: 5000 }
		);
	});
});
