// String-table policy (WAP-192 §5.7 leaves it to the encoder). We try several tables and keep the smallest output:
// - none (only what must be there: LITERAL names, the FPI of a language without a numeric public id);
// - libwbxml's: every whole string (text or attribute value, > 3 bytes) that occurs more than once, then the words
//   (> 3 bytes) of the single-use strings that occur more than once (src/wbxml_encoder.c wbxml_strtbl_initialize);
// - a savings-driven one: strings and words whose references would save more than the table bytes they cost.
// The encoder's value planner then uses an entry only where a reference is shorter, and entries that end up
// referenced fewer than twice are pruned and the document re-encoded. Since the libwbxml table is one of the
// candidates and every value is planned optimally for a given table, we are never larger than libwbxml's policy.
import { mbUint32Length } from './mb-u-int32';
import { utf8Length } from './text';
import type { EncodePlan } from './encode';

export interface TableCandidate {
	table: string[];
	bytes: Uint8Array;
}

interface Encoded {
	bytes: Uint8Array;
	uses: number[];
}

/** libwbxml's WBXML_ENCODER_STRING_TABLE_MIN: only strings longer than 3 bytes are considered. */
const MIN_LENGTH = 3;
const MAX_PRUNE_ROUNDS = 4;

export function chooseStringTables(plan: EncodePlan, useTable: boolean, encode: (table: string[]) => Encoded): TableCandidate[] {
	const forced = plan.forced;
	const results: TableCandidate[] = [];
	const tryTable = (table: string[]): void => {
		let current = table;
		for (let round = 0; round < MAX_PRUNE_ROUNDS; round++) {
			const encoded = encode(current);
			results.push({ table: current, bytes: encoded.bytes });
			const kept = current.filter((_, i) => i < forced.length || encoded.uses[i] >= 2);
			if (kept.length === current.length) return;
			current = kept;
		}
	};
	tryTable(forced);
	if (!useTable) return results;

	const pool = [...plan.texts, ...plan.attributeValues];
	const withForced = (extra: string[]): string[] => [...forced, ...extra.filter((s) => !forced.includes(s))];
	const libwbxml = libwbxmlStrings(pool);
	if (libwbxml.length > 0) tryTable(withForced(libwbxml));
	const savings = savingStrings(pool);
	if (savings.length > 0) tryTable(withForced(savings));
	return results;
}

function countInOrder(strings: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const s of strings) counts.set(s, (counts.get(s) ?? 0) + 1);
	return counts;
}

const words = (s: string): string[] => s.split(/[ \t\r\n]+/).filter((w) => w !== '');

function libwbxmlStrings(pool: string[]): string[] {
	const counts = countInOrder(pool.filter((s) => utf8Length(s) > MIN_LENGTH));
	const table: string[] = [];
	const single: string[] = [];
	for (const [s, n] of counts) (n > 1 ? table : single).push(s);
	const wordCounts = countInOrder(single.flatMap(words).filter((w) => utf8Length(w) > MIN_LENGTH));
	for (const [w, n] of wordCounts) if (n > 1 && !table.includes(w)) table.push(w);
	return table;
}

function savingStrings(pool: string[]): string[] {
	const counts = countInOrder([...pool, ...pool.flatMap((s) => {
		const ws = words(s);
		return ws.length > 1 ? ws : [];
	})]);
	const scored: { s: string; saving: number }[] = [];
	for (const [s, n] of counts) {
		const length = utf8Length(s);
		// Inline: n x (STR_I + bytes + NUL). Table: bytes + NUL once, then n x (STR_T + 1-byte offset).
		const saving = n * (length + 2) - (length + 1) - n * (1 + mbUint32Length(0));
		if (n > 1 && saving > 0) scored.push({ s, saving });
	}
	scored.sort((a, b) => b.saving - a.saving);
	return scored.map((x) => x.s);
}
