// Finds the DDF node that describes a tree URI. DDF <Node>s are placed by their URI pattern, so a
// continuation (a MgmtTree child with a Path, TND §8.5.4.1.7) lands under the node it continues. An unnamed
// DDF node (`<X>`) matches any name that no named sibling takes. An interior DDF node with no described
// children is open: the DDF leaves what lies below it undescribed (TND §8.5.4.1.5), e.g. Ext.
import { UNNAMED } from './parse';
import type { DdfNode, DdfSchema } from './schema';
import { lastSegment, parentOf, ROOT, segmentsOf } from './uri';

export interface IndexNode {
	/** The describing DDF node; undefined for an ancestor the DDF only names in a Path (e.g. '.'). */
	ddf?: DdfNode;
	/** Pattern URI, e.g. './DMAcc/<X>/AppID'. */
	pattern: string;
	named: Map<string, IndexNode>;
	/** Lower-cased names, used below a CaseSense CIS node. */
	namedLower: Map<string, IndexNode>;
	unnamed?: IndexNode;
	caseInsensitive: boolean;
}

export type Resolution =
	| { kind: 'described'; node: IndexNode; ddf: DdfNode }
	/** An ancestor named only by Path: it exists but the DDF says nothing about it. */
	| { kind: 'implicit'; node: IndexNode }
	/** Below an open interior node. */
	| { kind: 'open'; under: DdfNode }
	/** Not described; `parent` is the pattern of the nearest described parent. */
	| { kind: 'unknown'; parentPattern: string; name: string }
	/** Below an unknown node (only the topmost unknown node is reported). */
	| { kind: 'below-unknown' };

export class SchemaIndex {
	readonly root: IndexNode = newIndexNode(ROOT, false);
	readonly #cache = new Map<string, Resolution>();

	constructor(schemas: DdfSchema | readonly DdfSchema[]) {
		for (const schema of Array.isArray(schemas) ? schemas : [schemas]) {
			for (const node of (schema as DdfSchema).nodes) this.#insert(node);
		}
	}

	resolve(uri: string): Resolution {
		const cached = this.#cache.get(uri);
		if (cached !== undefined) return cached;
		// Up to the nearest ancestor already resolved, then down one segment at a time: a loop, not recursion, so
		// no URI depth can exhaust the stack (it did at about 8,000 segments).
		const pending: string[] = [];
		let resolved: Resolution | undefined;
		for (let at: string | undefined = uri; at !== undefined; at = parentOf(at)) {
			resolved = this.#cache.get(at);
			if (resolved !== undefined) break;
			pending.push(at);
		}
		for (let i = pending.length - 1; i >= 0; i--) {
			const at = pending[i];
			resolved = resolved === undefined ? { kind: 'implicit', node: this.root } : step(resolved, lastSegment(at));
			this.#cache.set(at, resolved);
		}
		return resolved as Resolution;
	}

	#insert(node: DdfNode): void {
		let here = this.root;
		for (const segment of segmentsOf(node.uri)) {
			const inherit = here.caseInsensitive;
			if (segment === UNNAMED) {
				here.unnamed ??= newIndexNode(`${here.pattern}/${UNNAMED}`, inherit);
				here = here.unnamed;
			} else {
				let next = here.named.get(segment);
				if (next === undefined) {
					next = newIndexNode(`${here.pattern}/${segment}`, inherit);
					here.named.set(segment, next);
					here.namedLower.set(segment.toLowerCase(), next);
				}
				here = next;
			}
		}
		// A node without DFProperties is named but not described: it resolves like a Path ancestor ('implicit').
		if (node.undescribed !== true) here.ddf ??= node;
		if (node.caseSense !== undefined) here.caseInsensitive = node.caseSense === 'CIS';
		for (const child of node.children) this.#insert(child);
	}
}

/** Described children of an index node, for occurrence checks. */
export function describedChildren(node: IndexNode): IndexNode[] {
	const out = [...node.named.values()];
	if (node.unnamed !== undefined) out.push(node.unnamed);
	return out.filter((child) => child.ddf !== undefined);
}

export function isOpen(node: IndexNode): boolean {
	return node.ddf !== undefined && node.ddf.format === 'node' && node.named.size === 0 && node.unnamed === undefined;
}

function step(parent: Resolution, name: string): Resolution {
	switch (parent.kind) {
		case 'open':
			return parent;
		case 'unknown':
		case 'below-unknown':
			return { kind: 'below-unknown' };
		case 'described':
		case 'implicit': {
			const node = parent.node;
			if (parent.kind === 'described' && isOpen(node)) return { kind: 'open', under: parent.ddf };
			const child =
				node.named.get(name) ?? (node.caseInsensitive ? node.namedLower.get(name.toLowerCase()) : undefined) ?? node.unnamed;
			if (child === undefined) return { kind: 'unknown', parentPattern: node.pattern, name };
			return child.ddf !== undefined ? { kind: 'described', node: child, ddf: child.ddf } : { kind: 'implicit', node: child };
		}
	}
}

function newIndexNode(pattern: string, caseInsensitive: boolean): IndexNode {
	return { pattern, named: new Map(), namedLower: new Map(), caseInsensitive };
}
