// Issue 8 §6: a card gets documents, not garbage. Each document of a write decodes (PROV, or a SyncML DM
// bootstrap), with nothing after its root element and no validation error, before the first APDU; `raw` (API) and
// `--raw` (CLI) write bytes as they are. The WBXML inputs are third-party bytes (xml2wbxml, the NowSMS document)
// or cut by hand, with the offsets worked out beside them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import {
	CardDocumentError,
	cardDocumentFromXml,
	checkCardDocument,
	parseWriteRequest,
	RequestError,
	writeDocuments
} from '../../../src/lib/server/card-service';
import { DEFAULT_PROFILE, PROFILES } from '../../../src/lib/card/pkcs15';
import { ADM1, NOWSMS_CP, sessionOn, simulator } from '../card-provisioning/fixtures';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const LAUNCHER = join(REPO, 'bin/pstudio.js');

let dir = '';
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pstudio-write-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** libwbxml's encoding of an XML file (ORACLES.md §1). */
function xml2wbxml(name: string, xml: string): Uint8Array {
	writeFileSync(join(dir, `${name}.xml`), xml);
	const r = spawnSync('xml2wbxml', ['-o', join(dir, `${name}.wbxml`), join(dir, `${name}.xml`)]);
	if (r.status !== 0) throw new Error(`xml2wbxml failed: ${r.stderr.toString()}`);
	return new Uint8Array(readFileSync(join(dir, `${name}.wbxml`)));
}

function refusal(run: () => unknown): CardDocumentError {
	try {
		run();
	} catch (e) {
		if (e instanceof CardDocumentError) return e;
		throw e;
	}
	throw new Error('accepted');
}

const PROV_DOCTYPE = '<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">';

/** BEARER "GPRS" is not a ProvCont BEARER value (GSM-GPRS is): a validation error, not a decoding one. */
const BAD_BEARER = `<?xml version="1.0"?>
${PROV_DOCTYPE}
<wap-provisioningdoc version="1.0"><characteristic type="NAPDEF"><parm name="NAME" value="Office"/><parm name="NAPID" value="NAP1"/><parm name="BEARER" value="GPRS"/><parm name="NAP-ADDRESS" value="apn.example"/><parm name="NAP-ADDRTYPE" value="APN"/></characteristic></wap-provisioningdoc>
`;

describe('checkCardDocument: what is refused, with the document, the byte offset and why', () => {
	it('refuses "00": a WBXML 1.0 version byte and then nothing where the public id must be (byte 1)', () => {
		const e = refusal(() => checkCardDocument('bootstrap', Uint8Array.of(0x00)));
		expect(e.code).toBe('not-wbxml');
		expect(e.offset).toBe(1);
		expect(e.message).toMatch(/^bootstrap: WBXML offset 0x1 \(byte 1\): not a WBXML document: /);
	});

	it('refuses a truncated document: NowSMS cut to 5 bytes announces a 6-byte string table at byte 3', () => {
		// 03 version, 0B PROV 1.0, 6A UTF-8, 06 = string table length (byte 3), then only "t" is left.
		const e = refusal(() => checkCardDocument('config1', NOWSMS_CP.slice(0, 5)));
		expect([e.code, e.offset, e.document]).toEqual(['not-wbxml', 3, 'config1']);
		expect(e.message).toMatch(/^config1: WBXML offset 0x3 \(byte 3\): not a WBXML document: /);
		// Cut before its last END (118 bytes → 117): the root element is never closed; the stream ends at byte 117.
		expect(refusal(() => checkCardDocument('bootstrap', NOWSMS_CP.slice(0, 117))).offset).toBe(117);
	});

	it('refuses bytes after the root element (the NowSMS document is 118 bytes; byte 118 is extra)', () => {
		const e = refusal(() => checkCardDocument('config2', Uint8Array.from([...NOWSMS_CP, 0x00])));
		expect([e.code, e.offset]).toEqual(['not-wbxml', 118]);
		expect(e.message).toMatch(/^config2: WBXML offset 0x76 \(byte 118\): not a WBXML document: /);
	});

	it('refuses a PROV document with a validation error, at the offset of the offending value', () => {
		// xml2wbxml: 03 0B 6A 00 | C5 46 01 | C6 55 01 | 87 07 06 03 "Office" 00 01 (10..21) | 87 11 06 03 "NAP1" 00 01
		// (22..31) | 87 10 06 … : the BEARER parm starts at 32, its value attribute (06) at byte 34.
		const e = refusal(() => checkCardDocument('bootstrap', xml2wbxml('bad-bearer', BAD_BEARER)));
		expect([e.code, e.offset]).toEqual(['invalid', 34]);
		expect(e.message).toMatch(/^bootstrap: WBXML offset 0x22 \(byte 34\): parm BEARER value "GPRS" .* \[value-enum\]$/);
	});

	it('refuses an empty wap-provisioningdoc (prov.dtd: characteristic+)', () => {
		// 03 0B 6A 00, then C5 = wap-provisioningdoc (05) with attributes and content (0xC0) at byte 4, END, END.
		const e = refusal(() => checkCardDocument('bootstrap', Uint8Array.from([0x03, 0x0b, 0x6a, 0x00, 0xc5, 0x01, 0x01])));
		expect(e.message).toBe('bootstrap: WBXML offset 0x4 (byte 4): <wap-provisioningdoc> holds no characteristic (prov.dtd: characteristic+)');
	});

	it('refuses a document in a language that is no provisioning document (DevInf 1.2 from xml2wbxml)', () => {
		const devinf = xml2wbxml(
			'devinf',
			'<?xml version="1.0"?>\n<!DOCTYPE DevInf PUBLIC "-//SYNCML//DTD DevInf 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/OMA-SyncML-Device_Information-DTD-1.2.dtd">\n' +
				'<DevInf xmlns="syncml:devinf"><VerDTD>1.2</VerDTD><Man>Acme</Man><Mod>X1</Mod><DevID>IMEI:490154203237518</DevID><DevTyp>phone</DevTyp></DevInf>\n'
		);
		const e = refusal(() => checkCardDocument('config1', devinf));
		expect(e.code).toBe('not-provisioning');
		expect(e.message).toMatch(/^config1: a DEVINF\d* document is not a provisioning document \(PROV, or a SyncML DM bootstrap\)$/);
	});

	it('accepts third-party PROV bytes and a SyncML DM bootstrap encoded by xml2wbxml', () => {
		expect(() => checkCardDocument('config1', NOWSMS_CP)).not.toThrow();
		const bootstrap = xml2wbxml('dm-bootstrap', readFileSync(join(REPO, 'tests/fixtures/dm/bootstrap-1.2.xml'), 'utf8'));
		expect(() => checkCardDocument('bootstrap', bootstrap)).not.toThrow();
	});

	it('accepts a DM 1.1 bootstrap: SyncML 1.1 from xml2wbxml (public id 9F 53)', () => {
		const dm11 = readFileSync(join(REPO, 'tests/fixtures/dm/bootstrap-1.2.xml'), 'utf8')
			.replace('-//SYNCML//DTD SyncML 1.2//EN', '-//SYNCML//DTD SyncML 1.1//EN')
			.replace('SYNCML:SYNCML1.2', 'SYNCML:SYNCML1.1')
			.replace('<VerDTD>1.2</VerDTD>', '<VerDTD>1.1</VerDTD>')
			.replace('<VerProto>DM/1.2</VerProto>', '<VerProto>DM/1.1</VerProto>');
		const bytes = xml2wbxml('dm11-bootstrap', dm11);
		expect([...bytes.subarray(0, 3)]).toEqual([0x03, 0x9f, 0x53]);
		expect(() => checkCardDocument('bootstrap', bytes)).not.toThrow();
	});

	it('checks XML on its own lines: a finding points at line and column', () => {
		const e = refusal(() => cardDocumentFromXml('bootstrap', BAD_BEARER));
		// Line 3 is the document line; the BEARER value attribute is where the finding points.
		expect(e.message).toMatch(/^bootstrap: line 3, column \d+: parm BEARER value "GPRS" /);
	});
});

describe('POST /api/card/write body: checked unless "raw": true', () => {
	const adm = '3838383838383838';
	const admFormat = 'hex';

	function refused(body: unknown): string {
		try {
			parseWriteRequest(body);
		} catch (e) {
			if (e instanceof RequestError) return e.message;
			throw e;
		}
		throw new Error('accepted');
	}

	it('refuses wbxmlHex "00" naming the field, and says how to write it anyway', () => {
		const message = refused({ documents: { bootstrap: { wbxmlHex: '00' } }, adm, admFormat });
		expect(message).toMatch(/^documents\.bootstrap: WBXML offset 0x1 \(byte 1\): not a WBXML document: .*\(nothing was written; "raw": true writes the bytes as they are\)$/);
		const config = refused({ documents: { bootstrap: { wbxmlHex: toHex(NOWSMS_CP) }, config2: { wbxmlHex: toHex(NOWSMS_CP.slice(0, 5)) } }, adm, admFormat });
		expect(config).toMatch(/^documents\.config2: WBXML offset 0x3 \(byte 3\): /);
	});

	it('writes the bytes as they are with "raw": true, and takes only a boolean there', () => {
		const r = parseWriteRequest({ documents: { bootstrap: { wbxmlHex: '00' } }, adm, admFormat, raw: true });
		expect(toHex(r.options.documents.bootstrap)).toBe('00');
		expect(r.options.raw).toBe(true);
		expect(refused({ documents: { bootstrap: { wbxmlHex: '00' } }, adm, admFormat, raw: 'yes' })).toBe('raw must be true or false');
	});
});

describe('writeDocuments: the last gate before the first APDU', () => {
	it('sends nothing to the card for a document that is no document', async () => {
		const { session } = sessionOn(simulator());
		const options = { documents: { bootstrap: Uint8Array.of(0x00) }, adm: ADM1, profile: PROFILES[DEFAULT_PROFILE] };
		await expect(writeDocuments(session, options)).rejects.toThrow(/^bootstrap: WBXML offset 0x1 \(byte 1\): not a WBXML document: /);
		expect(session.trace.entries).toEqual([]);
	});
});

describe('pstudio card write: refused before PC/SC is touched, --raw to write anyway', () => {
	/** PC/SC pointed at a socket that does not exist: reaching it would end in "PC/SC is not available", exit 1. */
	function cardWrite(...args: string[]): { code: number | null; stderr: string } {
		const r = spawnSync(process.execPath, [LAUNCHER, 'card', 'write', ...args], {
			cwd: dir,
			env: { ...process.env, PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm') },
			encoding: 'utf8'
		});
		return { code: r.status, stderr: r.stderr };
	}

	it('refuses truncated.wbxml in one line, exit 2, naming the file, the document, the offset', () => {
		writeFileSync(join(dir, 'truncated.wbxml'), NOWSMS_CP.slice(0, 5));
		const r = cardWrite('truncated.wbxml', '--adm', '3838383838383838');
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^pstudio: truncated\.wbxml: bootstrap: WBXML offset 0x3 \(byte 3\): not a WBXML document: .*\(nothing was written; --raw writes the bytes as they are\)\n$/);
		writeFileSync(join(dir, 'good.wbxml'), NOWSMS_CP);
		const config = cardWrite('good.wbxml', '--config1', 'truncated.wbxml', '--adm', '3838383838383838');
		expect(config.stderr).toMatch(/^pstudio: truncated\.wbxml: config1: WBXML offset 0x3 /);
	});

	it('passes the same bytes on to PC/SC with --raw (which then is not there: exit 1)', () => {
		writeFileSync(join(dir, 'truncated.wbxml'), NOWSMS_CP.slice(0, 5));
		const r = cardWrite('truncated.wbxml', '--raw', '--adm', '3838383838383838');
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/PC\/SC is not available/);
	});
});
