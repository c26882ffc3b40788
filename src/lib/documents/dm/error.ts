// The one error type of the DM account domain: an account description that cannot be read or rendered.
import { describeNonXmlChar, firstNonXmlChar } from '../../codec/xml';

export type DmErrorCode = 'not-json' | 'not-well-formed' | 'bad-account' | 'not-representable';

/** A JSON path ($.AppAuth[0].AAuthLevel) for JSON input, a line/column for XML input, or nothing when rendering. */
export type DmLocation = { jsonPath: string } | { line: number; column: number } | undefined;

export class DmError extends Error {
	override readonly name = 'DmError';
	constructor(
		readonly code: DmErrorCode,
		readonly location: DmLocation,
		/** What was expected and what was found, without the location prefix. */
		readonly reason: string
	) {
		super(location === undefined ? reason : `${'jsonPath' in location ? location.jsonPath : `line ${location.line}, column ${location.column}`}: ${reason}`);
	}
}

/** A rendering input (not from the account file) that XML 1.0 cannot carry (§2.2 Char): named, never quoted. */
export function checkXmlChars(what: string, value: string): void {
	const bad = firstNonXmlChar(value);
	if (bad !== undefined) throw new DmError('not-representable', undefined, `${what}: ${describeNonXmlChar(bad)}`);
}
