// diff(current, wanted, ddf): the shortest ordered command list that turns `current` into `wanted`, values
// compared in canonical form (canonical.ts) so that representation-only differences (TRUE/true, 0080/80)
// give no command. Order: Deletes (deepest first; a deleted interior node takes its subtree with it, so only
// the topmost node of a removed subtree is deleted), then Adds (parents before children), then Replaces.
// A node that changes between leaf and interior is deleted and added again.
import { Secret } from '../../security/secret';
import { canonicalValue, sameValue } from './canonical';
import type { DmCommand } from './commands';
import { DdfError } from './error';
import { caseInsensitive, formatOf, mimeOf, toIndex, valueText, type SchemaSource } from './node-info';
import type { DfFormat } from './schema';
import type { SchemaIndex } from './schema-index';
import { withAncestors, type DmTree, type DmValue } from './tree';
import { depthOf, parentOf, ROOT } from './uri';

export function diff(current: DmTree, wanted: DmTree, ddf: SchemaSource): DmCommand[] {
	const index = toIndex(ddf);
	const before = withAncestors(new Map(current));
	const after = withAncestors(new Map(wanted));
	const isInterior = (uri: string, value: DmValue): boolean => formatOf(index.resolve(uri), value) === 'node';

	// Nodes whose subtree is removed: gone in `wanted`, or changing between leaf and interior.
	const removed = new Set<string>();
	for (const [uri, value] of before) {
		if (!after.has(uri) || isInterior(uri, value) !== isInterior(uri, after.get(uri) ?? null)) removed.add(uri);
	}
	const underRemoved = new Map<string, boolean>();
	// Walks up (a loop, so depth cannot exhaust the stack) to the first answer known, then records it on the way.
	const inRemovedSubtree = (uri: string): boolean => {
		const path: string[] = [];
		let result = false;
		for (let at: string | undefined = uri; at !== undefined && at !== ROOT; at = parentOf(at)) {
			const known = underRemoved.get(at);
			if (known !== undefined) {
				result = known;
				break;
			}
			if (removed.has(at)) {
				result = true;
				path.push(at);
				break;
			}
			path.push(at);
		}
		for (const at of path) underRemoved.set(at, result);
		return result;
	};

	const deletes: string[] = [];
	for (const uri of removed) {
		const parent = parentOf(uri);
		if (parent === undefined || parent === ROOT || !inRemovedSubtree(parent)) deletes.push(uri);
	}
	const depth = new Map(deletes.map((uri) => [uri, depthOf(uri)]));
	deletes.sort((a, b) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0) || compareUris(a, b));

	const adds: string[] = [];
	const replaces: string[] = [];
	for (const uri of after.keys()) {
		if (!before.has(uri) || inRemovedSubtree(uri)) adds.push(uri);
		else if (!isInterior(uri, after.get(uri) ?? null) && !sameLeaf(index, uri, before.get(uri) ?? null, after.get(uri) ?? null)) {
			replaces.push(uri);
		}
	}
	sortUris(adds);
	sortUris(replaces);

	const commands: DmCommand[] = deletes.map((uri) => ({ op: 'Delete', uri }));
	for (const uri of adds) commands.push(addCommand(index, uri, after.get(uri) ?? null));
	for (const uri of replaces) {
		const { format, value, mime } = leafPayload(index, uri, after.get(uri) ?? null);
		commands.push(mime === undefined ? { op: 'Replace', uri, format, value } : { op: 'Replace', uri, format, value, mime });
	}
	return commands;
}

/** Applies commands to a tree as a DM client would; a command that cannot apply is a DdfError. */
export function applyCommands(tree: DmTree, commands: readonly DmCommand[]): Map<string, DmValue> {
	const out = withAncestors(new Map(tree));
	commands.forEach((command, i) => {
		const where = { jsonPath: `$[${i}]` };
		const parent = parentOf(command.uri);
		switch (command.op) {
			case 'Add':
				if (out.has(command.uri)) throw new DdfError('bad-tree', where, `Add ${command.uri}: the node already exists`);
				if (parent !== undefined && parent !== ROOT && !out.has(parent)) throw new DdfError('bad-tree', where, `Add ${command.uri}: the parent does not exist`);
				out.set(command.uri, command.value ?? null);
				break;
			case 'Replace':
				if (!out.has(command.uri)) throw new DdfError('bad-tree', where, `Replace ${command.uri}: the node does not exist`);
				out.set(command.uri, command.value);
				break;
			case 'Delete': {
				if (!out.has(command.uri)) throw new DdfError('bad-tree', where, `Delete ${command.uri}: the node does not exist`);
				const prefix = `${command.uri}/`;
				for (const uri of [...out.keys()]) if (uri === command.uri || uri.startsWith(prefix)) out.delete(uri);
				break;
			}
		}
	});
	return out;
}

/** Same nodes, same kinds, canonically equal values. */
export function treesEquivalent(a: DmTree, b: DmTree, ddf: SchemaSource): boolean {
	const index = toIndex(ddf);
	const left = withAncestors(new Map(a));
	const right = withAncestors(new Map(b));
	if (left.size !== right.size) return false;
	for (const [uri, value] of left) {
		if (!right.has(uri)) return false;
		const other = right.get(uri) ?? null;
		const resolution = index.resolve(uri);
		const interior = formatOf(resolution, value) === 'node';
		if (interior !== (formatOf(resolution, other) === 'node')) return false;
		if (!interior && !sameLeaf(index, uri, value, other)) return false;
	}
	return true;
}

function sameLeaf(index: SchemaIndex, uri: string, a: DmValue, b: DmValue): boolean {
	if (a instanceof Secret && b instanceof Secret) return a.equals(b);
	const resolution = index.resolve(uri);
	return sameValue(formatOf(resolution, b), valueText(a), valueText(b), { caseInsensitive: caseInsensitive(resolution) });
}

function addCommand(index: SchemaIndex, uri: string, value: DmValue): DmCommand {
	const resolution = index.resolve(uri);
	if (formatOf(resolution, value) === 'node') return { op: 'Add', uri, format: 'node' };
	const payload = leafPayload(index, uri, value);
	const command: DmCommand = { op: 'Add', uri, format: payload.format, value: payload.value };
	if (payload.mime !== undefined) command.mime = payload.mime;
	return command;
}

/** The value to send: the canonical form when the value is valid, the value as given otherwise (and secrets as Secrets). */
function leafPayload(index: SchemaIndex, uri: string, value: DmValue): { format: DfFormat; value: string | Secret; mime?: string } {
	const resolution = index.resolve(uri);
	const format = formatOf(resolution, value);
	const mime = mimeOf(resolution);
	if (value instanceof Secret) return { format, value, mime };
	const text = value ?? '';
	const canonical = canonicalValue(format, text);
	return { format, value: canonical.ok ? canonical.value : text, mime };
}

/** Sorts in place in compareUris order, by comparing keys with '/' turned into U+0000 (native string compare). */
function sortUris(uris: string[]): void {
	const keyed = uris.map((uri) => [uri.replaceAll('/', '\u0000'), uri] as const);
	keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	keyed.forEach(([, uri], i) => (uris[i] = uri));
}

/** Orders URIs so that a node comes right before its subtree ('/' sorts before every other character). */
export function compareUris(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		if (x === 47) return -1;
		if (y === 47) return 1;
		return x - y;
	}
	return a.length - b.length;
}
