// The one error type of the DDF domain: a DDF document or a DM tree instance that cannot be read at all.
// Validation problems are findings (validate.ts), not errors.

export type DdfErrorCode =
	| 'not-well-formed'
	| 'not-ddf'
	| 'bad-structure'
	| 'bad-value'
	| 'bad-tree'
	| 'bad-path';

/** Where the problem is: a line/column in DDF XML, a byte offset in DDF WBXML, or a JSON path in a tree instance. */
export type DdfLocation = { line: number; column: number } | { offset: number } | { jsonPath: string };

export class DdfError extends Error {
	override readonly name = 'DdfError';
	constructor(
		readonly code: DdfErrorCode,
		readonly location: DdfLocation,
		/** What was expected and what was found, without the location prefix. */
		readonly reason: string
	) {
		super(`${describeLocation(location)}: ${reason}`);
	}
}

export function describeLocation(location: DdfLocation): string {
	if ('jsonPath' in location) return location.jsonPath;
	if ('offset' in location) return `WBXML offset 0x${location.offset.toString(16).toUpperCase()}`;
	return `line ${location.line}, column ${location.column}`;
}
