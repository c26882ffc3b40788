// Public face of the DDF library: OMA DM Device Description Framework schemas (OMA-TS-DM_TND-V1_2 §8.5),
// DM tree instances, canonical values and the minimal configuration diff.
export { DdfError, describeLocation, type DdfErrorCode, type DdfLocation } from './error';
export {
	DF_FORMATS,
	ACCESS_TYPES,
	occurrenceBounds,
	describeOccurrence,
	type DfFormat,
	type AccessTypeName,
	type Occurrence,
	type DdfNode,
	type DdfSchema,
	type DdfWarning,
	type SourceLocation
} from './schema';
export { parseDdf, ddfFromXml, UNNAMED } from './parse';
export { SchemaIndex, type Resolution } from './schema-index';
export { canonicalValue, sameValue, type Canonical, type CanonicalOptions } from './canonical';
export { encodeBase64, decodeBase64 } from './base64';
export { dmTree, parseDmTree, dmTreeFromJson, dmTreeToJson, withAncestors, type DmTree, type DmValue } from './tree';
export { normaliseUri, uriProblem, parentOf, segmentsOf, shortUri, ROOT, URI_LIMITS } from './uri';
export { validateTree, validateCommands, type DdfFinding, type DdfRule } from './validate';
export type { DmCommand } from './commands';
export { diff, applyCommands, treesEquivalent, compareUris } from './diff';
export type { SchemaSource } from './node-info';
export { DMACC_DDF, DEVINFO_DDF, DEVDETAIL_DDF, dmAccSchema, devInfoSchema, devDetailSchema } from './builtin';
