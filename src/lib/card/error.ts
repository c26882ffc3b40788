// One error type for the card domain (STYLE.md): a stable code, and where it happened — the APDU header
// (data redacted for VERIFY), the status word, the reader, or the profile field.

export type CardErrorCode =
	| 'APDU_MALFORMED' // bytes that are not a valid C-APDU (ISO/IEC 7816-3 §12.1)
	| 'APDU_ARGUMENT' // a command asked for something that cannot be encoded (offset, length, key ref)
	| 'RESPONSE_MALFORMED' // an R-APDU shorter than SW1 SW2, or a response we cannot parse
	| 'FCP_MALFORMED' // an FCP template (TS 102 221 §11.1.1.3) that does not decode
	| 'GSM_RESPONSE_MALFORMED' // a GSM SELECT response (TS 51.011 §9.2.1) that does not decode
	| 'STATUS' // the card answered with an error status word
	| 'RETRY_GUARD' // refused to present a PIN/ADM with only one try left (hard stop unless forced)
	| 'PIN_BLOCKED' // the key is blocked (6983 / 9840)
	| 'TRANSPORT' // the reader, pcscd or the link failed
	| 'PROFILE_INVALID'; // a simulator profile that does not validate

export interface CardErrorDetails {
	/** Command name and header in hex, e.g. "UPDATE BINARY 00 D6 00 00 FF"; VERIFY data is never included. */
	apdu?: string;
	/** Status word SW1SW2 as a number (0x6982). */
	sw?: number;
	/** PC/SC reader or transport name. */
	reader?: string;
	/** Dotted path of a profile field, e.g. "files[3].size". */
	field?: string;
	/** Byte offset inside a TLV / APDU being decoded. */
	offset?: number;
}

export class CardError extends Error {
	override readonly name = 'CardError';
	readonly code: CardErrorCode;
	readonly apdu?: string;
	readonly sw?: number;
	readonly reader?: string;
	readonly field?: string;
	readonly offset?: number;

	constructor(code: CardErrorCode, message: string, details: CardErrorDetails = {}) {
		super(message);
		this.code = code;
		this.apdu = details.apdu;
		this.sw = details.sw;
		this.reader = details.reader;
		this.field = details.field;
		this.offset = details.offset;
	}
}
