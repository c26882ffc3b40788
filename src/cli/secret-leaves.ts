// Tree values that are secrets never reach a terminal: a chr leaf whose DDF AccessType has no Get (the DMAcc
// DDF writes AAuthSecret that way: StdObj §7.1.3.1.22 "No Get"), or, where no DDF describes the node, a leaf
// named like a password, becomes a Secret. Findings then name the node without quoting the value, and a diff
// listing prints `AAuthSecret ****`; the SyncML package still carries the value (the one place that needs it).
import { SchemaIndex, type DdfSchema, type DmValue } from '../lib/documents/ddf';
import { Secret } from '../lib/security';

const SECRET_NAME = /(secret|password|passwd|pw)$/i;

export function hideSecretLeaves(tree: Map<string, DmValue>, schemas: readonly DdfSchema[]): Map<string, DmValue> {
	const index = new SchemaIndex(schemas);
	const out = new Map<string, DmValue>();
	for (const [uri, value] of tree) {
		out.set(uri, typeof value === 'string' && isSecretLeaf(index, uri) ? Secret.fromText(uri.slice(uri.lastIndexOf('/') + 1), value) : value);
	}
	return out;
}

function isSecretLeaf(index: SchemaIndex, uri: string): boolean {
	const resolution = index.resolve(uri);
	if (resolution.kind === 'described') {
		// Only chr: a Secret compares byte for byte, which is the canonical comparison of chr alone (canonical.ts).
		return resolution.ddf.format === 'chr' && resolution.ddf.caseSense !== 'CIS' && !resolution.ddf.accessTypes.has('Get');
	}
	return SECRET_NAME.test(uri.slice(uri.lastIndexOf('/') + 1));
}
