// Node edges of the station: readers through PC/SC, the card handler (feeder or person).
export { PcscReaderPort } from './pcsc-port';
export { FeederCardHandler, ManualCardHandler } from './card-handler';
