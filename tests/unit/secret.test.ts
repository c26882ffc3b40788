import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Secret } from '../../src/lib/security/secret';

describe('Secret keeps its bytes out of text', () => {
	const adm = new Secret('ADM1', new Uint8Array([0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38]));
	it('redacts in toString, JSON, template strings and console inspection', () => {
		expect(String(adm)).toBe('ADM1 ****');
		expect(JSON.stringify({ key: adm })).toBe('{"key":"ADM1 ****"}');
		expect(`${adm}`).toBe('ADM1 ****');
		expect(inspect({ adm })).toBe("{ adm: Secret(ADM1 ****) }");
	});
	it('hands out a copy of the bytes only on reveal', () => {
		const bytes = adm.reveal();
		expect(Array.from(bytes)).toEqual([0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38, 0x38]);
		bytes[0] = 0;
		expect(adm.reveal()[0]).toBe(0x38);
	});
	it('compares by value', () => {
		expect(Secret.fromText('PIN1', '0000').equals(new Secret('x', new Uint8Array([0x30, 0x30, 0x30, 0x30])))).toBe(true);
		expect(Secret.fromText('PIN1', '0000').equals(Secret.fromText('PIN1', '0001'))).toBe(false);
		expect(Secret.fromText('PIN1', '1234').revealText()).toBe('1234');
	});
});
