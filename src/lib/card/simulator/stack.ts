// Cards for a card feeder (the simulator's card-handling robot, issue 12 §3): one simulated UICC per order row, with
// the row's ICCID, IMSI and ADM1, and a count of the completed provisioning writes each card received. pySim's
// `--card_handler` drives a real robot the same way: the station says "done", the robot takes the card out and puts
// the next one in.
import { toHex } from '../../codec/hex';
import { defaultProfile } from './default-profile';
import type { SimEf, SimDf } from './model';
import type { ProfileDf, ProfileEf, SimProfile } from './profile';
import { loadProfile } from './profile';
import { UiccSimulator } from './uicc';

export interface StackCard {
	/** Digits as printed on the card (EF.ICCID, TS 102 221 §13.2). */
	readonly iccid: string;
	/** Digits; the default profile's IMSI when absent. */
	readonly imsi?: string;
	/** The 8 key bytes VERIFY ADM1 carries; the default profile's (3838383838383838) when absent. */
	readonly adm1?: Uint8Array;
}

/** EF.ICCID content: BCD with each byte's nibbles swapped, F-filled to 10 bytes (TS 102 221 §13.2). */
export function iccidFileBytes(iccid: string): Uint8Array {
	if (!/^\d{1,20}$/.test(iccid)) throw new RangeError(`an ICCID is 1..20 digits; found ${iccid.length} characters`);
	const digits = iccid.padEnd(20, 'F');
	const out = new Uint8Array(10);
	for (let i = 0; i < 10; i++) out[i] = (parseInt(digits[2 * i + 1], 16) << 4) | parseInt(digits[2 * i], 16);
	return out;
}

/** EF.IMSI content: length byte, then parity nibble 9 (odd) or 1 (even) with the digits, nibbles swapped (TS 31.102 §4.2.2). */
export function imsiFileBytes(imsi: string): Uint8Array {
	if (!/^\d{6,15}$/.test(imsi)) throw new RangeError(`an IMSI is 6..15 digits; found ${imsi.length} characters`);
	const nibbles = [imsi.length % 2 === 1 ? 9 : 1, ...[...imsi].map(Number)];
	if (nibbles.length % 2 === 1) nibbles.push(0xf);
	const out = new Uint8Array(9).fill(0xff);
	out[0] = nibbles.length / 2;
	for (let i = 0; i < nibbles.length / 2; i++) out[1 + i] = (nibbles[2 * i + 1] << 4) | nibbles[2 * i];
	return out;
}

function editEf(df: ProfileDf, path: readonly string[], contents: string): void {
	let node: ProfileDf = df;
	for (let i = 0; i < path.length; i++) {
		const child = (node.children ?? []).find((c) => c.fid === path[i]);
		if (child === undefined) throw new Error(`default profile has no ${path.join('/')}`);
		if (i === path.length - 1) (child as ProfileEf).contents = contents;
		else node = child as ProfileDf;
	}
}

/** The default profile with this card's ICCID, IMSI and ADM1. */
export function stackCardProfile(card: StackCard): SimProfile {
	const profile = defaultProfile();
	editEf(profile.mf, ['2FE2'], toHex(iccidFileBytes(card.iccid)));
	if (card.imsi !== undefined) {
		const imsi = toHex(imsiFileBytes(card.imsi));
		editEf(profile.mf, ['7F20', '6F07'], imsi);
		editEf(profile.mf, ['7FF0', '6F07'], imsi);
	}
	if (card.adm1 !== undefined) {
		const adm1 = profile.keys.ADM1!;
		profile.keys.ADM1 = { ...adm1, value: toHex(card.adm1) };
	}
	return profile;
}

const EF_DIR = 0x2f00;
const EF_ODF = 0x5031;

function parentFid(ef: SimEf): number | undefined {
	const parent: SimDf | undefined = ef.parent;
	return parent?.fid;
}

/**
 * Counts completed provisioning writes on one card. The write flow (pkcs15 writeLayout) updates the documents,
 * DODF, TokenInfo and ODF in DF(PKCS#15) and EF.DIR last: an EF.DIR update after the ODF and at least one other EF
 * of that DF were updated since the card was inserted is one completed write. An interrupted write (no EF.DIR
 * update) counts nothing; a second insertion starts afresh.
 */
export class WriteCounter {
	#updated = new Set<number>();
	#pkcs15Df: number;
	completed = 0;
	/** Every accepted UPDATE, for "was anything written to this card at all". */
	updates = 0;

	constructor(pkcs15Df = 0x7f50) {
		this.#pkcs15Df = pkcs15Df;
	}

	/** A new insertion (power-on): files updated before it no longer count towards a write. */
	inserted(): void {
		this.#updated.clear();
	}

	observe(ef: SimEf): void {
		this.updates++;
		if (ef.fid === EF_DIR) {
			if (this.#updated.has(EF_ODF) && this.#updated.size >= 2) this.completed++;
			this.#updated.clear();
			return;
		}
		if (parentFid(ef) === this.#pkcs15Df) this.#updated.add(ef.fid);
	}
}

/** A simulated card for the stack, its writes counted. */
export function stackCard(card: StackCard): { simulator: UiccSimulator; counter: WriteCounter } {
	const simulator = new UiccSimulator(loadProfile(stackCardProfile(card)));
	const counter = new WriteCounter();
	simulator.onUpdate = (ef) => counter.observe(ef);
	return { simulator, counter };
}
