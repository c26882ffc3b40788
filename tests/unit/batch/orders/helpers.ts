// Shared by the order reader tests: fixtures as bytes, and a row's values shown as text (a Secret as its label
// and the hex of its bytes, so a test can assert the exact key bytes without the Secret ever printing them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWholeOrder, type OrderOptions, type OrderRow, type WholeOrder } from '../../../../src/lib/batch';
import { Secret } from '../../../../src/lib/security';

export const FIXTURES = join(__dirname, '../../../fixtures/batch');

export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function readFixture(name: string, options: OrderOptions = {}): Promise<WholeOrder> {
	return readWholeOrder(fixture(name), options);
}

/** A value as text: public values as they are, a Secret as `LABEL=hex` of its bytes, an empty cell as ''. */
export function shown(row: OrderRow): string[] {
	return row.values.map((v) => (v === undefined ? '' : v instanceof Secret ? `${v.label}=${Buffer.from(v.reveal()).toString('hex').toUpperCase()}` : v));
}

/** The hex of an ASCII text: a PIN or an ADM of digits as the card gets it. */
export function asciiHex(text: string): string {
	return Buffer.from(text, 'ascii').toString('hex').toUpperCase();
}
