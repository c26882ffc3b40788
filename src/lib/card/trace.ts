// APDU trace for logs and the UI. Entries are built from what the session chose to show: VERIFY data is replaced
// by "****" before an entry exists, so a trace can be printed, stored or sent anywhere (STYLE.md, Secrets).
import { toHex } from '../codec/hex';
import { describeSw } from './status-words';

export const REDACTED = '****';

export interface TraceEntry {
	/** Command name, e.g. "SELECT", "VERIFY ADM1", "GET RESPONSE". */
	command: string;
	/** C-APDU in hex; for redacted commands only the header and Lc followed by "****". */
	capdu: string;
	/** Response data in hex ('' when none). */
	response: string;
	sw: number;
}

export class ApduTrace {
	readonly entries: TraceEntry[] = [];

	add(entry: TraceEntry): void {
		this.entries.push(entry);
	}

	/** One line per exchange: `> VERIFY ADM1 00 20 00 0A 08 ****  < 63C2 verification failed, 2 retries left`. */
	toText(): string {
		return this.entries
			.map((e) => `> ${e.command} ${e.capdu}\n< ${e.response ? e.response + ' ' : ''}${describeSw(e.sw, e.command)}`)
			.join('\n');
	}
}

/** The shown form of a C-APDU: full hex, or header + length byte(s) + "****" when the data is secret. */
export function showCapdu(encoded: Uint8Array, dataLength: number, redact: boolean): string {
	if (!redact || dataLength === 0) return toHex(encoded, ' ');
	// Header and Lc are everything before the data (5 bytes short, 7 extended).
	const lcBytes = encoded.length - dataLength - 4 > 2 ? 3 : 1;
	const head = toHex(encoded.slice(0, 4 + lcBytes), ' ');
	return `${head} ${REDACTED}`;
}
