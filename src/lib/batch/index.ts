// Public face of the batch domain (issue 10): order files in, per-card documents and packages out. Orders are in
// orders/; the mapping of columns to placeholders in mapping.ts; the plan (nothing written) in plan.ts; the rows
// signed per card in card-rows.ts; package kinds implement packages/kind.ts.
export * from './orders/index';
export { BatchError, type BatchErrorCode } from './error';
export { mapColumns, parseColumnMap, type Binding, type ColumnMapping, type MapEntry, type MappingFinding } from './mapping';
export { CardRows, fromOrderRejection, identityColumns, type CardRowResult, type IdentityColumns, type SigningOptions } from './card-rows';
export { planBatch, type BatchPlan, type PlanCounts, type PlanOptions, type PreviewRow } from './plan';
export * from './packages/index';
export * from './export/index';
