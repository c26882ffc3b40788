// "Is what the card holds what was authored?" — byte for byte, with the first differing offset when not.
import { fromHex, toHex } from '../../codec/hex';
import type { ErrorJson, ReadDocumentJson } from './wire';

export type Comparison = { equal: true; bytes: number } | { equal: false; at: number; authoredBytes: number; cardBytes: number };

export function compareBytes(authored: Uint8Array, card: Uint8Array): Comparison {
	const n = Math.min(authored.length, card.length);
	for (let i = 0; i < n; i++) if (authored[i] !== card[i]) return { equal: false, at: i, authoredBytes: authored.length, cardBytes: card.length };
	if (authored.length !== card.length) return { equal: false, at: n, authoredBytes: authored.length, cardBytes: card.length };
	return { equal: true, bytes: n };
}

/** The line the page shows under a read-back document. */
export function comparisonText(c: Comparison): string {
	return c.equal
		? `Equal to what was authored: yes (byte for byte, ${c.bytes} bytes)`
		: `Equal to what was authored: no (first difference at byte ${c.at}; authored ${c.authoredBytes} bytes, card ${c.cardBytes})`;
}

/** The read-back document with a given label ("Bootstrap", "Config1"). */
export function documentLabelled(documents: readonly ReadDocumentJson[], label: string): ReadDocumentJson | undefined {
	return documents.find((d) => d.label === label);
}

export function documentBytes(d: ReadDocumentJson): Uint8Array {
	return fromHex(d.hex);
}

/** Hex in rows of 16 bytes, for the read-back view. */
export function hexRows(hex: string): string {
	const bytes = fromHex(hex);
	const rows: string[] = [];
	for (let i = 0; i < bytes.length; i += 16) rows.push(toHex(bytes.subarray(i, i + 16), ' '));
	return rows.join('\n');
}

/** A failure as one line; a wrong key adds the tries left in words (the message already has the SW). */
export function errorText(e: ErrorJson): string {
	if (e.retriesLeft === undefined) return e.message;
	return `${e.message} — ${e.retriesLeft} ${e.retriesLeft === 1 ? 'try' : 'tries'} left before the key is blocked`;
}
