// CardSession: one place that turns transport exchanges into command results. It follows the T=0 rules a
// host must apply at APDU level (TS 102 221 §7.3.1.1; pySim transport __send_apdu_T0; OpenSC apdu.c):
// 61XX/9FXX → GET RESPONSE with Le = XX, 6CXX → same command again with Le = XX; and it keeps the trace.
import { encodeApdu, parseResponse, type Apdu, type Response } from './apdu';
import { CardError } from './error';
import { describeSw, isSuccess } from './status-words';
import type { Transport } from './transport';
import { ApduTrace, showCapdu } from './trace';

export interface CommandOptions {
	/** Name for trace and errors, e.g. "UPDATE BINARY" or "VERIFY ADM1". */
	name: string;
	/** VERIFY and friends: data never appears in trace or errors. */
	redactData?: boolean;
	/** Status words other than success that the caller handles itself (no CardError thrown). */
	accept?: (sw: number) => boolean;
}

/** Bound on GET RESPONSE / 6CXX loops so a misbehaving card cannot keep us spinning. */
const MAX_CHAINED = 64;

export class CardSession {
	readonly trace = new ApduTrace();

	constructor(readonly transport: Transport) {}

	/** Sends a command and returns the final data and SW; throws CardError STATUS unless success or accepted. */
	async send(apdu: Apdu, options: CommandOptions): Promise<Response> {
		// The command the latest answer belongs to: the caller's, or the GET RESPONSE that followed a 61XX/9FXX.
		let current = apdu;
		let currentName = options.name;
		let currentRedact = options.redactData === true;
		let res = await this.exchange(current, currentName, currentRedact);
		const collected: Uint8Array[] = [];
		for (let i = 0; i < MAX_CHAINED; i++) {
			const sw1 = res.sw >> 8;
			if (sw1 === 0x6c) {
				// TS 102 221 table 7.1: 6CXX asks for the *previous* command header again with P3 = XX. After a 61XX
				// that is the GET RESPONSE, not the caller's command (which already ran: sending it again would select,
				// create or write a second time). pySim __send_apdu_T0 resends prev_tpdu the same way.
				current = { ...current, le: (res.sw & 0xff) === 0 ? 256 : res.sw & 0xff };
				res = await this.exchange(current, currentName, currentRedact);
				continue;
			}
			if (sw1 === 0x61 || sw1 === 0x9f) {
				collected.push(res.data);
				const le = (res.sw & 0xff) === 0 ? 256 : res.sw & 0xff;
				// GET RESPONSE keeps the class: A0 for a GSM SIM, the logical channel bits otherwise.
				const cla = apdu.cla === 0xa0 ? 0xa0 : apdu.cla & 0x03;
				current = { cla, ins: 0xc0, p1: 0, p2: 0, le };
				currentName = 'GET RESPONSE';
				currentRedact = false;
				res = await this.exchange(current, currentName, currentRedact);
				continue;
			}
			break;
		}
		if (collected.length > 0) {
			collected.push(res.data);
			const n = collected.reduce((s, c) => s + c.length, 0);
			const data = new Uint8Array(n);
			let o = 0;
			for (const c of collected) {
				data.set(c, o);
				o += c.length;
			}
			res = { data, sw: res.sw };
		}
		if (!isSuccess(res.sw, apdu.cla) && !(options.accept?.(res.sw) ?? false)) {
			throw statusError(apdu, options, res.sw);
		}
		return res;
	}

	private async exchange(apdu: Apdu, name: string, redact: boolean): Promise<Response> {
		const encoded = encodeApdu(apdu);
		let raw: Uint8Array;
		try {
			raw = await this.transport.transmit(encoded);
		} catch (e) {
			// A card pulled mid-write must say which command was lost (the transport only knows the reader), so a
			// report can tell how far a write got; VERIFY data stays redacted as everywhere else.
			const where = describeCommand(apdu, name, redact);
			const reason = e instanceof Error ? e.message : String(e);
			throw new CardError('TRANSPORT', `${where}: ${reason}`, {
				apdu: where,
				reader: e instanceof CardError && e.reader !== undefined ? e.reader : this.transport.name
			});
		}
		let res: Response;
		try {
			res = parseResponse(raw);
		} catch (e) {
			// An answer without SW1 SW2 (0 or 1 byte) is the card's fault; say which command it answered.
			if (!(e instanceof CardError)) throw e;
			const where = describeCommand(apdu, name, redact);
			throw new CardError('RESPONSE_MALFORMED', `${where}: ${e.message}`, { apdu: where, offset: e.offset });
		}
		this.trace.add({
			command: name,
			capdu: showCapdu(encoded, apdu.data?.length ?? 0, redact),
			response: res.data.length > 0 ? hexOf(res.data) : '',
			sw: res.sw
		});
		return res;
	}
}

function hexOf(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += (s ? ' ' : '') + b.toString(16).toUpperCase().padStart(2, '0');
	return s;
}

/** "UPDATE BINARY 00 D6 00 00 FF": name and header with P3 (Lc, else Le), never data. */
export function describeCommand(apdu: Apdu, name: string, redactData = false): string {
	const nc = apdu.data?.length ?? 0;
	const p3 = nc > 0 ? nc : apdu.le !== undefined ? apdu.le & 0xff : undefined;
	const bytes = [apdu.cla, apdu.ins, apdu.p1, apdu.p2];
	if (p3 !== undefined) bytes.push(p3 & 0xff);
	const head = bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
	return `${name} ${head}${redactData && nc > 0 ? ' ****' : ''}`;
}

export function statusError(apdu: Apdu, options: CommandOptions, sw: number): CardError {
	const where = describeCommand(apdu, options.name, options.redactData === true);
	return new CardError('STATUS', `${where}: ${describeSw(sw)}`, { apdu: where, sw });
}

/** Wraps a transport failure with the reader name. */
export function transportError(reader: string, message: string): CardError {
	return new CardError('TRANSPORT', `${reader}: ${message}`, { reader });
}

export { CardError };
