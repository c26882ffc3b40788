// The read behind the Card page's pre-write comparison: identity (for the TokenInfo serialNumber a write puts on
// the card) and the provisioning files as they are, without a key and without writing (provisioning/plan.ts).
import { verify, type CardSession } from '../../card';
import type { Pkcs15Profile } from '../../card/pkcs15';
import { cardInfo, readCardSnapshot, SessionCardFiles, type CardIdentity, type CardSnapshot } from '../../card/provisioning';
import type { KeyOptions } from './operations';

export interface SnapshotResult {
	identity: CardIdentity;
	snapshot: CardSnapshot;
}

export async function snapshotCard(session: CardSession, profile: Pkcs15Profile, options: KeyOptions = {}): Promise<SnapshotResult> {
	// PIN1 only when given: a Config EF may be PIN1-protected for reading.
	if (options.pin1) await verify(session, 'PIN1', options.pin1, { force: options.force });
	const files = new SessionCardFiles(session);
	const identity = await cardInfo(session, files);
	return { identity, snapshot: await readCardSnapshot(files, profile, identity.iccidBytes) };
}
