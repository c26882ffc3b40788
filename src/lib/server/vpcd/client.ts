// Attaches a card (our simulator) to pcscd's vpcd driver: the card side is a TCP client of vpcd (slot 0 on
// 35963, slot 1 on 35964). Closing the socket = card removed; if pcscd restarts we reconnect.
import net from 'node:net';
import { frame, FrameReader, VPCD_CTRL_ATR, VPCD_CTRL_OFF, VPCD_CTRL_ON, VPCD_CTRL_RESET } from './framing';

export interface VirtualCard {
	readonly atr: Uint8Array;
	transmit(capdu: Uint8Array): Uint8Array;
	reset(): void;
}

export interface VpcdClientOptions {
	host?: string;
	port: number;
	/** Delay between reconnect attempts (ms). */
	retryMs?: number;
	/**
	 * Time the card takes for each command before it answers (default 0). The simulator answers in microseconds; a
	 * real UICC takes milliseconds (an UPDATE BINARY of 255 bytes at a negotiated ~220 kbit/s is ~12 ms of transfer
	 * alone, plus its EEPROM write). Crash tests use it so a kill lands inside a card's steps as it would at a bench.
	 */
	commandMs?: number;
	/**
	 * Answers this many commands, then none (the connection stays open): a card that stops answering in the middle
	 * of a command, as a card pulled half out or a broken one does, for the tests of the command timeout.
	 */
	silentAfter?: number;
	log?: (line: string) => void;
}

export class VpcdClient {
	private socket: net.Socket | undefined;
	private stopped = false;
	private timer: NodeJS.Timeout | undefined;
	private connectedOnce: Promise<void>;
	private resolveConnected!: () => void;
	/** Counts of what vpcd sent, for tests and logs. */
	readonly stats = { connects: 0, apdus: 0, powerOn: 0, powerOff: 0, reset: 0, atr: 0 };

	constructor(
		readonly card: VirtualCard,
		readonly options: VpcdClientOptions
	) {
		this.connectedOnce = new Promise((r) => (this.resolveConnected = r));
	}

	/** Starts connecting (and reconnecting); resolves when the first connection is up. */
	start(): Promise<void> {
		this.stopped = false;
		this.connect();
		return this.connectedOnce;
	}

	private connect(): void {
		if (this.stopped) return;
		const sock = net.createConnection({ host: this.options.host ?? '127.0.0.1', port: this.options.port });
		this.socket = sock;
		sock.setNoDelay(true);
		const reader = new FrameReader();
		sock.on('connect', () => {
			this.stats.connects++;
			this.options.log?.(`vpcd: connected to port ${this.options.port}`);
			this.resolveConnected();
		});
		sock.on('data', (chunk: Buffer) => {
			for (const msg of reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) this.handle(sock, msg);
		});
		sock.on('error', () => {
			// 'close' follows; a refused or dropped connection is retried there.
		});
		sock.on('close', () => {
			if (this.socket === sock) this.socket = undefined;
			if (!this.stopped && sock.bytesRead > 0) this.options.log?.('vpcd: connection closed (pcscd stopped?); reconnecting');
			if (!this.stopped) this.timer = setTimeout(() => this.connect(), this.options.retryMs ?? 250);
		});
	}

	private handle(sock: net.Socket, msg: Uint8Array): void {
		// After stop() began, a late presence poll must not be answered on a half-closed socket.
		if (sock.writableEnded || sock.destroyed) return;
		if (msg.length === 1) {
			switch (msg[0]) {
				case VPCD_CTRL_OFF:
					this.stats.powerOff++;
					this.card.reset();
					return;
				case VPCD_CTRL_ON:
					this.stats.powerOn++;
					this.card.reset();
					return;
				case VPCD_CTRL_RESET:
					this.stats.reset++;
					this.card.reset();
					return;
				case VPCD_CTRL_ATR:
					this.stats.atr++;
					sock.write(frame(this.card.atr));
					return;
				default:
					this.options.log?.(`vpcd: unknown control byte ${msg[0]}`);
					return;
			}
		}
		this.stats.apdus++;
		if (this.options.silentAfter !== undefined && this.stats.apdus > this.options.silentAfter) return;
		const ms = this.options.commandMs ?? 0;
		if (ms <= 0) {
			sock.write(frame(this.card.transmit(msg)));
			return;
		}
		// vpcd sends the next command only after this answer, so a delayed answer keeps the order of commands.
		// A card taken out meanwhile does not carry the command out.
		setTimeout(() => {
			if (sock.writableEnded || sock.destroyed) return;
			sock.write(frame(this.card.transmit(msg)));
		}, ms);
	}

	/** Removes the card (closes the socket) and stops reconnecting. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		const sock = this.socket;
		this.socket = undefined;
		if (sock && !sock.destroyed) {
			await new Promise<void>((resolve) => {
				sock.once('close', () => resolve());
				sock.end();
				setTimeout(() => sock.destroy(), 500).unref();
			});
		}
	}
}
