// Documents of other dialects share the wap-provisioningdoc root (client-provisioning.md "Other dialects"):
// Windows CSP (mixed-case CSP names, characteristic-query/nocharacteristic/parm-query/noparm, parm datatype),
// Zebra MX (a `version` attribute on characteristic) and GSMA RCS auto-configuration (VERS, TOKEN, in any case).
// Detection is a heuristic on evidence that never occurs in OMA CP; the first evidence found is reported.
import type { SourcePosition } from '../../../codec/xml/tree';
import { clipped } from '../../../text';
import type { Characteristic, ProvDoc } from '../model';
import { characteristicSpec } from './schema';

export type Dialect = 'oma-cp' | 'windows-csp' | 'zebra-mx' | 'rcs';

export const DIALECT_NAMES: Readonly<Record<Dialect, string>> = {
	'oma-cp': 'OMA Client Provisioning',
	'windows-csp': 'Windows configuration service provider (CSP) provisioning',
	'zebra-mx': 'Zebra MX profile',
	rcs: 'GSMA RCS auto-configuration'
};

export interface DialectGuess {
	dialect: Dialect;
	evidence?: string;
	position?: SourcePosition;
}

/** Top-level characteristic types of RCS auto-configuration documents (GSMA RCC.07 / RCC.14). */
const RCS_TYPES = new Set(['VERS', 'TOKEN', 'MSG', 'POLICY']);

export function detectDialect(doc: ProvDoc): DialectGuess {
	const all: Characteristic[] = [];
	const walk = (c: Characteristic): void => {
		all.push(c);
		for (const item of c.items) if (item.kind === 'characteristic') walk(item);
	};
	doc.characteristics.forEach(walk);

	for (const c of all) {
		const version = c.extraAttributes?.find((a) => a.name === 'version');
		if (version !== undefined) {
			return guess('zebra-mx', `characteristic ${clipped(c.type)} has a version attribute`, version.position ?? c.position);
		}
	}
	for (const c of doc.characteristics) {
		// RCC.07 writes VERS and TOKEN; real servers also send vers and token (issue 8 §10), which would otherwise
		// read as Windows CSP names (mixed case) below.
		if (RCS_TYPES.has(c.type.toUpperCase())) return guess('rcs', `characteristic type ${clipped(c.type)}`, c.position);
	}
	for (const c of all) {
		if (c.element !== undefined) return guess('windows-csp', `element <${clipped(c.element)}>`, c.position);
		if (!/^[A-Z0-9-]+$/.test(c.type) && characteristicSpec(c.type.toUpperCase()) === undefined) {
			return guess('windows-csp', `characteristic type ${clipped(c.type)}`, c.position);
		}
		for (const item of c.items) {
			if (item.kind !== 'parm') continue;
			if (item.element !== undefined) return guess('windows-csp', `element <${clipped(item.element)}>`, item.position);
			if (item.extraAttributes?.some((a) => a.name === 'datatype')) {
				return guess('windows-csp', `parm ${clipped(item.name)} has a datatype attribute`, item.position);
			}
		}
	}
	return { dialect: 'oma-cp' };
}

function guess(dialect: Dialect, evidence: string, position: SourcePosition | undefined): DialectGuess {
	return position === undefined ? { dialect, evidence } : { dialect, evidence, position };
}
