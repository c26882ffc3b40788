// Public face of the OMA Client Provisioning document model.
export type { Parm, Characteristic, ProvDoc, Severity, Finding } from './model';
export { ProvDocError, type ProvDocErrorCode } from './error';
export { parseProvDoc, provDocFromXml } from './from-xml';
export { provDocToXml, serializeProvDoc, PROV_PUBLIC_ID, PROV_SYSTEM_ID } from './to-xml';
export { validateProvDoc } from './rules/validate';
export { RULES, type RuleInfo, type RuleId } from './rules/catalog';
export { CHARACTERISTICS, type CharacteristicSpec, type ParmSpec, type ValueType } from './rules/schema';
export { detectDialect, DIALECT_NAMES, type Dialect, type DialectGuess } from './rules/dialect';
export { characteristicSpec, INTERNET_NAPID, type RefTarget } from './rules/schema';
