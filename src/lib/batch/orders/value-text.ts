// A secret of the order as text, the way the order wrote it: key bytes (Ki, OPc, KIC…, a hex ADM, decrypted pySim
// columns) as upper-case hex (bureau-files.md §4); an ADM whose 8 bytes are ASCII digits as those digits (pySim's
// --adm; the same key bytes as their hex); PINs, PUKs and unchecked vendor secrets as their text. The reader keeps a
// key as its bytes, and reading those bytes as UTF-8 gave U+FFFD soup where a template or a CSV wanted the key.
import { toHex } from '../../codec/hex';
import type { ColumnKind } from './columns';
import type { OrderValue } from './values';

/** Columns whose secrets are key bytes. */
const KEY_BYTES: ReadonlySet<ColumnKind> = new Set(['aka-key', 'ota-key', 'scp-key', 'adm-hex']);

export function orderValueText(kind: ColumnKind, value: OrderValue): string {
	if (typeof value === 'string') return value;
	const bytes = value.reveal();
	const digits = bytes.length === 8 && bytes.every((b) => b >= 0x30 && b <= 0x39);
	if (KEY_BYTES.has(kind) || (kind === 'adm' && !digits)) return toHex(bytes);
	return value.revealText();
}
