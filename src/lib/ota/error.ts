// One error type for the OTA push envelope (STYLE.md). Decoders say where: the layer, the byte offset inside
// that layer's bytes and, for SMS input, which segment (1-based position in the list given to the decoder).

export type OtaErrorCode =
	| 'truncated'
	| 'bad-hex'
	| 'bad-uintvar'
	| 'not-push'
	| 'bad-content-type'
	| 'bad-parameter'
	| 'duplicate-parameter'
	| 'bad-header'
	| 'bad-sec'
	| 'bad-mac'
	| 'bad-tid'
	| 'unsupported-mti'
	| 'unsupported-dcs'
	| 'bad-address'
	| 'bad-udh'
	| 'length-mismatch'
	| 'no-port'
	| 'wrong-port'
	| 'mixed-ports'
	| 'mixed-reference'
	| 'bad-segment-number'
	| 'duplicate-segment'
	| 'missing-segment'
	| 'no-segments'
	| 'too-long'
	| 'bad-option';

/**
 * 'sms' = an SMS PDU as given (with its SMSC prefix); 'wsp' = the reassembled WSP Push PDU; 'encode' = an input to an
 * encoder; 'lines' = the lines of a PDU file (the detail names the line).
 */
export type OtaLayer = 'sms' | 'wsp' | 'encode' | 'lines';

export class OtaError extends Error {
	override readonly name = 'OtaError';
	constructor(
		readonly code: OtaErrorCode,
		readonly layer: OtaLayer,
		/** Byte offset inside the layer's bytes; -1 for encoder inputs and PDU-file lines. */
		readonly offset: number,
		/** What was expected and what was found, without the location prefix. */
		readonly detail: string,
		/** 1-based position of the SMS segment in the decoder's input, when the bytes came from SMS. */
		readonly segment?: number,
		/** 1-based line of that segment's PDU in a PDU file, when it was read from one (named instead of the segment). */
		readonly line?: number
	) {
		super(OtaError.format(layer, offset, detail, segment, line));
	}

	static format(layer: OtaLayer, offset: number, detail: string, segment?: number, line?: number): string {
		if (layer === 'encode' || layer === 'lines') return detail;
		const where = `${layer === 'sms' ? 'SMS PDU' : 'WSP'} offset 0x${offset.toString(16).toUpperCase().padStart(2, '0')}`;
		const which = line !== undefined ? ` (line ${line})` : segment !== undefined ? ` (segment ${segment})` : '';
		return `${where}${which}: ${detail}`;
	}

	/** The same error placed in a segment (the decoders below do not know which segment they are reading). */
	inSegment(segment: number): OtaError {
		return new OtaError(this.code, this.layer, this.offset, this.detail, segment);
	}

	/** The same error naming the line of a PDU file its segment was read from (pdu-lines.ts gives each PDU's line). */
	onLine(line: number): OtaError {
		return new OtaError(this.code, this.layer, this.offset, this.detail, this.segment, line);
	}
}
