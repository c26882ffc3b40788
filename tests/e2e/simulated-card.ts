// The simulated card as the Card page's e2e tests hold it: in the test process (attached to vpcd by
// tests/pcsc/harness.ts), every command APDU it receives recorded as hex, and its files looked at in its own state —
// not through PC/SC or our card layer, so what the page claims is checked against the card itself.
import { defaultProfile, loadProfile, UiccSimulator } from '../../src/lib/card/simulator';
import type { SimEf } from '../../src/lib/card/simulator/model';
import { simNode } from '../unit/card-provisioning/fixtures';

/** Records every C-APDU `card` receives, as upper-case hex, into `into`; returns `into`. */
export function recordCommands(card: UiccSimulator, into: string[] = []): string[] {
	const transmit = card.transmit.bind(card);
	card.transmit = (capdu: Uint8Array): Uint8Array => {
		into.push(Buffer.from(capdu).toString('hex').toUpperCase());
		return transmit(capdu);
	};
	return into;
}

/** The default simulated card (ICCID 8949000000000000001, ADM1 88888888 as ASCII) with its commands recorded. */
export function recordedCard(): { card: UiccSimulator; received: string[] } {
	const card = new UiccSimulator(loadProfile(defaultProfile()));
	return { card, received: recordCommands(card) };
}

/** An EF of the simulated card by FIDs below the MF, from the card's own state. */
export function efOf(card: UiccSimulator, ...fids: number[]): SimEf {
	const node = simNode(card, ...fids);
	if (node.kind === 'df') throw new Error('a DF');
	return node;
}
