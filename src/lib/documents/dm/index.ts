// Public face of the DM account library: the DMAcc model, its JSON/XML forms, and its renderings as a CP
// APPLICATION w7, a DM tree instance and a SyncML DM bootstrap message; SyncML DM packages of tree commands.
export { AAUTH_LEVELS, AAUTH_TYPES, ADDR_TYPES, SECRET_LEAVES, SECRET_MEMBERS, accountNodeName, type AAuthLevel, type AppAddr, type AppAuth, type DmAccount } from './account';
export { DmError, type DmErrorCode, type DmLocation } from './error';
export { accountFromJson, accountFromXml, accountFromObject } from './read-account';
export { accountToTree, accountToTree11, DMACC_ROOT, DMACC11_ROOT, CON11_ROOT } from './to-tree';
export { accountToApplication, accountToProvDoc, CP_AAUTHLEVEL, type CpRenderOptions } from './to-cp';
export { syncMlMessage, METINF_NAMESPACE, type SyncMlHeader, type SyncMlVersion } from './syncml';
export { bootstrapMessage, bootstrapCommands, type BootstrapOptions } from './bootstrap';
export { dmPackage, dmPackageXml, dmPackageWbxml } from './package';
