export { PcscContext, PcscCard } from './context';
export type { ConnectOptions } from './context';
