// Request bodies of /api/card/*: what is refused (400) and that no message ever repeats a key.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/codec/hex';
import { parseKeysRequest, parseWriteRequest, RequestError } from '../../../src/lib/server/card-service';
import { NOWSMS_CP } from '../card-provisioning/fixtures';

function refusal(body: unknown): string {
	try {
		parseWriteRequest(body);
	} catch (e) {
		if (e instanceof RequestError) return e.message;
		throw e;
	}
	throw new Error('accepted');
}

describe('parseWriteRequest', () => {
	it('takes WBXML hex as the exact bytes to write and ADM1 as an 8-byte secret', () => {
		const r = parseWriteRequest({ reader: 'R', documents: { bootstrap: { wbxmlHex: toHex(NOWSMS_CP) } }, adm: '3838383838383838', force: true });
		expect(r.reader).toBe('R');
		expect(toHex(r.options.documents.bootstrap)).toBe(toHex(NOWSMS_CP));
		expect(toHex(r.options.adm.reveal())).toBe('3838383838383838');
		expect(String(r.options.adm)).toBe('ADM1 ****');
		expect(r.options.force).toBe(true);
		expect(r.options.profile.id).toBe('oma-provsc');
	});

	it('refuses a bad key without repeating it', () => {
		const message = refusal({ documents: { bootstrap: { wbxmlHex: '030B6A00' } }, adm: 'secretZZ' });
		expect(message).toBe('ADM key must be 1..8 bytes of hex (e.g. 16 hex digits); got 8 characters that are not that');
		expect(message).not.toContain('secretZZ');
		const pin = refusal({ documents: { bootstrap: { wbxmlHex: '030B6A00' } }, adm: '3838383838383838', pin1: '12a4' });
		expect(pin).toBe('PIN1 must be 4..8 digits; got 4 characters that are not that');
	});

	it('refuses missing documents, missing ADM, bad XML and unknown profiles with the field named', () => {
		expect(refusal({ adm: '38' })).toBe('documents.bootstrap is required');
		expect(refusal({ documents: { bootstrap: { wbxmlHex: '03' } } })).toBe('adm (the ADM1 key in hex) is required to write');
		expect(refusal({ documents: { bootstrap: { xml: '<wap-provisioningdoc' } }, adm: '38' })).toMatch(/^documents\.bootstrap: /);
		expect(refusal({ documents: { bootstrap: 'x' }, adm: '38' })).toBe('documents.bootstrap must be { "xml": "..." } or { "wbxmlHex": "..." }');
		expect(refusal({ documents: { bootstrap: { wbxmlHex: '03' } }, adm: '38', profile: 'nope' })).toBe(
			'unknown profile "nope" (have: oma-provsc, oma-provsc-5015)'
		);
	});

	it('reads { reader, pin1 } for info and read', () => {
		const r = parseKeysRequest({ reader: 'Virtual PCD 00 01', pin1: '0000' });
		expect(r.reader).toBe('Virtual PCD 00 01');
		expect(r.keys.pin1?.revealText()).toBe('0000');
		expect(() => parseKeysRequest([])).toThrow('the body must be a JSON object');
	});
});
