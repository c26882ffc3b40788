// What the diff and the validator need to know about one tree node: its format and how its value compares.
import { Secret } from '../../security/secret';
import type { DfFormat, DdfSchema } from './schema';
import { SchemaIndex, type Resolution } from './schema-index';
import type { DmValue } from './tree';

export type SchemaSource = SchemaIndex | DdfSchema | readonly DdfSchema[];

export function toIndex(source: SchemaSource): SchemaIndex {
	return source instanceof SchemaIndex ? source : new SchemaIndex(source as DdfSchema | readonly DdfSchema[]);
}

/** The DFFormat of a described node; for nodes the DDF does not describe, null means interior, text means chr. */
export function formatOf(resolution: Resolution, value: DmValue): DfFormat {
	if (resolution.kind === 'described') return resolution.ddf.format;
	return value === null ? 'node' : 'chr';
}

export function caseInsensitive(resolution: Resolution): boolean {
	return resolution.kind === 'described' && resolution.ddf.format === 'chr' && (resolution.ddf.caseSense === 'CIS' || resolution.node.caseInsensitive);
}

/** The text of a value for comparison; a leaf listed with null has the empty value. */
export function valueText(value: DmValue): string {
	if (value === null) return '';
	return value instanceof Secret ? value.revealText() : value;
}

/** First MIME type of a described leaf, for Meta/Type (TND §8.3.7.7: the setter supplies the type). */
export function mimeOf(resolution: Resolution): string | undefined {
	if (resolution.kind !== 'described') return undefined;
	const type = resolution.ddf.type;
	return 'mime' in type && type.mime[0] ? type.mime[0] : undefined;
}
