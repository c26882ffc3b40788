// Every token of the PROV language as listed in /work/shared/spec/client-provisioning.md §1–4
// (OMA-WAP-ProvCont-V1_1 §7.1–7.3), written out here from the spec tables and not taken from our language table,
// so that a token dropped from src/lib/codec/wbxml/languages/prov.ts cannot silently drop out of the coverage check.
// Left out on purpose, as the spec says: page-1 0x3C APPREF / 0x3D TO-APPREF (Kannel only, encoded as literal
// text), and the Kannel-only extras (page 0 0x5C/0x5D types, 0xBB/0xBC values, page-1 WLAN tokens).
import { tokenKey, type TokenUse } from './token-walk';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** §1: tag tokens. */
const TAGS: Record<number, number[]> = { 0: [0x05, 0x06, 0x07], 1: [0x06, 0x07] };

/** §2 (page 0) and §3 (page 1): attribute-start tokens. */
const ATTRIBUTE_STARTS: Record<number, number[]> = {
	0: [...range(0x05, 0x3f), 0x45, 0x46, ...range(0x47, 0x4c), 0x4e, 0x4f, ...range(0x50, 0x5b)],
	1: [0x05, 0x06, 0x07, 0x14, 0x1c, 0x22, 0x23, 0x24, ...range(0x2e, 0x3b), 0x50, 0x53, ...range(0x55, 0x59)]
};

/** §4: attribute-value tokens. */
const ATTRIBUTE_VALUES: Record<number, number[]> = {
	0: [
		...range(0x85, 0x8c),
		...range(0x90, 0x95),
		...range(0x9a, 0x9f),
		...range(0xa2, 0xba),
		0xc5,
		...range(0xca, 0xd3),
		0xe0,
		0xe1
	],
	1: [0x86, 0x87, 0x88, 0x8d, 0x8e, 0x90, 0x91, 0x92, 0x93]
};

function keys(kind: 'tag' | 'attr-start' | 'attr-value', table: Record<number, number[]>): TokenUse[] {
	return Object.entries(table).flatMap(([page, tokens]) => tokens.map((t) => tokenKey(kind, Number(page), t)));
}

export const SPEC_PROV_TOKENS: readonly TokenUse[] = [
	...keys('tag', TAGS),
	...keys('attr-start', ATTRIBUTE_STARTS),
	...keys('attr-value', ATTRIBUTE_VALUES)
];
