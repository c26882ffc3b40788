// Status words and their meanings: ETSI TS 102 221 §10.2.1 (tables 10.7–10.15), 3GPP TS 51.011 §9.4,
// ISO/IEC 7816-4 §5.6; cross-checked with pySim ts_102_221.py / ts_51_011.py and OpenSC iso7816.c (apdu.md §5).

export const SW = {
	OK: 0x9000,
	EOF_WARNING: 0x6282,
	WRONG_LENGTH: 0x6700,
	WRONG_FILE_STRUCTURE: 0x6981,
	SECURITY_NOT_SATISFIED: 0x6982,
	AUTH_BLOCKED: 0x6983,
	CONDITIONS_NOT_SATISFIED: 0x6985,
	NO_EF_SELECTED: 0x6986,
	INCORRECT_DATA: 0x6a80,
	FUNCTION_NOT_SUPPORTED: 0x6a81,
	FILE_NOT_FOUND: 0x6a82,
	RECORD_NOT_FOUND: 0x6a83,
	NOT_ENOUGH_MEMORY: 0x6a84,
	INCORRECT_P1P2: 0x6a86,
	REFERENCED_DATA_NOT_FOUND: 0x6a88,
	FILE_EXISTS: 0x6a89,
	WRONG_P1P2: 0x6b00,
	INS_NOT_SUPPORTED: 0x6d00,
	CLA_NOT_SUPPORTED: 0x6e00,
	TECHNICAL_PROBLEM: 0x6f00,
	// GSM SIM (TS 51.011 §9.4)
	GSM_NO_EF_SELECTED: 0x9400,
	GSM_OUT_OF_RANGE: 0x9402,
	GSM_FILE_NOT_FOUND: 0x9404,
	GSM_FILE_INCONSISTENT: 0x9408,
	GSM_NO_CHV: 0x9802,
	GSM_ACCESS_NOT_FULFILLED: 0x9804,
	GSM_CHV_BLOCKED: 0x9840,
	GSM_MEMORY_PROBLEM: 0x9240
} as const;

const EXACT: Readonly<Record<number, string>> = {
	0x9000: 'normal ending',
	0x6281: 'part of returned data may be corrupted',
	0x6282: 'end of file/record reached before reading Le bytes',
	0x6283: 'selected file invalidated',
	0x6284: 'selected file in termination state',
	0x62f1: 'more data available',
	0x62f2: 'more data available and proactive command pending',
	0x62f3: 'response data available',
	0x63f1: 'more data expected',
	0x63f2: 'more data expected and proactive command pending',
	0x6400: 'execution error, no information',
	0x6500: 'memory problem, no information',
	0x6581: 'memory problem',
	0x6700: 'wrong length',
	0x6881: 'logical channel not supported',
	0x6882: 'secure messaging not supported',
	0x6981: 'command incompatible with file structure',
	0x6982: 'security status not satisfied',
	0x6983: 'authentication/PIN method blocked',
	0x6984: 'referenced data invalidated',
	0x6985: 'conditions of use not satisfied',
	0x6986: 'command not allowed (no EF selected)',
	0x6989: 'command not allowed, secure channel not established',
	0x6a80: 'incorrect parameters in the data field',
	0x6a81: 'function not supported',
	0x6a82: 'file or application not found',
	0x6a83: 'record not found',
	0x6a84: 'not enough memory space',
	0x6a86: 'incorrect parameters P1 to P2',
	0x6a87: 'Lc inconsistent with P1 to P2',
	0x6a88: 'referenced data not found',
	0x6a89: 'file already exists',
	0x6b00: 'wrong parameter(s) P1-P2',
	0x6d00: 'instruction code not supported or invalid',
	0x6e00: 'class not supported',
	0x6f00: 'technical problem, no precise diagnosis',
	0x9300: 'SIM application toolkit busy',
	0x9400: 'no EF selected',
	0x9402: 'out of range (invalid address)',
	0x9404: 'file ID not found / pattern not found',
	0x9408: 'file is inconsistent with the command',
	0x9802: 'no CHV initialized',
	0x9804: 'access condition not fulfilled / CHV verification failed',
	0x9808: 'in contradiction with CHV status',
	0x9810: 'in contradiction with invalidation status',
	0x9840: 'CHV blocked / unsuccessful CHV verification, no attempt left',
	0x9850: 'increase cannot be performed, max value reached'
};

/** Human meaning of a status word, for messages and traces. */
export function swMeaning(sw: number): string {
	const known = EXACT[sw];
	if (known !== undefined) return known;
	const sw1 = sw >> 8;
	const sw2 = sw & 0xff;
	if (sw1 === 0x61) return `${sw2 === 0 ? 256 : sw2} response bytes available (GET RESPONSE)`;
	if (sw1 === 0x9f) return `${sw2 === 0 ? 256 : sw2} response bytes available (SIM, GET RESPONSE)`;
	if (sw1 === 0x91) return `normal ending, proactive command of ${sw2} bytes pending`;
	if (sw1 === 0x6c) return `wrong Le, correct Le is ${sw2 === 0 ? 256 : sw2}`;
	if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `verification failed, ${sw2 & 0x0f} retries left`;
	if (sw1 === 0x92 && (sw2 & 0xf0) === 0x00) return `command successful after ${sw2 & 0x0f} internal retries`;
	// TS 51.011 §9.4.5: 9240 is a GSM SIM's memory problem; TS 102 221 §10.2.1.1 gives a UICC's 92XX as success.
	if (sw === 0x9240) return 'memory problem (GSM SIM); on a UICC: normal ending, data transfer session information';
	if (sw1 === 0x92) return 'normal ending, data transfer session information';
	return 'unknown status word';
}

/**
 * 9000, 91XX (TS 102 221 §10.2.1.1 / TS 51.011 §9.4.1: a proactive command is pending, the command itself
 * succeeded) and 92XX. 92XX depends on the card family: a UICC's 92XX is a normal ending with data transfer
 * session information (TS 102 221 §10.2.1.1), but a GSM SIM (CLA A0) only has 920X "successful after X internal
 * retries" and 9240 "memory problem" (TS 51.011 §9.4.1/§9.4.5), which is a failed write.
 */
export function isSuccess(sw: number, cla?: number): boolean {
	if (sw === 0x9000 || sw >> 8 === 0x91) return true;
	if (sw >> 8 !== 0x92) return false;
	return cla === 0xa0 ? (sw & 0xf0) === 0x00 : true;
}

/**
 * An UPDATE BINARY/RECORD that a UICC wrote after retrying internally: TS 102 221 §10.2.1.2 gives 63CX, outside
 * VERIFY, as "command successful but after using an internal update retry routine X times" (apdu.md's SW table). A
 * card with worn memory answers so; refusing it called a written file a failure, and a retry wore it more. A GSM SIM
 * (CLA A0) says the same with 920X, which isSuccess takes.
 */
export function updatedAfterRetries(sw: number, cla: number): boolean {
	return cla !== 0xa0 && retriesLeft(sw) !== undefined;
}

/** 63CX → X retries left; any other SW → undefined. */
export function retriesLeft(sw: number): number | undefined {
	return sw >> 8 === 0x63 && (sw & 0xf0) === 0xc0 ? sw & 0x0f : undefined;
}

export function swHex(sw: number): string {
	return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** "6982 security status not satisfied". */
export function describeSw(sw: number, command?: string): string {
	// TS 102 221 §10.2.1.2: 63CX answering an update is its retry warning, not a verification (updatedAfterRetries).
	if (command !== undefined && /^UPDATE /.test(command) && retriesLeft(sw) !== undefined) return `${swHex(sw)} successful after ${sw & 0x0f} internal retries`;
	return `${swHex(sw)} ${swMeaning(sw)}`;
}
