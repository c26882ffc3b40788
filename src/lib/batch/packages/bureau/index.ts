// Public face of the bureau package (issue 10 §3): per card, the PKCS#15 provisioning files as the card writer
// would write them, and a pcsc-tools scriptor script that writes them.
export { BureauPlanner, bureauCardFiles, type BureauCard, type BureauCardFiles, type BureauFile, type BureauFileOptions } from './card-files';
export { efIccid } from './ef-iccid';
export { ADM1_PLACEHOLDER, scriptorScript, UPDATE_CHUNK, type ScriptOptions } from './scriptor';
export { bureauCard, bureauEntries, bureauPackage, entryPath, SCRIPT_NAME, type BureauPackageOptions, type BureauSlot } from './package';
