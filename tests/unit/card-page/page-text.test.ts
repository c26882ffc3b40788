// Where the Card page shows an error and what it says without a reader (src/lib/ui/card/page-text.ts). The error
// texts are the ones the server sends (session.ts VERIFY messages, http.ts field names, layout.ts size refusals,
// operations.ts reader failures), copied from their sources.
import { describe, expect, it } from 'vitest';
import { errorControl, planLine, readerAdvice } from '../../../src/lib/ui/card/page-text';

describe('errorControl: each error next to the control that caused it', () => {
	it.each([
		[{ code: 'STATUS', message: 'VERIFY ADM1 00 20 00 0A 08 ****: 63C9 verification failed, 9 retries left', apdu: 'VERIFY ADM1 00 20 00 0A 08 ****', sw: '63C9', retriesLeft: 9 }, 'adm'],
		[{ code: 'BAD_REQUEST', message: 'adm: ADM in hex mode needs 16 hex digits; 8 given — did you mean 8 digits mode?' }, 'adm'],
		[{ code: 'BAD_REQUEST', message: 'admFormat must be "digits" (8 decimal digits sent as ASCII, like pySim --adm) or "hex" (16 hex digits, like pySim --adm-hex)' }, 'adm'],
		[{ code: 'STATUS', message: 'VERIFY PIN1 00 20 00 01 08 ****: 63C2 verification failed, 2 retries left', apdu: 'VERIFY PIN1 00 20 00 01 08 ****' }, 'pin1'],
		[{ code: 'BAD_REQUEST', message: 'PIN1: character 3 is not a decimal digit (4..8 digits expected)' }, 'pin1'],
		[{ code: 'BAD_REQUEST', message: 'documents.config1: WBXML offset 0x3 (byte 3): not a WBXML document: …' }, 'config1'],
		[{ code: 'document-too-large', message: 'Config2 is 1500 bytes; EF 6E03 holds 1024' }, 'config2'],
		[{ code: 'STATUS', message: 'Bootstrap EF 3F00 7F50 6E01: UPDATE BINARY 00 D6 00 00 FF: 6581 memory problem' }, 'bootstrap'],
		[{ code: 'PCSC_UNAVAILABLE', message: 'PC/SC is not available (is pcscd running?): …' }, 'reader'],
		[{ code: 'NO_CARD', message: 'no card in any reader (Virtual PCD 00 00)' }, 'reader'],
		[{ code: 'ef-dir-full', message: 'EF.DIR 2F00 has no free record among 4 (USIM/ISIM records are never overwritten)' }, 'write']
	] as const)('%j → %s', (error, control) => {
		expect(errorControl(error)).toBe(control);
	});
});

describe('readerAdvice: the readers are the server machine\'s, and what to do without one', () => {
	it('says how to start pcscd, or the demo reader, when pcscd is not running', () => {
		expect(readerAdvice([], { code: 'PCSC_UNAVAILABLE', message: 'PC/SC is not available (is pcscd running?): SCardEstablishContext error: Service not available' })).toBe(
			"pcscd is not running on the server's machine. Start it there: `sudo systemctl start pcscd` (a USB reader is then found by itself). No card reader? `npm start` starts pcscd with the simulated card when none runs; `bash scripts/card/demo-reader.sh` does the same without the studio."
		);
	});

	it('points at the simulated card when only an empty vpcd reader is there, and says nothing when a card is in', () => {
		expect(readerAdvice([{ name: 'Virtual PCD 00 00', present: false, simulated: true }], undefined)).toMatch(/^No card in any reader\. The vpcd reader is empty: attach the simulated card with `npx pstudio sim`/);
		expect(readerAdvice([{ name: 'ACS ACR39U 00 00', present: false }], undefined)).toBe("No card in any reader: put one in the reader on the server's machine.");
		expect(readerAdvice([{ name: 'ACS ACR39U 00 00', present: true, atr: '3B00' }], undefined)).toBe('');
		expect(readerAdvice([], undefined)).toMatch(/^pcscd runs but finds no reader on the server's machine: plug one in there/);
	});
});

describe('planLine: one line per file of the confirmation', () => {
	it('names the file, what happens to it, and its size and use after the write', () => {
		expect(planLine({ role: 'bootstrap', label: 'Bootstrap', path: '3F00 7F50 6E01', action: 'replace', sizeNow: 2048, sizeAfter: 2048, contentNow: 0, contentAfter: 118, changes: true })).toBe(
			'Bootstrap 3F00 7F50 6E01: replaced: content changes, 2048 B, 118 used'
		);
		expect(planLine({ role: 'dir', label: 'EF.DIR', path: '3F00 2F00', record: 2, action: 'replace', sizeNow: 32, sizeAfter: 32, contentNow: 27, contentAfter: 27, changes: false })).toBe(
			'EF.DIR 3F00 2F00 record 2: replaced: same bytes, 32 B, 27 used'
		);
		expect(planLine({ role: 'config2', label: 'Config2', path: '3F00 7F50 6E03', action: 'leave', sizeNow: 1024, sizeAfter: 1024, contentNow: 0, changes: false })).toBe('Config2 3F00 7F50 6E03: left alone, 1024 B, empty');
		expect(planLine({ role: 'config1', label: 'Config1', path: '3F00 7F50 6E02', action: 'create', sizeAfter: 1024, contentAfter: 132, changes: true })).toBe('Config1 3F00 7F50 6E02: created, 1024 B, 132 used');
	});
});
