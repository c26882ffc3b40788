// Input formats that are not byte codecs, 100,000 cases each per run (issue 13 §2): a library import file (the
// JSON a user picks in the studio) and the JSON bodies of the card endpoints. Each ends in a value or the domain's
// error with one line that says where (JSON path) — never another exception, never a secret repeated.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LibraryError } from '../../src/lib/library';
import { parseLibraryFile, serialiseLibraryFile, type LibraryFile } from '../../src/lib/library/transfer';
import { parseKeysRequest, parseWriteRequest, RequestError } from '../../src/lib/server/card-service';

/** A mutation of a JSON value: a random path set to a random value, deleted, or the value wrapped. */
function mutate(value: unknown, edits: [number, number, unknown][]): unknown {
	const copy = JSON.parse(JSON.stringify(value)) as unknown;
	for (const [pick, kind, replacement] of edits) {
		const slots: [Record<string, unknown> | unknown[], string | number][] = [];
		const walk = (v: unknown): void => {
			if (Array.isArray(v)) v.forEach((item, i) => (slots.push([v, i]), walk(item)));
			else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) slots.push([v as Record<string, unknown>, k]), walk((v as Record<string, unknown>)[k]);
		};
		walk(copy);
		if (slots.length === 0) continue;
		const [owner, key] = slots[pick % slots.length];
		if (kind === 0 && !Array.isArray(owner)) delete owner[key as string];
		else (owner as Record<string | number, unknown>)[key] = kind === 1 ? [replacement] : replacement;
	}
	return copy;
}

const edits = fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 });
const SECRET = 'Zq9-s3cret-Zq9';

describe('library import files', () => {
	const file: LibraryFile = {
		exported: Date.UTC(2026, 0, 2, 3, 4, 5),
		secrets: 'omitted',
		documents: [
			{
				id: 'd1',
				name: 'APN "one"',
				kind: 'cp',
				tags: ['apn', 'pilot'],
				created: Date.UTC(2026, 0, 1),
				updated: Date.UTC(2026, 0, 2),
				// A document text holding a secret value: whatever is wrong elsewhere, a message never repeats it.
				draft: `<wap-provisioningdoc version="1.1"><characteristic type="APPLICATION"><parm name="AAUTHSECRET" value="${SECRET}"/></characteristic></wap-provisioningdoc>\n`,
				versions: [{ id: 'v1', number: 1, message: 'first', origin: 'save', created: Date.UTC(2026, 0, 1, 12), text: '<wap-provisioningdoc/>\n' }]
			}
		]
	};
	const valid = serialiseLibraryFile(file);

	/** `secretInDraft`: the secret can only be in a document's draft (structural edits), so no message may hold it. */
	function parseOrRefuse(text: string, secretInDraft: boolean): LibraryFile | undefined {
		try {
			return parseLibraryFile(text);
		} catch (e) {
			if (!(e instanceof LibraryError)) throw new Error(`not a LibraryError for ${text.slice(0, 200)}: ${String(e)}`);
			if (e.code !== 'bad-import' && e.code !== 'newer-format') throw new Error(`code ${e.code}: ${e.message}`);
			if (e.message.includes('\n') || e.message.length > 600) throw new Error(`not one short line: ${e.message}`);
			if (secretInDraft && e.message.includes(SECRET)) throw new Error(`repeats a document's text: ${e.message}`);
			return undefined;
		}
	}

	it('the hand-made file reads back as written (the base of the mutations)', () => {
		expect(parseLibraryFile(valid)).toEqual(file);
	});

	it('structural mutations of a valid file: the file, or one bad-import line; a value read back is a valid file again', () => {
		const base = JSON.parse(valid) as unknown;
		fc.assert(
			fc.property(edits, (e) => {
				const read = parseOrRefuse(JSON.stringify(mutate(base, e)), true);
				if (read !== undefined && JSON.stringify(parseLibraryFile(serialiseLibraryFile(read))) !== JSON.stringify(read)) throw new Error('a read file does not survive its own export');
			}),
			{ numRuns: 50_000 }
		);
	});

	it('random JSON and cut or spliced text: one short bad-import line', () => {
		// A splice can move draft text into a field that is quoted back (a document's name), so only the line is checked.
		const text = fc.oneof(
			fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
			fc.tuple(fc.nat(valid.length), fc.nat(valid.length), fc.constantFrom('', '"', '{', ']', ',', 'null', '1e999', '"x"', SECRET)).map(([a, b, s]) => valid.slice(0, Math.min(a, b)) + s + valid.slice(Math.max(a, b))),
			fc.string({ maxLength: 40 }).map((s) => `${SECRET}${s}`)
		);
		fc.assert(fc.property(text, (t) => void parseOrRefuse(t, false)), { numRuns: 50_000 });
	});
});

describe('card endpoint JSON bodies', () => {
	const write = { reader: 'Virtual PCD 00 00', documents: { bootstrap: { wbxmlHex: '030B6A00C54601' }, config1: { xml: '<wap-provisioningdoc/>' } }, adm: SECRET, pin1: '0000', force: false, profile: 'oma-provsc', raw: true };

	function parseOrRefuse(parse: (b: unknown) => unknown, body: unknown): void {
		try {
			parse(body);
		} catch (e) {
			if (!(e instanceof RequestError)) throw new Error(`not a RequestError for ${JSON.stringify(body).slice(0, 200)}: ${String(e)}`);
			if (e.message.includes('\n') || e.message.length > 400) throw new Error(`not one short line: ${e.message}`);
			if (e.message.includes(SECRET)) throw new Error(`repeats the ADM key: ${e.message}`);
		}
	}

	it('mutated write and info/read bodies: a request or one RequestError line that never repeats the ADM key', () => {
		fc.assert(
			fc.property(edits, fc.boolean(), (e, asWrite) => {
				const body = mutate(write, e);
				parseOrRefuse(asWrite ? parseWriteRequest : parseKeysRequest, body);
			}),
			{ numRuns: 70_000 }
		);
	});

	it('any JSON value as a body', () => {
		fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (body, asWrite) => parseOrRefuse(asWrite ? parseWriteRequest : parseKeysRequest, body)), { numRuns: 30_000 });
	});
});
