// Public face of the station (issue 12 §3): cards in many readers written from one order and recorded in the job
// ledger. card-steps.ts is one card, station.ts the workers, rows.ts the order's rows by ICCID, progress.ts the
// figures the CLI and the page show.
export { cardHolds, processCard, type CardLink, type CardOutcome, type CardStep, type CardStepOptions, type RowLookup, type RowSource, type RowWrite } from './card-steps';
export { Station, type CardHandler, type ReaderPort, type ReaderSummary, type StationEvent, type StationOptions, type StationSummary } from './station';
export { admColumn, OrderRowSource, readOrderRows, type OrderRowsOptions, type SetAsideRow } from './rows';
export { Progress, type ReaderProgress, type OrderProgress } from './progress';
