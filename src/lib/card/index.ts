// Public face of the card library (STYLE.md): APDU model, status words, session, and the commands named after
// the standards they come from. The simulator has its own face: card/simulator.
export { CardError } from './error';
export type { CardErrorCode, CardErrorDetails } from './error';
export { encodeApdu, parseApdu, parseResponse, encodeResponse, apduCase } from './apdu';
export type { Apdu, ApduCase, Response } from './apdu';
export { SW, swMeaning, describeSw, swHex, isSuccess, retriesLeft } from './status-words';
export type { Transport } from './transport';
export { CardSession, describeCommand } from './session';
export type { CommandOptions } from './session';
export { ApduTrace, REDACTED } from './trace';
export type { TraceEntry } from './trace';
export { parseFcp, buildFcp } from './ts102221/fcp';
export type { Fcp, FcpSpec, FileDescriptor, FileStructure } from './ts102221/fcp';
export { selectFid, selectPath, selectAid } from './ts102221/select';
export { readBinary, updateBinary } from './ts102221/binary';
export type { BinaryOptions } from './ts102221/binary';
export { readRecord, updateRecord } from './ts102221/record';
export { verify, queryRetries, pinBlock, KeyRef } from './ts102221/verify';
export type { KeyName, VerifyOptions } from './ts102221/verify';
export { createFile, createEfFcp, createDfFcp } from './ts102222/create-file';
export type { CreateEfSpec, CreateDfSpec } from './ts102222/create-file';
export { deleteFile } from './ts102222/delete-file';
export { selectGsm, parseGsmResponse, CLA_GSM } from './gsm1111/select';
export type { GsmSelectResponse } from './gsm1111/select';
export { verifyChv } from './gsm1111/verify-chv';
