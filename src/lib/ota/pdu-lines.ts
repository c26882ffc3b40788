// The lines of a PDU file (`pstudio ota` prints one `AT+CMGS=<length> <hex>` per SMS; bare hex is read too),
// read chunk by chunk with their sizes checked as they arrive: an SMS PDU has a known largest size, so a longer line
// is refused at once, before the rest of it is read (a 50 MB line once took 2.4 GB).
import { OtaError } from './error';

/**
 * The largest SMS PDU as AT+CMGS carries it, SMSC address first (27.005 §3.5.1): the SMSC address is at most
 * 12 octets (length, type of address, 10 octets of digits: the RP address of 24.011 §8.2.5.1), the TPDU at most
 * 164 (23.040 §9.2.2.2 SMS-SUBMIT: first octet, TP-MR, TP-DA ≤ 12, TP-PID, TP-DCS, TP-VP ≤ 7, TP-UDL, TP-UD ≤ 140;
 * an SMS-DELIVER, §9.2.2.1, is at most 163).
 */
export const MAX_SMS_PDU_OCTETS = 12 + 164;

/** A concatenated message has at most 255 parts (23.040 §9.2.3.24.1: the maximum number of short messages is one octet). */
export const MAX_SMS_PARTS = 255;

/**
 * Longest line taken: the hex of the largest PDU (352 digits), an `AT+CMGS=164 ` prefix, and room for blanks
 * around them. Comment lines (`#`) may be longer: they are skipped as they stream by, never kept.
 */
export const MAX_PDU_LINE = 2 * MAX_SMS_PDU_OCTETS + 160;

const CMGS_PREFIX = /^AT\+CMGS=\d+\s+/i;

/**
 * The line `pstudio ota` prints for one SMS and the studio shows and downloads: `AT+CMGS=<length> <hex>`. In PDU mode
 * (27.005 §3.5.1) <length> counts the TPDU octets, the SMSC address in front of it not included; the hex is what is
 * typed after the modem's `>` prompt. PduLineReader reads these lines back.
 */
export function pduLine(segment: { tpduLength: number; hex: string }): string {
	return `AT+CMGS=${segment.tpduLength} ${segment.hex}`;
}
const HEX = /^[0-9A-Fa-f]*$/;

export interface PduLine {
	/** The PDU as hex, the AT+CMGS prefix removed. */
	hex: string;
	/** 1-based line number in the file. */
	line: number;
}

/** Feed it the text as it is read (`push`), then `end()`: the PDU lines, or an OtaError naming the line. */
export class PduLineReader {
	readonly #pdus: PduLine[] = [];
	#line = 1;
	#current = '';
	#comment = false;
	#blankTail = false;

	push(chunk: string): void {
		let from = 0;
		while (from < chunk.length) {
			const newline = chunk.indexOf('\n', from);
			const end = newline < 0 ? chunk.length : newline;
			this.#take(chunk.slice(from, end));
			if (newline < 0) return;
			this.#finishLine();
			from = newline + 1;
		}
	}

	end(): PduLine[] {
		this.#finishLine();
		return this.#pdus;
	}

	#take(piece: string): void {
		if (this.#comment) return;
		// Blanks before and after the PDU are dropped as they come, so that no line of blanks is kept either.
		const text = this.#current === '' ? piece.trimStart() : piece;
		if (this.#current === '' && text.startsWith('#')) {
			this.#comment = true;
			return;
		}
		// Blanks were dropped from the end of a line already at the limit: anything but blanks now makes it longer.
		if (this.#blankTail) {
			if (text.trim() === '') return;
			throw this.#tooLong();
		}
		this.#current += text;
		if (this.#current.length <= MAX_PDU_LINE) return;
		const trimmed = this.#current.trimEnd();
		if (trimmed.length > MAX_PDU_LINE) throw this.#tooLong();
		this.#current = trimmed;
		this.#blankTail = true;
	}

	#tooLong(): OtaError {
		return this.#fail(
			`line ${this.#line} is longer than ${MAX_PDU_LINE} characters; an SMS PDU with its SMSC address is at most ${MAX_SMS_PDU_OCTETS} octets (${2 * MAX_SMS_PDU_OCTETS} hex digits; 3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)`
		);
	}

	#finishLine(): void {
		const text = this.#current.trim();
		const line = this.#line;
		this.#current = '';
		this.#blankTail = false;
		this.#line++;
		if (this.#comment) {
			this.#comment = false;
			return;
		}
		if (text === '' || text.startsWith('#')) return;
		const hex = text.replace(CMGS_PREFIX, '');
		// Only a size is judged here; what the hex says is for the SMS decoder (which names segment and offset).
		if (HEX.test(hex) && hex.length > 2 * MAX_SMS_PDU_OCTETS) {
			throw this.#fail(
				`line ${line}: the PDU is ${Math.ceil(hex.length / 2)} octets; an SMS PDU with its SMSC address is at most ${MAX_SMS_PDU_OCTETS} (3GPP TS 23.040 §9.2.2, TS 27.005 §3.5.1)`
			);
		}
		if (this.#pdus.length === MAX_SMS_PARTS) {
			throw this.#fail(`line ${line}: more than ${MAX_SMS_PARTS} PDUs; a concatenated message has at most ${MAX_SMS_PARTS} parts (3GPP TS 23.040 §9.2.3.24.1)`);
		}
		this.#pdus.push({ hex, line });
	}

	#fail(detail: string): OtaError {
		return new OtaError('too-long', 'lines', -1, detail);
	}
}

/** The PDU lines of a whole text (the studio has it in memory already). */
export function pduLines(text: string): PduLine[] {
	const reader = new PduLineReader();
	reader.push(text);
	return reader.end();
}
