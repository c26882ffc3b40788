// OMA-WAP-ProvBoot-V1_1 §5 / ProvCont §4.3: the SEC media-type parameter. The numbers are what travels on the
// wire (WSP short-integer 0x80+s, bootstrap-security.md §1 / §4); identical in every implementation compared.

export const SEC = {
	NETWPIN: 0,
	USERPIN: 1,
	USERNETWPIN: 2,
	USERPINMAC: 3
} as const;

export type SecMethod = keyof typeof SEC;
export type SecValue = (typeof SEC)[SecMethod];

const NAMES: readonly SecMethod[] = ['NETWPIN', 'USERPIN', 'USERNETWPIN', 'USERPINMAC'];

/** The method name for a SEC number, or undefined when the number is not one of the four defined values. */
export function secName(value: number): SecMethod | undefined {
	return Number.isInteger(value) && value >= 0 && value < NAMES.length ? NAMES[value] : undefined;
}
