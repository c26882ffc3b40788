// An in-memory Transport over the simulator, for tests and the demo reader without pcscd.
import { toHex } from '../../codec/hex';
import type { Transport } from '../transport';
import type { UiccSimulator } from './uicc';

export class SimulatorTransport implements Transport {
	readonly name: string;
	/** Raw exchanges as hex, for tests that check what reached the card (no redaction here: it is the card side). */
	readonly seen: string[] = [];
	constructor(
		readonly card: UiccSimulator,
		name = 'simulator'
	) {
		this.name = name;
	}

	get atr(): Uint8Array {
		return this.card.atr;
	}

	async transmit(apdu: Uint8Array): Promise<Uint8Array> {
		this.seen.push(toHex(apdu));
		return this.card.transmit(apdu);
	}
}
