// The reader side over a real session: which card, and what the PKCS#15 provisioning layout on it holds
// (pkcs15 discover: EF.DIR → DF(PKCS#15) → ODF → DODF → documents, smartcard-provisioning.md §1).
import type { Secret } from '../../security/secret';
import type { CardSession } from '../session';
import { verify } from '../ts102221/verify';
import { discover, type Discovery, type Pkcs15Profile } from '../pkcs15';
import { cardInfo, type CardIdentity } from './identity';
import { SessionCardFiles } from './session-files';

export interface ReadOptions {
	/** For cards whose IMSI or Config files need PIN1. */
	pin1?: Secret;
	force?: boolean;
}

export interface ProvisioningContents {
	identity: CardIdentity;
	discovery: Discovery;
}

export async function readProvisioning(session: CardSession, profile: Pkcs15Profile, options: ReadOptions = {}): Promise<ProvisioningContents> {
	if (options.pin1) await verify(session, 'PIN1', options.pin1, { force: options.force });
	const files = new SessionCardFiles(session);
	const identity = await cardInfo(session, files);
	const discovery = await discover(files, profile);
	return { identity, discovery };
}
