// The one seam between APDU logic and hardware: a PC/SC reader, a vpcd-attached simulator or an in-memory card.

export interface Transport {
	/** Sends one C-APDU and returns the R-APDU (data + SW1 SW2). Errors are CardError code TRANSPORT. */
	transmit(apdu: Uint8Array): Promise<Uint8Array>;
	/** Reader or transport name for messages. */
	readonly name: string;
	/** Answer to reset of the connected card, when the transport knows it (PC/SC does; a bare APDU pipe may not). */
	readonly atr?: Uint8Array;
}
