// VERIFY PIN (INS 20), ETSI TS 102 221 §11.1.9: `CLA 20 00 <ref> 08 <value FF-padded>`; with no data the card
// answers 63CX with the tries left (apdu.md §4). We ask first and refuse to spend the last try unless forced:
// a wrong ADM on the last try blocks the card for good.
import { CardError } from '../error';
import type { Secret } from '../../security/secret';
import type { CardSession } from '../session';
import { describeSw, retriesLeft, SW } from '../status-words';

/** Key references, TS 102 221 §9.5.1 table 9.3 (pySim ts_102_221.py pin_names). */
export const KeyRef = { PIN1: 0x01, PIN2: 0x81, ADM1: 0x0a } as const;
export type KeyName = keyof typeof KeyRef;

export interface VerifyOptions {
	/** Present the value even when only one try is left. */
	force?: boolean;
	cla?: number;
}

/** 8-byte VERIFY field: the value, FF-padded (TS 102 221 §9.5.1; pySim verify_chv rpad). */
export function pinBlock(secret: Secret): Uint8Array {
	if (secret.length < 1 || secret.length > 8) {
		throw new CardError('APDU_ARGUMENT', `${secret.label} must be 1..8 bytes, got ${secret.length}`);
	}
	const block = new Uint8Array(8).fill(0xff);
	block.set(secret.reveal(), 0);
	return block;
}

/** Tries left for a key (63CX), or 'verified' when the card answers 9000 (already verified in this session). */
export async function queryRetries(session: CardSession, key: KeyName, cla = 0x00): Promise<number | 'verified'> {
	const name = `VERIFY ${key}`;
	const res = await session.send(
		{ cla, ins: 0x20, p1: 0x00, p2: KeyRef[key] },
		{ name, accept: (sw) => retriesLeft(sw) !== undefined || sw === SW.AUTH_BLOCKED }
	);
	if (res.sw === SW.AUTH_BLOCKED) {
		throw new CardError('PIN_BLOCKED', `${name}: ${describeSw(res.sw)}; it needs an unblock, not another try`, { sw: res.sw, apdu: name });
	}
	return retriesLeft(res.sw) ?? 'verified';
}

export async function verify(session: CardSession, key: KeyName, secret: Secret, options: VerifyOptions = {}): Promise<void> {
	const cla = options.cla ?? 0x00;
	const name = `VERIFY ${key}`;
	const before = await queryRetries(session, key, cla);
	// 63C0: no try left, the key is already blocked (TS 102 221 §10.2.1.2); force cannot help, only an unblock can.
	if (before === 0) {
		throw new CardError('PIN_BLOCKED', `${name}: ${describeSw(0x63c0)}; it needs an unblock, not another try`, { sw: 0x63c0, apdu: name });
	}
	if (before !== 'verified' && before <= 1 && options.force !== true) {
		throw new CardError('RETRY_GUARD', `${name}: only ${before} try left; refusing to risk blocking ${key} (pass force to try anyway)`, {
			apdu: name
		});
	}
	const res = await session.send(
		{ cla, ins: 0x20, p1: 0x00, p2: KeyRef[key], data: pinBlock(secret) },
		{ name, redactData: true, accept: (sw) => retriesLeft(sw) !== undefined || sw === SW.AUTH_BLOCKED }
	);
	const where = `${name} ${hex2(cla)} 20 00 ${hex2(KeyRef[key])} 08 ****`;
	if (res.sw === SW.AUTH_BLOCKED) {
		throw new CardError('PIN_BLOCKED', `${where}: ${describeSw(res.sw)}`, { sw: res.sw, apdu: where });
	}
	const left = retriesLeft(res.sw);
	if (left !== undefined) {
		throw new CardError(left === 0 ? 'PIN_BLOCKED' : 'STATUS', `${where}: ${describeSw(res.sw)}`, { sw: res.sw, apdu: where });
	}
}

function hex2(b: number): string {
	return b.toString(16).toUpperCase().padStart(2, '0');
}
