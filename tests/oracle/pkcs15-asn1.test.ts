// Third-party check of our PKCS#15 DER: OpenSSL's asn1parse (a generic BER/DER dumper that knows nothing of
// PKCS#15) must see exactly the tags, lengths, OIDs and octet strings the spec's ASN.1 prescribes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fromHex } from '../../src/lib/codec/hex';
import { buildLayout, PROFILES, type Pkcs15Layout } from '../../src/lib/card/pkcs15';

const dir = mkdtempSync(join(tmpdir(), 'pkcs15-asn1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function asn1parse(bytes: Uint8Array, name: string): string[] {
	const file = join(dir, name);
	writeFileSync(file, bytes);
	const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', file, '-i'], { encoding: 'utf8' });
	return out.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
}

function content(layout: Pkcs15Layout, role: string): Uint8Array {
	const f = layout.files.find((x) => x.role === role);
	if (!f) throw new Error(`no ${role}`);
	return f.content;
}

const layout = buildLayout(
	{ bootstrap: fromHex('030B6A00C54601'), config1: fromHex('030B6A00C501') },
	PROFILES['oma-provsc'],
	{},
	{ serialNumber: fromHex('8949000000000000001F'), manufacturerID: 'ACME', tokenLabel: 'WAP Prov', tokenFlags: ['readonly'], openscMirror: true }
);

describe('openssl asn1parse reads our PKCS#15 files', () => {
	test('ODF: cont [7] → SEQUENCE → OCTET STRING 6E00', () => {
		expect(asn1parse(content(layout, 'odf'), 'odf.der')).toEqual([
			'    0:d=0  hl=2 l=   6 cons: cont [ 7 ]',
			'    2:d=1  hl=2 l=   4 cons:  SEQUENCE',
			'    4:d=2  hl=2 l=   2 prim:   OCTET STRING      [HEX DUMP]:6E00'
		]);
	});

	test('TokenInfo: version, serialNumber, manufacturerID, label [0], tokenflags', () => {
		expect(asn1parse(content(layout, 'tokenInfo'), 'tokeninfo.der')).toEqual([
			'    0:d=0  hl=2 l=  35 cons: SEQUENCE',
			'    2:d=1  hl=2 l=   1 prim:  INTEGER           :00',
			'    5:d=1  hl=2 l=  10 prim:  OCTET STRING      [HEX DUMP]:8949000000000000001F',
			'   17:d=1  hl=2 l=   4 prim:  UTF8STRING        :ACME',
			'   23:d=1  hl=2 l=   8 prim:  cont [ 0 ]',
			'   33:d=1  hl=2 l=   2 prim:  BIT STRING'
		]);
	});

	test('DODF: two opaqueDO mirrors then two oidDO entries with OIDs and relative paths', () => {
		const lines = asn1parse(content(layout, 'dodf'), 'dodf.der');
		expect(lines).toEqual([
			// opaqueDO Bootstrap (OpenSC form): 30 { COA, CDOA {applicationName, applicationOID}, [1] { Path } }
			'    0:d=0  hl=2 l=  38 cons: SEQUENCE',
			'    2:d=1  hl=2 l=  15 cons:  SEQUENCE',
			'    4:d=2  hl=2 l=   9 prim:   UTF8STRING        :Bootstrap',
			'   15:d=2  hl=2 l=   2 prim:   BIT STRING',
			'   19:d=1  hl=2 l=  11 cons:  SEQUENCE',
			'   21:d=2  hl=2 l=   3 prim:   UTF8STRING        :WAP',
			'   26:d=2  hl=2 l=   4 prim:   OBJECT            :2.23.43.7.1',
			'   32:d=1  hl=2 l=   6 cons:  cont [ 1 ]',
			'   34:d=2  hl=2 l=   4 cons:   SEQUENCE',
			'   36:d=3  hl=2 l=   2 prim:    OCTET STRING      [HEX DUMP]:6E01',
			// opaqueDO Config1
			'   40:d=0  hl=2 l=  36 cons: SEQUENCE',
			'   42:d=1  hl=2 l=  13 cons:  SEQUENCE',
			'   44:d=2  hl=2 l=   7 prim:   UTF8STRING        :Config1',
			'   53:d=2  hl=2 l=   2 prim:   BIT STRING',
			'   57:d=1  hl=2 l=  11 cons:  SEQUENCE',
			'   59:d=2  hl=2 l=   3 prim:   UTF8STRING        :WAP',
			'   64:d=2  hl=2 l=   4 prim:   OBJECT            :2.23.43.7.2',
			'   70:d=1  hl=2 l=   6 cons:  cont [ 1 ]',
			'   72:d=2  hl=2 l=   4 cons:   SEQUENCE',
			'   74:d=3  hl=2 l=   2 prim:    OCTET STRING      [HEX DUMP]:6E02',
			// oidDO Bootstrap — identical to the spec §4 transcript shifted by 78 bytes
			'   78:d=0  hl=2 l=  35 cons: cont [ 1 ]',
			'   80:d=1  hl=2 l=  15 cons:  SEQUENCE',
			'   82:d=2  hl=2 l=   9 prim:   UTF8STRING        :Bootstrap',
			'   93:d=2  hl=2 l=   2 prim:   BIT STRING',
			'   97:d=1  hl=2 l=   0 cons:  SEQUENCE',
			'   99:d=1  hl=2 l=  14 cons:  cont [ 1 ]',
			'  101:d=2  hl=2 l=  12 cons:   SEQUENCE',
			'  103:d=3  hl=2 l=   4 prim:    OBJECT            :2.23.43.7.1',
			'  109:d=3  hl=2 l=   4 cons:    SEQUENCE',
			'  111:d=4  hl=2 l=   2 prim:     OCTET STRING      [HEX DUMP]:6E01',
			// oidDO Config1
			'  115:d=0  hl=2 l=  33 cons: cont [ 1 ]',
			'  117:d=1  hl=2 l=  13 cons:  SEQUENCE',
			'  119:d=2  hl=2 l=   7 prim:   UTF8STRING        :Config1',
			'  128:d=2  hl=2 l=   2 prim:   BIT STRING',
			'  132:d=1  hl=2 l=   0 cons:  SEQUENCE',
			'  134:d=1  hl=2 l=  14 cons:  cont [ 1 ]',
			'  136:d=2  hl=2 l=  12 cons:   SEQUENCE',
			'  138:d=3  hl=2 l=   4 prim:    OBJECT            :2.23.43.7.2',
			'  144:d=3  hl=2 l=   4 cons:    SEQUENCE',
			'  146:d=4  hl=2 l=   2 prim:     OCTET STRING      [HEX DUMP]:6E02'
		]);
	});

	test('the spec §4 DODF fixture parses as the whole transcript in the spec', () => {
		const bytes = new Uint8Array(readFileSync(join(__dirname, '../fixtures/pkcs15/spec-dodf-bootstrap.der')));
		// The ten lines of /work/shared/spec/smartcard-provisioning.md §4, as openssl printed them there.
		expect(asn1parse(bytes, 'spec.der')).toEqual([
			'    0:d=0  hl=2 l=  35 cons: cont [ 1 ]',
			'    2:d=1  hl=2 l=  15 cons:  SEQUENCE',
			'    4:d=2  hl=2 l=   9 prim:   UTF8STRING        :Bootstrap',
			'   15:d=2  hl=2 l=   2 prim:   BIT STRING',
			'   19:d=1  hl=2 l=   0 cons:  SEQUENCE',
			'   21:d=1  hl=2 l=  14 cons:  cont [ 1 ]',
			'   23:d=2  hl=2 l=  12 cons:   SEQUENCE',
			'   25:d=3  hl=2 l=   4 prim:    OBJECT            :2.23.43.7.1',
			'   31:d=3  hl=2 l=   4 cons:    SEQUENCE',
			'   33:d=4  hl=2 l=   2 prim:     OCTET STRING      [HEX DUMP]:6E01'
		]);
	});
});
