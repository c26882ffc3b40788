import type { Reader } from './reader';

// WAP-230-WSP §8.1.2 "Variable Length Unsigned Integer": 7 bits per octet, most significant first, the top bit
// set on every octet but the last. A 32-bit value needs at most 5 octets.

export const UINTVAR_MAX = 0xffffffff;

export function encodeUintvar(value: number): Uint8Array {
	if (!Number.isInteger(value) || value < 0 || value > UINTVAR_MAX) throw new RangeError(`uintvar: ${value} is out of range`);
	const groups: number[] = [value % 128];
	let rest = Math.floor(value / 128);
	while (rest > 0) {
		groups.unshift((rest % 128) | 0x80);
		rest = Math.floor(rest / 128);
	}
	return Uint8Array.from(groups);
}

export function readUintvar(r: Reader, what: string): number {
	const start = r.pos;
	let value = 0;
	for (let i = 0; i < 5; i++) {
		const b = r.byte(what);
		value = value * 128 + (b & 0x7f);
		if ((b & 0x80) === 0) {
			if (value > UINTVAR_MAX) r.fail('bad-uintvar', `${what}: uintvar value exceeds 32 bits`, start);
			return value;
		}
	}
	return r.fail('bad-uintvar', `${what}: uintvar longer than 5 octets`, start);
}
