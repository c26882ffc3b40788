// validateTree: a tree instance against a DDF. Each finding names the node URI it is about.
// Rules: unknown node, missing mandatory node (One / OneOrMore / OneOrN), occurrence exceeded, value not of
// the DFFormat (TND §8.5.4.3.4–8.5.4.3.5, §8.5.4.2.9–19), and (validateCommands) a command on a node whose
// AccessType (TND §8.5.4.3.1) does not list it.
import { Secret } from '../../security/secret';
import { canonicalValue } from './canonical';
import type { DmCommand } from './commands';
import { caseInsensitive, toIndex, valueText, type SchemaSource } from './node-info';
import { describeOccurrence, occurrenceBounds } from './schema';
import { describedChildren, type IndexNode, type SchemaIndex } from './schema-index';
import { withAncestors, type DmTree } from './tree';
import { parentOf, ROOT } from './uri';
import { UNNAMED } from './parse';
import { compareUris } from './diff';

export type DdfRule = 'unknown-node' | 'missing-node' | 'occurrence' | 'value-format' | 'access';

export interface DdfFinding {
	rule: DdfRule;
	severity: 'error' | 'warning';
	/** The node the finding is about (for a missing unnamed node: the parent URI + '/<X>'). */
	uri: string;
	message: string;
}

export function validateTree(tree: DmTree, ddf: SchemaSource, options: { commands?: readonly DmCommand[] } = {}): DdfFinding[] {
	const index = toIndex(ddf);
	const nodes = withAncestors(new Map(tree));
	const findings: DdfFinding[] = [];
	const children = new Map<string, string[]>([[ROOT, []]]);
	const uris = [...nodes.keys()].sort();
	for (const uri of uris) {
		const parent = parentOf(uri) ?? ROOT;
		const list = children.get(parent);
		if (list) list.push(uri);
		else children.set(parent, [uri]);
	}
	checkChildren(index, ROOT, index.root, false, children, findings);
	for (const uri of uris) {
		const resolution = index.resolve(uri);
		const value = nodes.get(uri) ?? null;
		if (resolution.kind === 'unknown') {
			findings.push({ rule: 'unknown-node', severity: 'error', uri, message: `node "${resolution.name}" is not described under ${resolution.parentPattern}` });
		} else if (resolution.kind === 'described') {
			const ddfNode = resolution.ddf;
			if (ddfNode.format === 'node') {
				if (value !== null) {
					findings.push({ rule: 'value-format', severity: 'error', uri, message: `interior node (format node) has a value` });
				}
				checkChildren(index, uri, resolution.node, true, children, findings);
			} else {
				const result = canonicalValue(ddfNode.format, valueText(value), { caseInsensitive: caseInsensitive(resolution) });
				if (!result.ok) {
					// A secret's value is never quoted in a finding.
					const message = value instanceof Secret ? `${value.label} value is not of format ${ddfNode.format}` : result.reason;
					findings.push({ rule: 'value-format', severity: 'error', uri, message });
				}
			}
		} else if (resolution.kind === 'implicit') {
			checkChildren(index, uri, resolution.node, false, children, findings);
		}
	}
	// One by one: spread into push, 150,000 findings overflowed the call stack.
	if (options.commands) for (const finding of validateCommands(options.commands, index)) findings.push(finding);
	// Sorted by node so that a tree's findings read top-down, whatever order the checks ran in.
	return findings.sort((a, b) => compareUris(a.uri, b.uri));
}

/** Occurrence of the described children of one instance; `mandatory` is false where the DDF only names the node in a Path. */
function checkChildren(
	index: SchemaIndex,
	uri: string,
	node: IndexNode,
	mandatory: boolean,
	children: Map<string, string[]>,
	findings: DdfFinding[]
): void {
	const counts = new Map<IndexNode, number>();
	for (const child of children.get(uri) ?? []) {
		const resolution = index.resolve(child);
		if (resolution.kind === 'described' || resolution.kind === 'implicit') {
			counts.set(resolution.node, (counts.get(resolution.node) ?? 0) + 1);
		}
	}
	for (const child of describedChildren(node)) {
		const ddfNode = child.ddf;
		if (ddfNode === undefined) continue;
		const count = counts.get(child) ?? 0;
		const { min, max } = occurrenceBounds(ddfNode.occurrence);
		const name = ddfNode.name ?? UNNAMED;
		const target = uri === ROOT ? `./${name}` : `${uri}/${name}`;
		const occurrence = describeOccurrence(ddfNode.occurrence);
		if (mandatory && count < min) {
			findings.push({ rule: 'missing-node', severity: 'error', uri: target, message: `mandatory node ${name} (${occurrence}) is missing` });
		}
		if (count > max) {
			findings.push({ rule: 'occurrence', severity: 'error', uri: target, message: `${count} instances of ${name}, the DDF allows at most ${max} (${occurrence})` });
		}
	}
}

export function validateCommands(commands: readonly DmCommand[], ddf: SchemaSource): DdfFinding[] {
	const index = toIndex(ddf);
	const findings: DdfFinding[] = [];
	for (const command of commands) {
		const resolution = index.resolve(command.uri);
		if (resolution.kind !== 'described') continue;
		const allowed = resolution.ddf.accessTypes;
		if (!allowed.has(command.op)) {
			const list = allowed.size === 0 ? 'empty' : [...allowed].join(', ');
			findings.push({ rule: 'access', severity: 'error', uri: command.uri, message: `${command.op} is not allowed: the AccessType of ${resolution.node.pattern} is ${list}` });
		}
	}
	return findings;
}
