// GSM VERIFY CHV (A0 20 00 01|02 08 …), 3GPP TS 51.011 §9.2.9: a wrong CHV answers 9804 without a count and
// 9840 once blocked (apdu.md §4). With no count to check, presenting a value is a deliberate act: callers state
// how many tries they know are left, and we stop at 1 as for the UICC.
import { CardError } from '../error';
import type { Secret } from '../../security/secret';
import type { CardSession } from '../session';
import { describeSw, SW } from '../status-words';
import { pinBlock } from '../ts102221/verify';
import { CLA_GSM } from './select';

export interface VerifyChvOptions {
	/** Tries left as known from elsewhere (e.g. the DF status); required unless force. */
	knownRetries?: number;
	force?: boolean;
}

export async function verifyChv(session: CardSession, chv: 1 | 2, secret: Secret, options: VerifyChvOptions = {}): Promise<void> {
	const where = `VERIFY CHV${chv} A0 20 00 0${chv} 08 ****`;
	if (options.force !== true && (options.knownRetries === undefined || options.knownRetries <= 1)) {
		throw new CardError('RETRY_GUARD', `VERIFY CHV${chv}: tries left ${options.knownRetries ?? 'unknown'}; refusing without force`, { apdu: where });
	}
	const res = await session.send(
		{ cla: CLA_GSM, ins: 0x20, p1: 0x00, p2: chv, data: pinBlock(secret) },
		{ name: `VERIFY CHV${chv}`, redactData: true, accept: (sw) => sw === SW.GSM_ACCESS_NOT_FULFILLED || sw === SW.GSM_CHV_BLOCKED }
	);
	if (res.sw === SW.GSM_CHV_BLOCKED) throw new CardError('PIN_BLOCKED', `${where}: ${describeSw(res.sw)}`, { apdu: where, sw: res.sw });
	if (res.sw !== SW.OK) throw new CardError('STATUS', `${where}: ${describeSw(res.sw)}`, { apdu: where, sw: res.sw });
}
