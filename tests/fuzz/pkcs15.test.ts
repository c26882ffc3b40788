// Decoders are total (STYLE.md): any byte string ends in a value or a Pkcs15Error, never another exception.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromHex } from '../../src/lib/codec/hex';
import {
	buildLayout,
	discover,
	parseDirRecord,
	parseDodf,
	parseOdf,
	parseTokenInfo,
	PROFILES,
	Pkcs15Error,
	writeLayout
} from '../../src/lib/card/pkcs15';
import { CardFileError, ffRecord, MemoryCard } from '../unit/pkcs15/memory-card';

const profile = PROFILES['oma-provsc'];
const layout = buildLayout(
	{ bootstrap: fromHex('030B6A00C54601'), config1: fromHex('030B6A00C501'), config2: fromHex('030B6A00C50101') },
	profile,
	{},
	{ serialNumber: fromHex('8949000000000000001F'), manufacturerID: 'ACME', tokenLabel: 'WAP Prov', tokenFlags: ['readonly'], openscMirror: true }
);
const valid = {
	odf: layout.files.find((f) => f.role === 'odf')!.content,
	tokenInfo: layout.files.find((f) => f.role === 'tokenInfo')!.content,
	dodf: layout.files.find((f) => f.role === 'dodf')!.content,
	dir: layout.dir.template
};
const parsers: Record<keyof typeof valid, (b: Uint8Array) => unknown> = {
	odf: parseOdf,
	tokenInfo: parseTokenInfo,
	dodf: parseDodf,
	dir: parseDirRecord
};

function totally(parse: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
	try {
		parse(bytes);
	} catch (e) {
		if (!(e instanceof Pkcs15Error)) throw new Error(`non-Pkcs15Error for ${Buffer.from(bytes).toString('hex')}: ${String(e)}`);
		expect(e.offset).toBeLessThanOrEqual(bytes.length);
	}
}

/** Byte-level mutations of a valid file: overwrite, insert, delete, truncate. */
const mutation = (base: Uint8Array) =>
	fc
		.array(
			fc.tuple(fc.constantFrom('set', 'insert', 'delete', 'truncate'), fc.nat(), fc.integer({ min: 0, max: 255 })),
			{ minLength: 1, maxLength: 4 }
		)
		.map((ops) => {
			let bytes = Array.from(base);
			for (const [op, at, value] of ops) {
				const i = bytes.length ? at % bytes.length : 0;
				if (op === 'set' && bytes.length) bytes[i] = value;
				else if (op === 'insert') bytes.splice(i, 0, value);
				else if (op === 'delete') bytes.splice(i, 1);
				else bytes = bytes.slice(0, i);
			}
			return new Uint8Array(bytes);
		});

describe('PKCS#15 decoders are total', () => {
	for (const name of Object.keys(valid) as (keyof typeof valid)[]) {
		test(`${name}: random bytes end in a value or a Pkcs15Error`, () => {
			fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => totally(parsers[name], bytes)), { numRuns: 12000 });
		});

		test(`${name}: mutated valid DER ends in a value or a Pkcs15Error`, () => {
			fc.assert(fc.property(mutation(valid[name]), (bytes) => totally(parsers[name], bytes)), { numRuns: 12000 });
		});
	}

	test('discover over a card with a mutated DODF rejects only with Pkcs15Error', async () => {
		const card = new MemoryCard()
			.linearFixed('3F002F00', [ffRecord(32)])
			.df('3F007F50', profile.aid.value)
			.emptyEf('3F007F505031', 32)
			.emptyEf('3F007F505032', 64)
			.emptyEf('3F007F506E00', 256)
			.emptyEf('3F007F506E01', 1024)
			.emptyEf('3F007F506E02', 1024)
			.emptyEf('3F007F506E03', 1024);
		await writeLayout(card, layout);
		await fc.assert(
			fc.asyncProperty(mutation(valid.dodf), async (dodf) => {
				const image = new Uint8Array(256).fill(0xff);
				image.set(dodf.subarray(0, 256));
				card.ef('3F007F506E00', image);
				try {
					await discover(card, profile);
				} catch (e) {
					if (e instanceof Pkcs15Error) return;
					// A mutated Path may name a file that is not there or an offset past its end: the card's own refusal
					// (the memory card's CardFileError, SW 6A82 / 6B00 / 6986) passes through by design; nothing else may.
					if (!(e instanceof CardFileError) || ![0x6a82, 0x6b00, 0x6986].includes(e.sw)) throw e;
				}
			}),
			{ numRuns: 4000 }
		);
	});
});
