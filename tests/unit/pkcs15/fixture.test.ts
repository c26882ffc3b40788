import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { fromHex } from '../../../src/lib/codec/hex';
import { parseDodf } from '../../../src/lib/card/pkcs15';

test('parses the spec §4 oidDO fixture', () => {
	const bytes = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/pkcs15/spec-dodf-bootstrap.der')));
	expect(parseDodf(bytes)).toEqual([
		{ type: 'oidDO', offset: 0, label: 'Bootstrap', flags: ['modifiable'], oid: '2.23.43.7.1', path: { path: fromHex('6E01') } }
	]);
});
