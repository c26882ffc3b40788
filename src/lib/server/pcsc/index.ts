export { COMMAND_TIMEOUT_MS, PcscContext, PcscCard, pcscThreads } from './context';
export type { ConnectOptions } from './context';
