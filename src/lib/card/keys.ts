// ADM1 and PIN1 as a person types them → the 8 bytes of the VERIFY data field, or the reason they are not a key.
// Shared by the Card page (checked as typed, before any request) and /api/card/write (checked again before any
// APDU), so both refuse the same text with the same words. No message ever repeats the key: only counts and
// positions.
//
// ADM1 has two spellings, as in pySim (pySim/utils.py sanitize_pin_adm):
//   --adm      "88888888": the characters themselves, each sent as its ASCII byte (ord(x)), so 8 digits are 8 bytes
//              3838383838383838;
//   --adm-hex  "3838383838383838": exactly 16 hex digits, the 8 bytes as they are.
// A card counts every wrong VERIFY (TS 102 221 §11.1.9: 63CX), so the spelling is chosen explicitly and the text
// must fit it: "88888888" in hex mode is refused here, not sent as the 4 bytes 88 88 88 88 FF FF FF FF.

/** How the ADM1 field is read: 8 decimal digits sent as ASCII (pySim --adm) or 16 hex digits (pySim --adm-hex). */
export type AdmFormat = 'digits' | 'hex';

export const ADM_FORMATS: readonly AdmFormat[] = ['digits', 'hex'];

export type KeyCheck = { ok: true; bytes: Uint8Array } | { ok: false; empty: boolean; problem: string };

/** TS 102 221 §11.1.9: the VERIFY PIN data field is 8 bytes. */
export const VERIFY_DATA_BYTES = 8;

function refused(problem: string, empty = false): KeyCheck {
	return { ok: false, empty, problem };
}

/** The text without the spaces and ':' a key is often grouped with when copied from a vendor sheet. */
function compact(text: string): string {
	return text.replace(/[\s:]/g, '');
}

/** 1-based position of the first character outside `allowed`, or 0. */
function firstOutside(text: string, allowed: RegExp): number {
	for (let i = 0; i < text.length; i++) if (!allowed.test(text[i])) return i + 1;
	return 0;
}

export function admFormatLabel(format: AdmFormat): string {
	return format === 'digits' ? '8 digits' : '16 hex digits';
}

/**
 * The ADM1 field in the chosen format → VERIFY data. Digits mode takes exactly 8 decimal digits (pySim's --adm
 * takes up to 8 characters and pads with FF; an ADM1 shorter than 8 digits is more often a typo that costs a try,
 * and such a key can still be given in hex mode, FF padding included). Hex mode takes exactly 16 hex digits, like
 * --adm-hex.
 */
export function admBytes(format: AdmFormat, text: string): KeyCheck {
	const t = compact(text);
	if (t === '') return refused(format === 'digits' ? 'Enter the ADM1 key: 8 decimal digits.' : 'Enter the ADM1 key: 16 hex digits.', true);
	if (format === 'digits') {
		const bad = firstOutside(t, /[0-9]/);
		if (bad > 0) {
			const hint = t.length === 16 && firstOutside(t, /[0-9a-fA-F]/) === 0 ? ' — did you mean 16 hex digits mode?' : '';
			return refused(`ADM in 8 digits mode takes decimal digits only; character ${bad} is not one${hint}`);
		}
		if (t.length !== 8) {
			const hint = t.length === 16 ? ' — did you mean 16 hex digits mode?' : '';
			return refused(`ADM in 8 digits mode needs 8 decimal digits; ${t.length} given${hint}`);
		}
		return { ok: true, bytes: Uint8Array.from(t, (c) => c.charCodeAt(0)) };
	}
	const bad = firstOutside(t, /[0-9a-fA-F]/);
	if (bad > 0) return refused(`ADM in hex mode takes hex digits only (0-9, A-F); character ${bad} is not one`);
	if (t.length !== 16) {
		const hint = t.length === 8 && firstOutside(t, /[0-9]/) === 0 ? ' — did you mean 8 digits mode?' : '';
		return refused(`ADM in hex mode needs 16 hex digits; ${t.length} given${hint}`);
	}
	const bytes = new Uint8Array(VERIFY_DATA_BYTES);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
	return { ok: true, bytes };
}

/** PIN1: 4..8 decimal digits, ASCII, padded with FF to 8 bytes (TS 102 221 §9.5.1 PIN coding). */
export function pin1Bytes(text: string): KeyCheck {
	const t = text.trim();
	if (t === '') return refused('Enter PIN1: 4 to 8 decimal digits.', true);
	const bad = firstOutside(t, /[0-9]/);
	if (bad > 0) return refused(`PIN1 takes decimal digits only; character ${bad} is not one`);
	if (t.length < 4 || t.length > 8) return refused(`PIN1 has 4 to 8 digits; ${t.length} given`);
	const bytes = new Uint8Array(VERIFY_DATA_BYTES).fill(0xff);
	for (let i = 0; i < t.length; i++) bytes[i] = t.charCodeAt(i);
	return { ok: true, bytes };
}

/** Key reference in VERIFY P2 (TS 102 221 §9.5.1 table 9.3): PIN1 01, ADM1 0A. */
const KEY_REFERENCE = { ADM1: 0x0a, PIN1: 0x01 } as const;

/**
 * The VERIFY to be sent, with the key masked but its encoding visible: an ASCII digit is 0x30..0x39, so its high
 * nibble 3 tells nothing about the key and is shown ("3•"); a hex key's bytes could be anything and are shown as
 * "••"; FF padding is not secret and is shown as it is. E.g. `VERIFY ADM1 (P2=0A), 8 bytes: 3• 3• 3• 3• 3• 3• 3• 3•`.
 */
export function maskedVerify(key: 'ADM1' | 'PIN1', ascii: boolean, bytes: Uint8Array): string {
	const shown = [...bytes].map((b) => (b === 0xff ? 'FF' : ascii ? '3•' : '••'));
	const p2 = KEY_REFERENCE[key].toString(16).toUpperCase().padStart(2, '0');
	return `VERIFY ${key} (P2=${p2}), ${bytes.length} bytes: ${shown.join(' ')}`;
}

/** One line on how the typed text becomes bytes. */
export function encodingNote(key: 'ADM1' | 'PIN1', format: AdmFormat): string {
	if (key === 'PIN1') return 'ASCII digits → 0x30–0x39, padded with FF to 8 bytes (TS 102 221 §9.5.1)';
	return format === 'digits' ? 'ASCII digits → 0x30–0x39, as pySim --adm sends them' : 'hex digits → the 8 bytes as written, as pySim --adm-hex';
}
