export { COMMAND_TIMEOUT_MS, PcscContext, PcscCard } from './context';
export type { ConnectOptions } from './context';
