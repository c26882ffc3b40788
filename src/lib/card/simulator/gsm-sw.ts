// A GSM SIM (CLA A0) speaks the TS 51.011 §9.4 status words; the simulator works in UICC words and translates.
export function toGsmSw(sw: number): number {
	if (sw >> 8 === 0x63) return 0x9804; // wrong CHV: no count in GSM
	if (sw >> 8 === 0x6c) return 0x6700 | (sw & 0xff); // 67XX: incorrect P3, XX = right length
	switch (sw) {
		case 0x6982:
			return 0x9804;
		case 0x6983:
			return 0x9840;
		case 0x6a82:
			return 0x9404;
		case 0x6b00:
		case 0x6a83:
		case 0x6282:
			return 0x9402;
		case 0x6986:
			return 0x9400;
		case 0x6981:
			return 0x9408;
		default:
			return sw;
	}
}
