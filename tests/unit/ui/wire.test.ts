import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
	DocumentJson,
	InfoResponseJson,
	ReadResponseJson,
	ReadersResponseJson,
	WriteRequestJson,
	WriteResponseJson
} from '../../../src/lib/ui/card/wire';

// wire.ts holds only types; these checks run in `tsc --noEmit` (expectTypeOf is a compile-time assertion) and pin
// the promise in its header: ADM and PIN travel only in requests and never come back.

describe('card wire types', () => {
	it('no response type can carry the ADM key or PIN1', () => {
		expectTypeOf<InfoResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<InfoResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<ReadResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<ReadResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<WriteResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<WriteResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<ReadersResponseJson>().not.toHaveProperty('adm');
		expect(true).toBe(true);
	});
	it('a write request needs the ADM key and a bootstrap document given as XML or as WBXML hex', () => {
		expectTypeOf<WriteRequestJson>().toHaveProperty('adm').toEqualTypeOf<string>();
		expectTypeOf<{ xml: string }>().toExtend<DocumentJson>();
		expectTypeOf<{ wbxmlHex: string }>().toExtend<DocumentJson>();
		expectTypeOf<{ hex: string }>().not.toExtend<DocumentJson>();
		const request: WriteRequestJson = { documents: { bootstrap: { wbxmlHex: '030B6A004501' } }, adm: '3838383838383838' };
		// JSON round trip keeps the shape the server reads (bytes travel as hex text).
		expect(JSON.parse(JSON.stringify(request))).toEqual(request);
	});
});
