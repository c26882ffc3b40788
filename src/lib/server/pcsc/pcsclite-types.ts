// The parts of the `pcsclite` binding we use, typed from its index.d.ts (which types data as Buffer and errors as any).
import type { EventEmitter } from 'node:events';

export interface LiteStatus {
	atr?: Buffer;
	state: number;
}

export interface LiteReader extends EventEmitter {
	readonly name: string;
	readonly connected: boolean;
	readonly SCARD_SHARE_SHARED: number;
	readonly SCARD_SHARE_EXCLUSIVE: number;
	readonly SCARD_PROTOCOL_T0: number;
	readonly SCARD_PROTOCOL_T1: number;
	readonly SCARD_STATE_PRESENT: number;
	readonly SCARD_LEAVE_CARD: number;
	readonly SCARD_RESET_CARD: number;
	readonly SCARD_UNPOWER_CARD: number;
	connect(options: { share_mode?: number; protocol?: number }, cb: (err: unknown, protocol: number) => void): void;
	disconnect(disposition: number, cb: (err: unknown) => void): void;
	transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, response: Buffer) => void): void;
	close(): void;
}

export interface LiteContext extends EventEmitter {
	close(): void;
}

export type LiteFactory = () => LiteContext;
