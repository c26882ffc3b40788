// The CP test corpus (tests/fixtures/prov, one README line per file) and the hand-made WBXML streams beside it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../../src/lib/codec/hex';

export const CORPUS_DIR = join(__dirname, '../../fixtures/prov');
export const HAND_MADE_DIR = join(CORPUS_DIR, 'wbxml');

/** Every corpus document, by file name, in a stable order. */
export const CORPUS: readonly string[] = readdirSync(CORPUS_DIR)
	.filter((name) => name.endsWith('.xml'))
	.sort();

/** The hand-made WBXML streams (`.hex`, `#` starts a comment running to the end of the line). */
export const HAND_MADE: readonly string[] = readdirSync(HAND_MADE_DIR)
	.filter((name) => name.endsWith('.hex'))
	.sort();

export const corpusText = (name: string): string => readFileSync(join(CORPUS_DIR, name), 'utf8');

export function handMadeBytes(name: string): Uint8Array {
	const text = readFileSync(join(HAND_MADE_DIR, name), 'utf8');
	return fromHex(text.replace(/#[^\n]*/g, ''));
}
