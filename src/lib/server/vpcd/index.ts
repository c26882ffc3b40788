export { VpcdClient } from './client';
export type { VirtualCard, VpcdClientOptions } from './client';
export { frame, FrameReader, VPCD_CTRL_ATR, VPCD_CTRL_OFF, VPCD_CTRL_ON, VPCD_CTRL_RESET } from './framing';
export { CardFeeder, feederRequest } from './feeder';
export type { FeederCardState, FeederOptions, FeederSlot, FeederState } from './feeder';
