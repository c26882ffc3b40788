// A DM tree instance: URI → value. Interior nodes have the value null and may be left out (every ancestor
// of a listed node is implied). Secrets (AAuthSecret, server passwords) stay Secrets inside the tree.
//
// JSON form (parseDmTree): one object, keys are URIs, values are strings or null:
//   { "./DMAcc/x": null, "./DMAcc/x/AppID": "w7", "./DMAcc/x/ServerID": "dm.example.com" }
// 'A/B' and './A/B' name the same node; the root '.' itself is never listed.
import { jsonLineColumn, jsonRepeatedMembers, jsonStrings, jsonSyntaxError } from '../../codec/json';
import { describeNonXmlChar, firstNonXmlChar } from '../../codec/xml';
import { Secret } from '../../security/secret';
import { DdfError } from './error';
import { normaliseUri, parentOf, ROOT, shortUri, uriProblem } from './uri';

export type DmValue = string | Secret | null;

/** Normalised URIs ('./A/B') → value; null = interior node (or a leaf without value). */
export type DmTree = ReadonlyMap<string, DmValue>;

/** A tree from path/value pairs: URIs normalised, implied ancestors added as interior nodes. */
export function dmTree(entries: Iterable<readonly [string, DmValue]>): Map<string, DmValue> {
	const tree = new Map<string, DmValue>();
	for (const [uri, value] of entries) {
		const problem = uriProblem(uri);
		if (problem !== undefined) throw new DdfError('bad-path', { jsonPath: jsonPathOf(uri) }, problem);
		const normal = normaliseUri(uri);
		if (normal === ROOT) throw new DdfError('bad-path', { jsonPath: jsonPathOf(uri) }, 'the root "." is not a node of the tree instance');
		if (tree.has(normal)) throw new DdfError('bad-tree', { jsonPath: jsonPathOf(uri) }, `node ${shortUri(normal)} is listed twice`);
		tree.set(normal, value);
	}
	return withAncestors(tree);
}

/** Adds every missing ancestor of every node as an interior node (value null). */
export function withAncestors(tree: Map<string, DmValue>): Map<string, DmValue> {
	for (const uri of [...tree.keys()]) {
		for (let parent = parentOf(uri); parent !== undefined && parent !== ROOT && !tree.has(parent); parent = parentOf(parent)) {
			tree.set(parent, null);
		}
	}
	return tree;
}

export function parseDmTree(text: string): Map<string, DmValue> {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		// JSON.parse's message names no line ("Unexpected end of JSON input"): the walker says where and what.
		const stop = jsonSyntaxError(text);
		if (stop === undefined) throw new DdfError('bad-tree', { jsonPath: '$' }, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
		throw new DdfError('bad-tree', jsonLineColumn(text, stop.offset), `not JSON: expected ${stop.expected}${stop.offset >= text.length ? ' before the end of the text' : ''}`);
	}
	const tree = dmTreeFromJson(json);
	// RFC 8259 §4: names SHOULD be unique, and JSON.parse keeps the last of two silently: the same URI given twice
	// would lose a value without a word (a spelling that differs, 'A/B' and './A/B', is refused by dmTree). Every value
	// is a string or null by now, so the walker's `$.<name>` paths are exactly the top-level names.
	const walked = jsonStrings(text);
	if ('strings' in walked) {
		const [twice] = jsonRepeatedMembers(walked.strings);
		if (twice !== undefined) throw new DdfError('bad-tree', jsonLineColumn(text, twice.again), `node ${shortUri(normaliseUri(twice.path.slice(2)))} is listed twice`);
	}
	return tree;
}

export function dmTreeFromJson(json: unknown): Map<string, DmValue> {
	if (typeof json !== 'object' || json === null || Array.isArray(json)) {
		throw new DdfError('bad-tree', { jsonPath: '$' }, `expected an object of URI → value, found ${describe(json)}`);
	}
	const entries: [string, DmValue][] = [];
	for (const [uri, value] of Object.entries(json)) {
		if (value !== null && typeof value !== 'string') {
			throw new DdfError('bad-tree', { jsonPath: jsonPathOf(uri) }, `expected a string or null, found ${describe(value)}`);
		}
		// URIs and values travel in SyncML XML (diff --syncml): XML 1.0 cannot carry C0 controls, lone surrogates,
		// U+FFFE/FFFF (§2.2). The value may be a secret: the character is named, the value never quoted.
		const badUri = firstNonXmlChar(uri);
		if (badUri !== undefined) throw new DdfError('bad-path', { jsonPath: jsonPathOf(uri) }, `the URI's ${describeNonXmlChar(badUri)}`);
		const badValue = value === null ? undefined : firstNonXmlChar(value);
		if (badValue !== undefined) throw new DdfError('bad-tree', { jsonPath: jsonPathOf(uri) }, `the value's ${describeNonXmlChar(badValue)}`);
		entries.push([uri, value]);
	}
	return dmTree(entries);
}

/** JSON form of a tree: sorted by URI; secrets revealed only when asked (the caller writes a document). */
export function dmTreeToJson(tree: DmTree, options: { revealSecrets?: boolean } = {}): Record<string, string | null> {
	// No prototype: a URI spelled "__proto__" is a key like any other, not the object's prototype.
	const out = Object.create(null) as Record<string, string | null>;
	for (const uri of [...tree.keys()].sort()) {
		const value = tree.get(uri) ?? null;
		out[uri] = value instanceof Secret ? (options.revealSecrets ? value.revealText() : value.toString()) : value;
	}
	return out;
}

/** `$["./A/B"]`; a key of more than about 80 characters is cut (the message is one line, whatever the input). */
export function jsonPathOf(key: string): string {
	return `$[${JSON.stringify(shortUri(key))}]`;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}
