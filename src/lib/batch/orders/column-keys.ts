// pySim's encrypted CSV columns (pySim/card_key_provider.py, CardKeyFieldCryptor; bureau-files.md §2): each
// listed column is AES-CBC encrypted with its own transport key ("following GSMA FS.28"), given as
// `--column-key FIELD:HEX`; the IV is 16 bytes of 0x23 and there is no padding, so only values of whole 16-byte
// blocks can be encrypted (keys, not PINs). Field names are compared upper-case; a group name applies one key to
// the columns of its group. Neither pySim nor FS.28 adds a check value: a wrong key of the right length decrypts to
// other bytes of the same length, which no reader can tell from the right ones.
import { Secret } from '../../security';
import type { OrderColumn } from './columns';
import { OrderError } from './error';
import type { PendingCell } from './rows';
import { encryptedLengths, firstNonHex, hexToBytes, type OrderValue } from './values';

/** One `--column-key FIELD:HEX`: a column name or group name, and the AES key. */
export interface ColumnKey {
	readonly field: string;
	readonly key: Secret;
}

/** The groups of card_key_provider.py (CRYPT_GROUPS), as pySim spells them. */
export const COLUMN_KEY_GROUPS: Readonly<Record<string, readonly string[]>> = {
	UICC_SCP02: ['UICC_SCP02_KIC1', 'UICC_SCP02_KID1', 'UICC_SCP02_KIK1'],
	UICC_SCP03: ['UICC_SCP03_KIC1', 'UICC_SCP03_KID1', 'UICC_SCP03_KIK1'],
	SCP03_ISDR: ['SCP03_ENC_ISDR', 'SCP03_MAC_ISDR', 'SCP03_DEK_ISDR'],
	SCP03_ISDA: ['SCP03_ENC_ISDA', 'SCP03_MAC_ISDA', 'SCP03_DEK_ISDA'],
	SCP03_ECASD: ['SCP03_ENC_ECASD', 'SCP03_MAC_ECASD', 'SCP03_DEK_ECASD']
};

/** IV of every encrypted value (card_key_provider.py: b'\x23' * 16). */
const IV = new Uint8Array(16).fill(0x23);

/** Parses `FIELD:HEX` as pySim's --column-key takes it; the message never repeats the key. */
export function parseColumnKey(text: string): ColumnKey {
	const colon = text.indexOf(':');
	if (colon <= 0) throw new OrderError('bad-column-key', '--column-key is FIELD:HEX (a column or group name, a colon, the AES key in hex)');
	const field = text.slice(0, colon).trim().toUpperCase();
	const hex = text.slice(colon + 1).trim();
	const bad = firstNonHex(hex);
	if (bad >= 0) throw new OrderError('bad-column-key', `--column-key ${field}: character ${bad + 1} of the key is not a hex digit`);
	if (![32, 48, 64].includes(hex.length)) {
		throw new OrderError('bad-column-key', `--column-key ${field}: ${hex.length} hex digits; an AES key is 16, 24 or 32 bytes (32, 48 or 64 hex digits)`);
	}
	return { field, key: new Secret(`column key ${field}`, hexToBytes(hex)) };
}

/** Column keys by upper-case column name, groups expanded; a column named twice is refused. */
export function expandColumnKeys(keys: readonly ColumnKey[]): Map<string, { readonly key: Secret; readonly given: string }> {
	const out = new Map<string, { key: Secret; given: string }>();
	for (const { field, key } of keys) {
		const name = field.trim().toUpperCase();
		if (![16, 24, 32].includes(key.length)) {
			throw new OrderError('bad-column-key', `--column-key ${name}: a ${key.length}-byte key; AES takes 16, 24 or 32 bytes`);
		}
		for (const column of COLUMN_KEY_GROUPS[name] ?? [name]) {
			const before = out.get(column);
			if (before !== undefined) throw new OrderError('bad-column-key', `column ${column} has two keys (--column-key ${before.given} and ${name})`);
			out.set(column, { key, given: name });
		}
	}
	return out;
}

/** Every key must reach a column of this order that can be encrypted; a group needs at least one of its columns. */
export function checkColumnKeys(keys: readonly ColumnKey[], columns: readonly OrderColumn[]): void {
	const byKey = new Map(columns.map((c) => [c.key, c]));
	for (const { field } of keys) {
		const name = field.trim().toUpperCase();
		const targets = COLUMN_KEY_GROUPS[name] ?? [name];
		const present = targets.filter((t) => byKey.has(t));
		if (present.length === 0) {
			const names = columns.map((c) => c.key).join(', ');
			const what = COLUMN_KEY_GROUPS[name] === undefined ? `no column ${name}` : `none of the columns of group ${name} (${targets.join(', ')})`;
			throw new OrderError('bad-column-key', `--column-key ${name}: the order has ${what}; its columns are ${names.length > 300 ? `${names.slice(0, 300)}…` : names}`);
		}
		for (const target of present) {
			const column = byKey.get(target)!;
			if (encryptedLengths(column.kind) === undefined) {
				throw new OrderError(
					'bad-column-key',
					`--column-key ${name}: column ${column.number} (${column.name}) cannot hold an encrypted value: AES-CBC without padding encrypts whole 16-byte blocks, and its values are not`
				);
			}
		}
	}
}

/** Imported AES keys, per column, for decryption. */
export class ColumnDecryptor {
	readonly #keys: Map<string, { readonly key: Secret; readonly given: string }>;
	readonly #imported = new Map<Secret, Promise<CryptoKey>>();

	constructor(keys: readonly ColumnKey[]) {
		this.#keys = expandColumnKeys(keys);
	}

	has(column: string): boolean {
		return this.#keys.has(column);
	}

	/** Imports every key once, so that a platform refusing one (AES-192 in Chromium) is known before any row. */
	async prepare(): Promise<void> {
		for (const entry of this.#keys.values()) await this.#import(entry.key, entry.given);
	}

	#import(key: Secret, given: string): Promise<CryptoKey> {
		let imported = this.#imported.get(key);
		if (imported === undefined) {
			const raw = key.reveal() as Uint8Array<ArrayBuffer>;
			imported = crypto.subtle
				.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt'])
				.catch(() => {
					throw new OrderError('bad-column-key', `--column-key ${given}: this platform's WebCrypto does not take a ${key.length}-byte AES key${key.length === 24 ? ' (Chromium has no AES-192)' : ''}`);
				})
				.finally(() => raw.fill(0));
			this.#imported.set(key, imported);
		}
		return imported;
	}

	/**
	 * Decrypts the cells of one batch in place, one WebCrypto call pair per column key: the values are decrypted as
	 * one CBC stream and each value's first block is then corrected (see decryptValues).
	 */
	async decrypt(cells: readonly PendingCell[]): Promise<void> {
		const byKey = new Map<Secret, PendingCell[]>();
		for (const cell of cells) {
			const entry = this.#keys.get(cell.column.key)!;
			let list = byKey.get(entry.key);
			if (list === undefined) byKey.set(entry.key, (list = []));
			list.push(cell);
		}
		for (const [key, list] of byKey) {
			const aes = await this.#import(key, this.#keys.get(list[0].column.key)!.given);
			const clear = await decryptValues(
				aes,
				list.map((c) => c.ciphertext)
			);
			list.forEach((cell, i) => {
				(cell.values as (OrderValue | undefined)[])[cell.index] = new Secret(cell.column.key, clear[i]);
				clear[i].fill(0);
			});
		}
	}
}

/**
 * AES-CBC decryption without padding, IV 23…23, of many values at once through WebCrypto, whose AES-CBC always
 * expects PKCS#7 padding. The values are joined into one ciphertext C1…Cn and a block B is appended that decrypts
 * to a full padding block: B = E(0x10…10 ⊕ Cn), which is what encrypting nothing with IV Cn gives (PKCS#7 pads the
 * empty text to one block of 0x10). WebCrypto then decrypts C1…Cn B, checks and drops the padding block, and gives
 * D(Ci) ⊕ Ci-1 for every block. CBC chains across the joins, so the first block of each value after the first was
 * XORed with the previous value's last block instead of the IV: XOR that block with (previous block ⊕ IV) again.
 */
export async function decryptValues(key: CryptoKey, values: readonly Uint8Array[]): Promise<Uint8Array[]> {
	let total = 0;
	for (const v of values) total += v.length;
	if (total === 0) return values.map(() => new Uint8Array(0));
	const joined = new Uint8Array(total + 16);
	let at = 0;
	for (const v of values) {
		joined.set(v, at);
		at += v.length;
	}
	const last = joined.slice(total - 16, total);
	const pad = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: last }, key, new Uint8Array(0)));
	joined.set(pad.subarray(0, 16), total);
	const clear = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: IV }, key, joined));
	const out: Uint8Array[] = [];
	at = 0;
	for (const v of values) {
		if (at > 0 && v.length > 0) for (let i = 0; i < 16; i++) clear[at + i] ^= joined[at - 16 + i] ^ IV[i];
		out.push(clear.slice(at, at + v.length));
		at += v.length;
	}
	clear.fill(0);
	return out;
}
