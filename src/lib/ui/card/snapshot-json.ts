// The card snapshot (provisioning/plan.ts) on the wire and back: the server sends what it read, the page plans the
// write from it as documents are edited. Bytes as uppercase hex, like every /api/card answer.
import { fromHex, toHex } from '../../codec/hex';
import { PROFILES, type ProfileId } from '../../card/pkcs15';
import { SNAPSHOT_ROLES, type CardSnapshot, type FileNow } from '../../card/provisioning';
import type { CardFileJson, CardSnapshotJson } from './wire';

function fileJson(f: FileNow): CardFileJson {
	if (f.state === 'present') return { state: 'present', size: f.size, hex: toHex(f.bytes) };
	if (f.state === 'unreadable') return { state: 'unreadable', ...(f.size !== undefined ? { size: f.size } : {}), reason: f.reason };
	return { state: 'missing' };
}

function fileOf(f: CardFileJson): FileNow {
	if (f.state === 'present') return { state: 'present', size: f.size, bytes: fromHex(f.hex) };
	if (f.state === 'unreadable') return { state: 'unreadable', ...(f.size !== undefined ? { size: f.size } : {}), reason: f.reason };
	return { state: 'missing' };
}

export function snapshotJson(s: CardSnapshot): CardSnapshotJson {
	const files = {} as CardSnapshotJson['files'];
	for (const role of SNAPSHOT_ROLES) files[role] = fileJson(s.files[role]);
	const dir: CardSnapshotJson['dir'] =
		s.dir.state === 'present' ? { state: 'present', recordLength: s.dir.recordLength, records: s.dir.records.map((r) => toHex(r)) } : s.dir;
	return { profile: s.profile, ...(s.serialNumber ? { serialNumberHex: toHex(s.serialNumber) } : {}), dir, dfExists: s.dfExists, files };
}

/** The server's JSON → the snapshot planWrite takes; an unknown profile id is refused (undefined). */
export function snapshotOf(j: CardSnapshotJson): CardSnapshot | undefined {
	if (!Object.hasOwn(PROFILES, j.profile)) return undefined;
	const files = {} as CardSnapshot['files'];
	for (const role of SNAPSHOT_ROLES) files[role] = fileOf(j.files[role]);
	const dir: CardSnapshot['dir'] = j.dir.state === 'present' ? { state: 'present', recordLength: j.dir.recordLength, records: j.dir.records.map((r) => fromHex(r)) } : j.dir;
	return { profile: j.profile as ProfileId, ...(j.serialNumberHex ? { serialNumber: fromHex(j.serialNumberHex) } : {}), dir, dfExists: j.dfExists, files };
}
