import { describe, expectTypeOf, it } from 'vitest';
import type {
	DocumentJson,
	InfoResponseJson,
	PlanResponseJson,
	ReadResponseJson,
	ReadersResponseJson,
	WriteRequestJson,
	WriteResponseJson
} from '../../../src/lib/ui/card/wire';

// wire.ts holds only types, so these are type tests: vitest runs them through tsc (the unit project's typecheck,
// vitest.config.ts) and a broken expectation is a failed test. They pin the promise in wire.ts's header: ADM and
// PIN travel only in requests and never come back.

describe('card wire types', () => {
	it('no response type can carry the ADM key or PIN1', () => {
		expectTypeOf<InfoResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<InfoResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<ReadResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<ReadResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<WriteResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<WriteResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<ReadersResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<ReadersResponseJson>().not.toHaveProperty('pin1');
		expectTypeOf<PlanResponseJson>().not.toHaveProperty('adm');
		expectTypeOf<PlanResponseJson>().not.toHaveProperty('pin1');
	});
	it('a write request needs the ADM key and a bootstrap document given as XML or as WBXML hex', () => {
		expectTypeOf<WriteRequestJson>().toHaveProperty('adm').toEqualTypeOf<string>();
		expectTypeOf<{ xml: string }>().toExtend<DocumentJson>();
		expectTypeOf<{ wbxmlHex: string }>().toExtend<DocumentJson>();
		expectTypeOf<{ hex: string }>().not.toExtend<DocumentJson>();
		// The documents besides the bootstrap are optional; the bootstrap is not.
		expectTypeOf<{ documents: { bootstrap: { xml: string } }; adm: string; admFormat: 'hex' }>().toExtend<WriteRequestJson>();
		// The spelling of the key is explicit (keys.ts): a request without admFormat is not a write request.
		expectTypeOf<{ documents: { bootstrap: { xml: string } }; adm: string }>().not.toExtend<WriteRequestJson>();
		expectTypeOf<{ documents: { config1: { xml: string } }; adm: string }>().not.toExtend<WriteRequestJson>();
		expectTypeOf<{ documents: { bootstrap: { xml: string } } }>().not.toExtend<WriteRequestJson>();
	});
});
