// Whether a received document is authentic under given keys, and if not why, in the words `verify` and
// `ota --decode` print (OMA-WAP-ProvBoot §5).
import { BootstrapError, SEC, sign, verify } from '../lib/security';

/** undefined when the document is authentic, else why not; a BootstrapError other than a mismatch is thrown. */
export async function notAuthenticReason(bytes: Uint8Array, choice: Parameters<typeof sign>[1], mac: string | undefined): Promise<string | undefined> {
	try {
		await verify(bytes, { ...choice, mac });
		return undefined;
	} catch (err) {
		if (!(err instanceof BootstrapError) || err.code !== 'mac-mismatch') throw err;
		return mismatchReason(bytes, choice, mac);
	}
}

/**
 * The MAC a sender with these keys would have sent is shown beside the one received: it is a public value (it
 * travels in the push header) and anyone holding the IMSI/PIN given here can compute it with `pstudio sign`.
 * For USERPINMAC the expected digits are half of the PIN itself, so they are not shown.
 */
async function mismatchReason(bytes: Uint8Array, choice: Parameters<typeof sign>[1], mac: string | undefined): Promise<string> {
	if (choice.sec === SEC.USERPINMAC || mac === undefined) return 'the MAC half of the PIN does not match the document (SEC=USERPINMAC)';
	const computed = (await sign(bytes, choice)).mac;
	return `MAC mismatch: expected ${mac.toUpperCase()}, computed ${computed}`;
}
