// A card's bureau files as an APDU script that pcsc-tools' `scriptor` runs as it is (scriptor 1.6.2, read in
// /usr/bin/scriptor): one APDU per line in hex, `\` at the end of a line continues the APDU on the next, `reset`
// resets the card, `#` starts a comment. scriptor prints every status word but checks none, so each step says in a
// comment what it must answer. Two traps of that reader shape the text: a line containing "exit" anywhere (a
// comment too) ends the run, and a token that is not two hex digits stops it with "wrong value" — which is what the
// ADM1 placeholder line is for: left unfilled, scriptor stops there, before any UPDATE.
import { toHex } from '../../../codec/hex';
import type { Secret } from '../../../security';
import { pathText } from './path-text';
import type { BureauCardFiles, BureauFile } from './card-files';

/** The writer's largest UPDATE chunk (session-files.ts UPDATE_CHUNKS[0]): Lc is one byte and T=0 carries ≤ 255. */
export const UPDATE_CHUNK = 255;
/** Data bytes per script line: short enough to read, continued with `\`. */
const BYTES_PER_LINE = 16;

/** TS 102 221 §9.5.1 table 9.3: ADM1 is key reference 0A. */
const ADM1_REF = 0x0a;

export const ADM1_PLACEHOLDER = '00 20 00 0A 08 ?? ?? ?? ?? ?? ?? ?? ??';

export interface ScriptOptions {
	/** The row's ADM1 key, written into the VERIFY line only when the user asked for keys in the script. */
	adm?: Secret;
}

/** "00".."FF": a script is mostly hex, one table lookup a byte (a 2 KiB EF is 6 KiB of text). */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => toHex(Uint8Array.of(b)));

function hex(bytes: Uint8Array | readonly number[]): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) out += (i > 0 ? ' ' : '') + BYTE_HEX[bytes[i]];
	return out;
}

/** An APDU whose data runs over several lines, joined by scriptor at each trailing `\`. */
function apduLines(header: readonly number[], data: Uint8Array): string[] {
	const lines = [`${hex(header)} ${BYTE_HEX[data.length]} \\`];
	for (let i = 0; i < data.length; i += BYTES_PER_LINE) {
		const last = i + BYTES_PER_LINE >= data.length;
		lines.push(hex(data.subarray(i, i + BYTES_PER_LINE)) + (last ? '' : ' \\'));
	}
	return lines;
}

/** TS 102 221 §11.1.1.2: SELECT by path from the MF (P1 08, the path without 3F00), P2 0C = no response data,
 * so the script runs the same over T=0 and T=1 (no GET RESPONSE to add). The writer selects by the same paths. */
function selectLines(path: Uint8Array): string[] {
	const rest = path.subarray(2);
	return [`00 A4 08 0C ${hex([rest.length])} ${hex(rest)}`];
}

/** 8-byte VERIFY field: the key FF-padded (TS 102 221 §9.5.1), as the writer's pinBlock builds it. */
function admBlock(adm: Secret): Uint8Array {
	const key = adm.reveal();
	if (key.length < 1 || key.length > 8) throw new RangeError(`ADM1 must be 1..8 bytes, got ${key.length}`);
	const block = new Uint8Array(8).fill(0xff);
	block.set(key, 0);
	key.fill(0);
	return block;
}

function fileLines(file: BureauFile): string[] {
	const where = pathText(file.path);
	if (file.record !== undefined) {
		// TS 102 221 §11.1.6 UPDATE RECORD, P2 04 absolute mode: the whole record, FF-filled to its length.
		return [
			`# ${file.name} ${where} record ${file.record}: ${file.contentLength} bytes, FF-filled to the ${file.bytes.length}-byte record; each answer 90 00`,
			...selectLines(file.path),
			...apduLines([0x00, 0xdc, file.record, 0x04], file.bytes)
		];
	}
	const oid = file.oid === undefined ? '' : ` (OID ${file.oid})`;
	const lines = [
		`# ${file.name} ${where}${oid}: ${file.contentLength} bytes, FF-filled to the ${file.bytes.length}-byte EF; each answer 90 00`,
		...selectLines(file.path)
	];
	// TS 102 221 §11.1.4 UPDATE BINARY: offset in P1 (7 bits) P2, chunks of the writer's size.
	for (let offset = 0; offset < file.bytes.length; offset += UPDATE_CHUNK) {
		const chunk = file.bytes.subarray(offset, Math.min(offset + UPDATE_CHUNK, file.bytes.length));
		lines.push(...apduLines([0x00, 0xd6, (offset >> 8) & 0x7f, offset & 0xff], chunk));
	}
	return lines;
}

/** The whole script for one card, LF line ends. */
export function scriptorScript(card: BureauCardFiles, options: ScriptOptions = {}): string {
	const dfPath = pathText(card.profile.appDf.value);
	const lines = [
		`# Provisioning Studio bureau script for ICCID ${card.iccid}: PKCS#15 provisioning files, profile ${card.profile.id}`,
		`# (DF(PKCS#15) ${dfPath}), the bytes \`pstudio card write\` writes, in its order: documents, DODF, TokenInfo,`,
		'# ODF, then the EF.DIR record, so a run cut short never announces files that are not written yet.',
		"# Run: scriptor -r 'READER NAME' write.scriptor",
		'# The files must already be on the card, at least as large as said below (no CREATE FILE here).',
		'# scriptor shows each status word without checking it: compare with the comments.',
		'reset',
		// The script is plain ASCII: a bureau tool or terminal may not take UTF-8.
		"# ADM1 tries left (TS 102 221 clause 11.1.9, no data): answer 63 CX, X tries. If X is 1, stop: a wrong key blocks ADM1.",
		`00 20 00 ${hex([ADM1_REF])}`
	];
	if (options.adm === undefined) {
		lines.push(
			"# VERIFY ADM1: replace the eight ?? with this card's ADM1 key, 8 bytes in hex (a shorter key FF-padded).",
			'# Left as it is, scriptor stops on this line with "wrong value (??)" before writing anything. Answer 90 00.',
			ADM1_PLACEHOLDER
		);
	} else {
		lines.push("# VERIFY ADM1 with this card's key from the order: this file holds a secret. Answer 90 00.", `00 20 00 ${hex([ADM1_REF])} 08 ${hex(admBlock(options.adm))}`);
	}
	for (const file of card.files) lines.push(...fileLines(file));
	return lines.join('\n') + '\n';
}
