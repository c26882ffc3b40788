// Public face of packages: the kind interface, the kinds (manufacturer, OTA; bureau in bureau/), the zip writers.
export { RowRejected, type ExportedDocument, type ExportedRow, type ExportTotals, type PackageEntry, type PackageKind, type RejectedRow, type RowSecret } from './kind';
export { ManufacturerPackage, type ManufacturerOptions } from './manufacturer';
export { OtaPackage, type OtaPackageOptions } from './ota';
export { MemorySpool, csvField, csvRecord, type Spool } from './spool';
export { ZipStreamWriter, crc32, type ByteSink } from './zip';
export { packageWriter, type PackageProtection, type PackageWriter } from './writer';
export { bureauPackage, type BureauPackageOptions, type BureauSlot } from './bureau';
