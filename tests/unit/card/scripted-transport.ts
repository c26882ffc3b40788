// A transport that expects exact C-APDUs in order and plays back R-APDUs written by hand.
import { fromHex, toHex } from '../../../src/lib/codec/hex';
import type { Transport } from '../../../src/lib/card';

export class ScriptedTransport implements Transport {
	readonly name = 'scripted';
	private step = 0;
	constructor(private readonly script: [capdu: string, rapdu: string][]) {}

	async transmit(apdu: Uint8Array): Promise<Uint8Array> {
		const entry = this.script[this.step++];
		if (!entry) throw new Error(`unexpected extra C-APDU ${toHex(apdu)}`);
		const want = toHex(fromHex(entry[0]));
		if (toHex(apdu) !== want) throw new Error(`step ${this.step}: expected ${want}, got ${toHex(apdu)}`);
		return fromHex(entry[1]);
	}

	get done(): boolean {
		return this.step === this.script.length;
	}
}
