// Per-column value rules (bureau-files.md §4) and the on-card encodings vendors sometimes deliver under the same
// column names (§1): each check either gives the value in one canonical form, saying which form it found, or one
// reason. Reasons name lengths and positions, never the value: PINs, ADM keys, Ki and the IMSI (a NETWPIN key)
// must not reach a message, a log or a rejected.csv.
import { Secret } from '../../security';
import type { ColumnKind } from './columns';

/** The form a value was found in; the reader counts them per column so a user sees what was assumed. */
export type ValueForm =
	/** Decimal digits as written. */
	| 'digits'
	/** Hex digits as written (key bytes). */
	| 'hex'
	/** Kept as written: an unchecked column. */
	| 'text'
	/** ICCID with the trailing F filler of EF.ICCID's 20 nibbles, stripped. */
	| 'trailing-f'
	/** ICCID nibble-swapped as stored in EF.ICCID (TS 102 221 §13.2): 98… for 89…. */
	| 'ef-iccid'
	/** IMSI as the 9 bytes of EF.IMSI (TS 31.102 §4.2.2): length, parity nibble, swapped digits. */
	| 'ef-imsi'
	/** PIN or PUK as the hex of its ASCII digits, FF-padded to 8 bytes (TS 102 221 §9.5.1). */
	| 'ascii-hex'
	/** ADM key of 8 digits, sent as their ASCII bytes (pySim pin_adm / adm1). */
	| 'adm-ascii'
	/** ADM key of 16 hex digits: the 8 bytes VERIFY sends. */
	| 'adm-hex'
	/** MSISDN in international form, with its '+'. */
	| 'international'
	/** Decrypted with its pySim column key (AES-CBC, IV 23…23, no padding). */
	| 'decrypted';

export const FORM_DESCRIPTIONS: Readonly<Record<ValueForm, string>> = {
	digits: 'decimal digits',
	hex: 'hex digits',
	text: 'kept as written (unchecked)',
	'trailing-f': 'ICCID with a trailing F (stripped)',
	'ef-iccid': 'nibble-swapped as in EF.ICCID (TS 102 221 §13.2), read back to digits',
	'ef-imsi': 'the 9 bytes of EF.IMSI (TS 31.102 §4.2.2), read back to digits',
	'ascii-hex': 'hex of the ASCII digits, FF-padded (on-card form, TS 102 221 §9.5.1)',
	'adm-ascii': '8 digits, taken as ASCII (the key bytes are 0x30-0x39)',
	'adm-hex': '16 hex digits, taken as the 8 key bytes',
	international: 'international form with +',
	decrypted: 'decrypted with its column key (AES-CBC, IV 23…23)'
};

/** A value as a row holds it: public values as text, secrets as Secret. */
export type OrderValue = string | Secret;

export interface Checked {
	readonly value: OrderValue;
	readonly form: ValueForm;
}

/** A check that failed: the reason, one line without the place. */
export class Bad {
	constructor(readonly reason: string) {}
}

const HEX_VALUES = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUES[48 + c] = c;
for (let c = 0; c < 6; c++) {
	HEX_VALUES[65 + c] = 10 + c;
	HEX_VALUES[97 + c] = 10 + c;
}

function hexValue(text: string, i: number): number {
	const c = text.charCodeAt(i);
	return c < 128 ? HEX_VALUES[c] : -1;
}

/** Index of the first character that is not a hex digit, or -1. */
export function firstNonHex(text: string): number {
	for (let i = 0; i < text.length; i++) if (hexValue(text, i) < 0) return i;
	return -1;
}

function firstNonDigit(text: string, from = 0): number {
	for (let i = from; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) return i;
	}
	return -1;
}

/** Bytes of a hex text already checked to be whole hex digit pairs. */
export function hexToBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length >> 1);
	for (let i = 0; i < out.length; i++) out[i] = (hexValue(text, 2 * i) << 4) | hexValue(text, 2 * i + 1);
	return out;
}

function ascii(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
	return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** The Luhn check digit for a string of digits (ITU-T E.118 uses it for the ICCID's last digit). */
export function luhnDigit(payload: string): number {
	let sum = 0;
	// From the right: the digit next to the check digit is doubled, then every second one.
	for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
		let d = payload.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return (10 - (sum % 10)) % 10;
}

const ICCID_RULE = 'an ICCID is 18 to 20 digits ending in its Luhn check digit (ITU-T E.118), optionally followed by F';

// ICCIDs begin with 89 (E.118: major industry identifier for telecommunications), so a value of 20 characters
// beginning 98 is the nibble-swapped EF.ICCID content (TS 102 221 §13.2): two digits a byte, low nibble first,
// F filling the nibbles after the last digit.
function fromEfIccid(text: string): string | Bad {
	let digits = '';
	let filler = false;
	for (let i = 0; i < 20; i += 2) {
		for (const at of [i + 1, i]) {
			const v = hexValue(text, at);
			if (v < 0) return new Bad(`character ${at + 1} is not a hex digit (20 characters beginning 98 were read as the nibble-swapped EF.ICCID form, TS 102 221 §13.2)`);
			if (v === 15) {
				filler = true;
				continue;
			}
			if (v > 9 || filler) return new Bad(`character ${at + 1} is ${v > 9 ? 'not a BCD digit' : 'a digit after the F filler'} (20 characters beginning 98 were read as the nibble-swapped EF.ICCID form, TS 102 221 §13.2)`);
			digits += String.fromCharCode(48 + v);
		}
	}
	return digits;
}

// A spreadsheet opening a CSV takes a long digit string for a number and saves it back as 8.94901E+18: the digits
// past the 15th are gone for good, so the message says what happened rather than "character 2 is not a digit".
const SCIENTIFIC = /^\d(\.\d*)?[eE]\+?\d+$/;

function scientific(text: string, what: string): Bad | undefined {
	if (!SCIENTIFIC.test(text)) return undefined;
	return new Bad(`a number in scientific notation: a spreadsheet took the ${what} for a number and dropped its digits (format the column as text and export the order again)`);
}

export function checkIccid(text: string): Checked | Bad {
	const lost = scientific(text, 'ICCID');
	if (lost !== undefined) return lost;
	let digits = text;
	let form: ValueForm = 'digits';
	if (text.length === 20 && text.charCodeAt(0) === 57 && text.charCodeAt(1) === 56) {
		const swapped = fromEfIccid(text);
		if (swapped instanceof Bad) return swapped;
		digits = swapped;
		form = 'ef-iccid';
	} else if (text.length > 0 && (text.charCodeAt(text.length - 1) | 0x20) === 102) {
		digits = text.slice(0, -1);
		form = 'trailing-f';
	}
	const bad = firstNonDigit(digits);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a digit; ${ICCID_RULE}`);
	if (digits.length < 18 || digits.length > 20) return new Bad(`${plural(digits.length, 'digit')}; ${ICCID_RULE}`);
	const expected = luhnDigit(digits.slice(0, -1));
	const found = digits.charCodeAt(digits.length - 1) - 48;
	// The ICCID is an identifier printed on the card, not a secret: its check digit may be named.
	if (expected !== found) return new Bad(`check digit ${found} does not match the Luhn digit ${expected} of the first ${digits.length - 1} digits (ITU-T E.118)`);
	return { value: digits, form };
}

const IMSI_RULE = 'an IMSI is 6 to 15 digits (ITU-T E.212: MCC, MNC, MSIN)';

// EF.IMSI (TS 31.102 §4.2.2, TS 24.008 §10.5.1.4): byte 1 = number of bytes used; byte 2: low nibble 1 (type IMSI)
// with bit 4 set for an odd digit count, high nibble digit 1; then two digits a byte, low nibble first, F filler.
function fromEfImsi(text: string): string | Bad {
	const where = '(18 hex digits were read as the 9 bytes of EF.IMSI, TS 31.102 §4.2.2)';
	const bad = firstNonHex(text);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a hex digit ${where}`);
	const bytes = hexToBytes(text);
	const used = bytes[0];
	if (used < 1 || used > 8) return new Bad(`length byte ${used} is not 1 to 8 ${where}`);
	const type = bytes[1] & 0x0f;
	if ((type & 0x07) !== 1) return new Bad(`identity type ${type & 0x07} is not 1 (IMSI) ${where}`);
	const nibbles: number[] = [bytes[1] >> 4];
	for (let i = 2; i <= used; i++) nibbles.push(bytes[i] & 0x0f, bytes[i] >> 4);
	const odd = (type & 0x08) !== 0;
	const count = odd ? nibbles.length : nibbles.length - 1;
	if (!odd && nibbles[nibbles.length - 1] !== 0x0f) return new Bad(`an even digit count without the F filler ${where}`);
	for (let i = used + 1; i < 9; i++) if (bytes[i] !== 0xff) return new Bad(`byte ${i + 1} after the IMSI is not FF ${where}`);
	let digits = '';
	for (let k = 0; k < count; k++) {
		if (nibbles[k] > 9) return new Bad(`digit ${k + 1} is not a BCD digit ${where}`);
		digits += String.fromCharCode(48 + nibbles[k]);
	}
	return digits;
}

export function checkImsi(text: string): Checked | Bad {
	const lost = scientific(text, 'IMSI');
	if (lost !== undefined) return lost;
	let digits = text;
	let form: ValueForm = 'digits';
	if (text.length === 18) {
		const decoded = fromEfImsi(text);
		if (decoded instanceof Bad) return decoded;
		digits = decoded;
		form = 'ef-imsi';
	}
	const bad = firstNonDigit(digits);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a digit; ${IMSI_RULE}`);
	if (digits.length < 6 || digits.length > 15) return new Bad(`${plural(digits.length, 'digit')}; ${IMSI_RULE}`);
	return { value: digits, form };
}

const MSISDN_RULE = 'an MSISDN is up to 15 digits (ITU-T E.164), optionally after +';

export function checkMsisdn(text: string): Checked | Bad {
	const lost = scientific(text, 'MSISDN');
	if (lost !== undefined) return lost;
	const plus = text.charCodeAt(0) === 43;
	const bad = firstNonDigit(text, plus ? 1 : 0);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a digit; ${MSISDN_RULE}`);
	const count = text.length - (plus ? 1 : 0);
	if (count < 1 || count > 15) return new Bad(`${plural(count, 'digit')}; ${MSISDN_RULE}`);
	return { value: text, form: plus ? 'international' : 'digits' };
}

// PIN and PUK on the card: the ASCII digits, FF-padded to the 8 bytes VERIFY and UNBLOCK carry (TS 102 221 §9.5.1).
function fromAsciiHex(text: string): string | undefined {
	if (text.length !== 16 || firstNonHex(text) >= 0) return undefined;
	const bytes = hexToBytes(text);
	let digits = '';
	let i = 0;
	for (; i < 8 && bytes[i] >= 0x30 && bytes[i] <= 0x39; i++) digits += String.fromCharCode(bytes[i]);
	for (let j = i; j < 8; j++) if (bytes[j] !== 0xff) return undefined;
	return digits;
}

function checkDigitsSecret(label: string, text: string, min: number, max: number, what: string): Checked | Bad {
	const rule = min === max ? `${what} is ${min} digits (TS 102 221 §9.5.1)` : `${what} is ${min} to ${max} digits (TS 102 221 §9.5.1)`;
	let digits = text;
	let form: ValueForm = 'digits';
	const onCard = fromAsciiHex(text);
	if (onCard !== undefined) {
		digits = onCard;
		form = 'ascii-hex';
		if (digits.length < min || digits.length > max) return new Bad(`16 hex digits holding ${plural(digits.length, 'ASCII digit')} then FF padding; ${rule}`);
	}
	const bad = firstNonDigit(digits);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a digit; ${rule}, or their ASCII hex FF-padded to 16 hex digits`);
	if (digits.length < min || digits.length > max) return new Bad(`${plural(digits.length, 'digit')}; ${rule}`);
	return { value: new Secret(label, ascii(digits)), form };
}

const ADM_RULE = 'an ADM key is 8 digits (sent as ASCII) or 16 hex digits (the 8 bytes VERIFY sends, TS 102 221 §9.5.1)';

export function checkAdm(label: string, text: string, hexOnly: boolean): Checked | Bad {
	if (!hexOnly && text.length === 8 && firstNonDigit(text) < 0) return { value: new Secret(label, ascii(text)), form: 'adm-ascii' };
	text = compactHex(text) ?? text;
	const bad = firstNonHex(text);
	const rule = hexOnly ? 'pin_adm_hex is the 8 key bytes as 16 hex digits (pySim)' : ADM_RULE;
	if (bad >= 0) return new Bad(`character ${bad + 1} is ${hexOnly ? 'not a hex digit' : 'neither a digit nor hex'}; ${rule}`);
	if (text.length !== 16) return new Bad(`${plural(text.length, 'character')}; ${rule}`);
	return { value: new Secret(label, hexToBytes(text)), form: 'adm-hex' };
}

/**
 * A key as some bureau and vendor exports write it: after a 0x prefix, or with its bytes apart (a space or a colon
 * between two hex digits pairs: `9A F1 C0 …`, `9a:f1:…`). Nothing else changes meaning that way, so the compact hex
 * is read; undefined when `text` is not such a form (then it is checked as it is, and a bad character is placed
 * where the user wrote it).
 */
function compactHex(text: string): string | undefined {
	const m = /^(?:0[xX])?([0-9A-Fa-f]{2}(?:[ :]?[0-9A-Fa-f]{2})*)$/.exec(text);
	if (m === null) return undefined;
	const compact = m[1].replace(/[ :]/g, '');
	return compact === text ? undefined : compact;
}

/** A key of one of the given byte lengths, as hex (compactHex: a 0x prefix or bytes apart are read too). */
export function checkKey(label: string, written: string, lengths: readonly number[], rule: string): Checked | Bad {
	const text = compactHex(written) ?? written;
	const bad = firstNonHex(text);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a hex digit; ${rule}`);
	if (!lengths.includes(text.length)) return new Bad(`${plural(text.length, 'hex digit')}; ${rule}`);
	return { value: new Secret(label, hexToBytes(text)), form: 'hex' };
}

export const AKA_KEY_HEX = [32] as const;
export const OTA_KEY_HEX = [32, 48, 64] as const;

function akaRule(label: string): string {
	return `${label} is 16 bytes, 32 hex digits (TS 35.206)`;
}

function otaRule(label: string): string {
	return `${label} is a 16-, 24- or 32-byte key: 32, 48 or 64 hex digits (TS 102 225)`;
}

export function checkAcc(text: string): Checked | Bad {
	const rule = 'ACC is 2 bytes, 4 hex digits (EF.ACC, TS 31.102 §4.2.15)';
	const bad = firstNonHex(text);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a hex digit; ${rule}`);
	if (text.length !== 4) return new Bad(`${plural(text.length, 'hex digit')}; ${rule}`);
	return { value: text.toUpperCase(), form: 'hex' };
}

function checkDigits(text: string, min: number, max: number, rule: string): Checked | Bad {
	const bad = firstNonDigit(text);
	if (bad >= 0) return new Bad(`character ${bad + 1} is not a digit; ${rule}`);
	if (text.length < min || text.length > max) return new Bad(`${plural(text.length, 'digit')}; ${rule}`);
	return { value: text, form: 'digits' };
}

/** The check of a column kind; `label` names a secret (its upper-case column name). Empty cells never get here. */
export function checkValue(kind: ColumnKind, label: string, text: string): Checked | Bad {
	switch (kind) {
		case 'iccid':
			return checkIccid(text);
		case 'imsi':
			return checkImsi(text);
		case 'msisdn':
			return checkMsisdn(text);
		case 'pin':
			return checkDigitsSecret(label, text, 4, 8, 'a PIN');
		case 'puk':
			return checkDigitsSecret(label, text, 8, 8, 'a PUK');
		case 'adm':
			return checkAdm(label, text, false);
		case 'adm-hex':
			return checkAdm(label, text, true);
		case 'aka-key':
			return checkKey(label, text, AKA_KEY_HEX, akaRule(label));
		case 'ota-key':
		case 'scp-key':
			return checkKey(label, text, OTA_KEY_HEX, otaRule(label));
		case 'acc':
			return checkAcc(text);
		case 'mcc':
			return checkDigits(text, 3, 3, 'an MCC is 3 digits (ITU-T E.212)');
		case 'mnc':
			return checkDigits(text, 2, 3, 'an MNC is 2 or 3 digits (ITU-T E.212)');
		case 'secret':
			return { value: Secret.fromText(label, text), form: 'text' };
		case 'text':
			return { value: text, form: 'text' };
	}
}

/**
 * The hex lengths an encrypted column of this kind may have (its clear value has the same length: AES-CBC without
 * padding), or undefined when the kind cannot be encrypted that way (a PIN is not whole 16-byte blocks).
 */
export function encryptedLengths(kind: ColumnKind): readonly number[] | undefined {
	switch (kind) {
		case 'aka-key':
			return AKA_KEY_HEX;
		case 'ota-key':
		case 'scp-key':
			return OTA_KEY_HEX;
		case 'secret':
		case 'text':
			return [];
		default:
			return undefined;
	}
}
