// XML language support for a DM account written as XML (documents/dm/read-account.ts): <DMAcc NodeName="…"> with
// the DMAcc node names as elements. The element tree is read from the DMAcc DDF the studio ships (ddf/schemas/dmacc.ts,
// OMA-TS-DM_StdObj-V1_2 §7.1.3.1) the way the account XML form writes it: the run-time <X> levels are left out
// (an <AppAddr> element is one AppAddr/<X>, an <AppAuth> one AppAuth/<X>), and an interior node whose instances hold a
// single leaf is written as that leaf repeated (<ToConRef>NAP1</ToConRef> is ToConRef/<X>/ConRef, <Port>443</Port>
// is Port/<X>/PortNbr). @codemirror/lang-xml then completes element names in their place and the values of
// AAuthLevel, AddrType and AAuthType at the start of their content.
import { xml, type ElementSpec } from '@codemirror/lang-xml';
import type { Extension } from '@codemirror/state';
import { dmAccSchema, type DdfNode, type DdfSchema } from '../../documents/ddf';
import { AAUTH_LEVELS, AAUTH_TYPES, ADDR_TYPES } from '../../documents/dm';

export const DM_ACCOUNT_ROOT = 'DMAcc';

/**
 * Nodes of the DDF the account form does not carry: AppID is always w7 (to-tree.ts writes it, StdObj §7.1.3.1.2),
 * Ext is the vendor extension point (StdObj §7.1.3.1.24) the account form has no member for.
 */
const NOT_IN_ACCOUNT_FORM = new Set(['AppID', 'Ext']);

/** Leaf values offered at the start of the element's content (the account model's own lists, account.ts). */
const TEXT_CONTENT: Readonly<Record<string, readonly string[]>> = {
	AAuthLevel: AAUTH_LEVELS,
	AddrType: ADDR_TYPES,
	AAuthType: AAUTH_TYPES
};

/** The element specs of the account XML form, from the DMAcc DDF. */
export function dmAccountElements(schema: DdfSchema = dmAccSchema()): ElementSpec[] {
	const root = schema.nodes.find((n) => n.name === DM_ACCOUNT_ROOT);
	const account = root?.children.find((c) => c.name === undefined);
	if (account === undefined) return [];
	const specs = new Map<string, ElementSpec>();
	const children = (instance: DdfNode): string[] => {
		const names: string[] = [];
		for (const child of instance.children) {
			if (child.name === undefined || NOT_IN_ACCOUNT_FORM.has(child.name)) continue;
			names.push(child.name);
			if (specs.has(child.name)) continue;
			const each = child.format === 'node' ? child.children.find((c) => c.name === undefined) : undefined;
			// An interior node whose instances hold one leaf is written as that leaf, repeated.
			const single = each !== undefined && each.children.length === 1 && each.children[0].format !== 'node' ? each.children[0] : undefined;
			const described = single ?? child;
			const spec: ElementSpec = {
				name: child.name,
				completion: { detail: each === undefined ? described.format : `${described.format}, repeatable`, ...(described.description === undefined ? {} : { info: described.description }) }
			};
			if (each !== undefined && single === undefined) spec.children = children(each);
			else {
				spec.children = [];
				if (Object.hasOwn(TEXT_CONTENT, child.name)) spec.textContent = TEXT_CONTENT[child.name];
			}
			specs.set(child.name, spec);
		}
		return names;
	};
	const top: ElementSpec = { name: DM_ACCOUNT_ROOT, top: true, attributes: ['NodeName'], children: children(account) };
	return [top, ...specs.values()];
}

export function dmLanguage(): Extension {
	return xml({ elements: dmAccountElements(), attributes: [{ name: 'NodeName' }] });
}
