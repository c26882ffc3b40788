// Public face of the export pipeline: an order through a template into one package.
export { exportBatch, type ExportOptions, type ExportProgress, type ExportResult } from './pipeline';
