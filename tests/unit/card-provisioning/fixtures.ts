// Shared inputs for the write-flow tests. Documents are third-party bytes, never our encoder's output:
// - NOWSMS_CP: the 118-byte CP document published in a NowSMS forum post (client-provisioning.md §7).
// - LIBWBXML_CP: libwbxml's xml2wbxml output for the NAPDEF + APPLICATION document (ORACLES.md §1), 132 bytes.
import { CardError, CardSession, type Transport } from '../../../src/lib/card';
import { defaultProfile, loadProfile, SimulatorTransport, UiccSimulator, type ProfileDf, type SimProfile } from '../../../src/lib/card/simulator';
import type { SimDf, SimEf } from '../../../src/lib/card/simulator/model';
import { fromHex } from '../../../src/lib/codec/hex';
import { Secret } from '../../../src/lib/security/secret';

export const NOWSMS_CP = fromHex(
	'030B6A0674657374310045C6560187070683000101C655018707068300018711060374657374315F4E415049440001871006AB01' +
		'87080603746573743200018709068901871401C65A01870C069A01870D060367707273757365726E616D650001870E0603677072' +
		'7370617373776F72640001010101'
);

export const LIBWBXML_CP = fromHex(
	'030b6a054e41503100c54601c65501870706034578616d706c6520475052530001871106830001871006ab0187080603696e7465' +
		'726e65742e6578616d706c652e636f6d0001870906890101c6000155018736000006037732000187220683000187000134000006' +
		'03687474703a2f2f7777772e6578616d706c652e636f6d2f00010101'
);

/** The simulator's test keys (default-profile.ts): ADM1 "88888888", PIN1 "0000". */
export const ADM1 = new Secret('ADM1', fromHex('3838383838383838'));
export const PIN1 = Secret.fromText('PIN1', '0000');

/** The default simulated UICC, optionally edited before it is loaded. */
export function simulator(edit?: (p: SimProfile) => void): UiccSimulator {
	const profile = defaultProfile();
	edit?.(profile);
	return new UiccSimulator(loadProfile(profile));
}

export function sessionOn(card: UiccSimulator): { session: CardSession; transport: SimulatorTransport } {
	const transport = new SimulatorTransport(card);
	return { session: new CardSession(transport), transport };
}

/** The profile DF with the given FID path below the MF (for edits). */
export function profileDf(p: SimProfile, ...fids: string[]): ProfileDf {
	let df: ProfileDf = p.mf;
	for (const fid of fids) {
		const next = df.children?.find((c) => c.fid === fid);
		if (!next || next.type !== 'df') throw new Error(`no DF ${fid}`);
		df = next;
	}
	return df;
}

/** A node of the running simulator by FID path below the MF. */
export function simNode(card: UiccSimulator, ...fids: number[]): SimDf | SimEf {
	let node: SimDf | SimEf = card.state.mf;
	for (const fid of fids) {
		if (node.kind !== 'df') throw new Error('not a DF');
		const next: SimDf | SimEf | undefined = node.children.find((c) => c.fid === fid);
		if (!next) throw new Error(`no file ${fid.toString(16)}`);
		node = next;
	}
	return node;
}

export function efData(card: UiccSimulator, ...fids: number[]): Uint8Array {
	const node = simNode(card, ...fids);
	if (node.kind === 'df') throw new Error('a DF has no data');
	return node.data;
}

/** `content` followed by FF up to `size`: what an erased EF holds after `content` was written from offset 0. */
export function ffFilled(content: Uint8Array, size: number): Uint8Array {
	const out = new Uint8Array(size).fill(0xff);
	out.set(content, 0);
	return out;
}

/** The reader loses the card after `allowed` exchanges: every later transmit fails as PC/SC would. */
export class PulledCardTransport implements Transport {
	readonly name = 'pulled-reader';
	sent = 0;
	constructor(
		private readonly inner: Transport,
		private readonly allowed: number
	) {}

	get atr(): Uint8Array | undefined {
		return this.inner.atr;
	}

	async transmit(apdu: Uint8Array): Promise<Uint8Array> {
		if (this.sent >= this.allowed) throw new CardError('TRANSPORT', 'PC/SC reader "pulled-reader": transmit failed: Card was removed.', { reader: this.name });
		this.sent++;
		return this.inner.transmit(apdu);
	}
}
