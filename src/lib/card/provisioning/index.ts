// Public face of the card write/read-back flow: a CardFiles adapter over a CardSession, the card identity
// (ATR, ICCID, IMSI), provisionCard and readProvisioning.
export { SessionCardFiles, fileInfoOf } from './session-files';
export { decodeIccid } from './iccid';
export { decodeImsi } from './imsi';
export { cardInfo, type CardIdentity } from './identity';
export {
	provisionCard,
	DEFAULT_ACCESS_RULE,
	type AccessRule,
	type ProvisionDocuments,
	type ProvisionEvent,
	type ProvisionListener,
	type ProvisionOptions
} from './provision';
export { readProvisioning, type ProvisioningContents, type ReadOptions } from './read';
export { reportJson, type FileReport, type ProvisionReport } from './report';
export {
	capacityProblems,
	chosenDirRecord,
	planWrite,
	readCardSnapshot,
	usedBytes,
	SNAPSHOT_ROLES,
	type CapacityProblem,
	type CardSnapshot,
	type DirNow,
	type FileNow,
	type PlanAction,
	type PlannedFile,
	type PlanRole,
	type SnapshotRole,
	type WritePlan
} from './plan';
