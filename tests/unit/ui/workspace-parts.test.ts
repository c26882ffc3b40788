// The small rules of the workspace pages: what blocks signing / sending / writing a card (issue 9 Build 5), the
// names of new documents and of downloads, how times are shown, what a remembered id may be.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/lib/documents/provcont';
import type { SecretField } from '../../../src/lib/library';
import { fieldList, gate } from '../../../src/lib/ui/workspace/gate';
import { downloadName, fileBaseName, libraryFileName } from '../../../src/lib/ui/workspace/file-names';
import { kindOfText, nameOfFile, TEMPLATES, template, uniqueName } from '../../../src/lib/ui/workspace/templates';
import { exactTime, whenText } from '../../../src/lib/ui/workspace/time';
import { LAST_DOCUMENT_KEY, readLastDocument, rememberLastDocument } from '../../../src/lib/ui/workspace/last-document';
import { analyseDocument } from '../../../src/lib/ui/analyse';
import { dmAccountFindings } from '../../../src/lib/ui/editor';

const error: Finding = { rule: 'value-enum', severity: 'error', message: 'BEARER is one of …, found "GSM-GPRSX"', line: 7, column: 25 };
const warning: Finding = { rule: 'flag-value', severity: 'warning', message: 'parm INTERNET takes no value, found "1"', line: 8, column: 5 };
const secret: SecretField = { name: 'AAUTHSECRET', path: 'APPLICATION[1]/APPAUTH[1]/AAUTHSECRET', line: 12, column: 39 };

describe('the gate before signing, sending or writing a card', () => {
	it('lets a CP document without errors and missing secrets through, counting its warnings', () => {
		expect(gate({ kind: 'cp', findings: [warning], missingSecrets: [] }, 'sign')).toEqual({ allowed: true, warnings: 1 });
		expect(gate({ kind: 'cp', findings: [], missingSecrets: [] }, 'write')).toEqual({ allowed: true, warnings: 0 });
	});
	it('blocks on an error and names the first one with its place', () => {
		expect(gate({ kind: 'cp', findings: [warning, error], missingSecrets: [] }, 'sign')).toEqual({
			allowed: false,
			reason: 'Not signed: line 7:25: BEARER is one of …, found "GSM-GPRSX". Fix the errors first.'
		});
		expect(gate({ kind: 'cp', findings: [error, error, error], missingSecrets: [] }, 'write')).toEqual({
			allowed: false,
			reason: 'Not written to a card: line 7:25: BEARER is one of …, found "GSM-GPRSX" (and 2 more errors). Fix the errors first.'
		});
	});
	it('blocks on a secret to enter again, naming it and its line', () => {
		expect(gate({ kind: 'cp', findings: [], missingSecrets: [secret] }, 'send')).toEqual({
			allowed: false,
			reason: 'Not sent: enter AAUTHSECRET (line 12) again (not kept in this browser).'
		});
		expect(fieldList([secret, { ...secret, name: 'PXAUTH-PW', line: 20 }])).toBe('AAUTHSECRET (line 12) and 1 more');
	});
	it('blocks a template (a ${NAME} placeholder in the text), naming the first placeholder and its line', () => {
		const text = '<?xml version="1.0"?>\n<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n    <parm name="NAP-ADDRESS" value="${APN}"/>\n</wap-provisioningdoc>\n';
		expect(gate({ kind: 'cp', findings: [], missingSecrets: [], text }, 'write')).toEqual({
			allowed: false,
			reason: 'Not written to a card: ${APN} (line 4) is a placeholder: this is a template, filled per card by the Batch page or `pstudio batch`.'
		});
		// "${" that makes no placeholder is text (the validator has its say on it): not a template.
		expect(gate({ kind: 'cp', findings: [], missingSecrets: [], text: text.replace('${APN}', '${1}') }, 'sign')).toEqual({ allowed: true, warnings: 0 });
	});
	it('blocks while the findings are being computed, with no document, and for a DM account', () => {
		expect(gate({ kind: 'cp', findings: undefined, missingSecrets: [] }, 'sign')).toEqual({ allowed: false, reason: 'Checking the document…' });
		expect(gate({ kind: undefined, findings: [], missingSecrets: [] }, 'sign')).toEqual({ allowed: false, reason: 'No document is open: open one in the library.' });
		expect(gate({ kind: 'dm-account', findings: [], missingSecrets: [] }, 'write')).toEqual({
			allowed: false,
			reason: 'Only a CP document can be written to a card: the open document is a DM account.'
		});
	});
});

describe('templates', () => {
	it('offers an empty CP document (whose one finding asks for a characteristic), the sample and a DM account (and the starters: starter-templates.test.ts)', () => {
		expect(TEMPLATES.filter((t) => !t.starter).map((t) => [t.id, t.kind, t.name])).toEqual([
			['cp-empty', 'cp', 'Untitled'],
			['cp-sample', 'cp', 'Sample'],
			['dm-account', 'dm-account', 'DM account']
		]);
		// ProvCont §5: a wap-provisioningdoc holds at least one characteristic; the empty one is to be filled.
		expect(analyseDocument(template('cp-empty').text, { version: 3, stringTable: true }).findings.map((f) => [f.rule, f.line, f.message])).toEqual([
			['empty-document', 3, 'wap-provisioningdoc has no characteristic (at least one expected)']
		]);
		expect(analyseDocument(template('cp-sample').text, { version: 3, stringTable: true }).findings).toEqual([]);
		expect(dmAccountFindings(template('dm-account').text)).toEqual([]);
	});
	it('numbers a name already taken, without regard to case', () => {
		expect(uniqueName('Sample', [])).toBe('Sample');
		expect(uniqueName('Sample', ['sample', 'Sample 2', 'Other'])).toBe('Sample 3');
	});
	it('names a document after its file and tells a DM account by its root', () => {
		expect(nameOfFile('office-apn.xml')).toBe('office-apn');
		expect(nameOfFile('/home/op/Office APN.XML')).toBe('Office APN');
		expect(nameOfFile('.xml')).toBe('Untitled');
		expect(nameOfFile('vendor-push.WBXML')).toBe('vendor-push');
		expect(kindOfText('<?xml version="1.0"?>\n<!DOCTYPE DMAcc>\n<!-- <wap-provisioningdoc> -->\n<DMAcc/>')).toBe('dm-account');
		expect(kindOfText('<wap-provisioningdoc/>')).toBe('cp');
		expect(kindOfText('')).toBe('cp');
	});
});

describe('download names', () => {
	it('are the document\'s own name with the extension', () => {
		expect(downloadName('APN Vodafone', 'wbxml')).toBe('APN Vodafone.wbxml');
		expect(downloadName('office-apn.xml', 'wbxml')).toBe('office-apn.wbxml');
	});
	it('replace what file systems refuse', () => {
		expect(fileBaseName('a/b\\c:d*e?f"g<h>i|j\tk')).toBe('a_b_c_d_e_f_g_h_i_j_k');
		expect(fileBaseName('  ...  ')).toBe('document');
		expect(fileBaseName('name. ')).toBe('name');
	});
	it('date the library export', () => {
		expect(libraryFileName(new Date(2025, 2, 1, 23, 59))).toBe('provisioning-studio-library-2025-03-01.json');
	});
});

describe('times in lists', () => {
	const now = new Date(2025, 2, 10, 15, 30, 0).getTime();
	it('say how recent, then the day and time', () => {
		expect(whenText(now - 20_000, now)).toBe('just now');
		expect(whenText(now - 4 * 60_000, now)).toBe('4 min ago');
		expect(whenText(new Date(2025, 2, 10, 9, 5).getTime(), now)).toBe('today 09:05');
		expect(whenText(new Date(2025, 2, 9, 23, 59).getTime(), now)).toBe('yesterday 23:59');
		expect(whenText(new Date(2025, 0, 3, 8, 0).getTime(), now)).toBe('3 Jan 08:00');
		expect(whenText(new Date(2024, 11, 31, 8, 0).getTime(), now)).toBe('31 Dec 2024');
		expect(exactTime(new Date(2025, 2, 1, 4, 5, 6).getTime())).toBe('2025-03-01 04:05:06');
	});
});

describe('the document open last', () => {
	it('is remembered as its id alone and read back only when it looks like an id', () => {
		const map = new Map<string, string>();
		const store = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
		rememberLastDocument(store, '0b9d2c8e-1f7a-4c55-9a1e-3d2f6a7b8c9d');
		expect([...map]).toEqual([[LAST_DOCUMENT_KEY, '0b9d2c8e-1f7a-4c55-9a1e-3d2f6a7b8c9d']]);
		expect(readLastDocument(store)).toBe('0b9d2c8e-1f7a-4c55-9a1e-3d2f6a7b8c9d');
		map.set(LAST_DOCUMENT_KEY, '<wap-provisioningdoc>');
		expect(readLastDocument(store)).toBeUndefined();
		rememberLastDocument(store, undefined);
		expect(map.size).toBe(0);
		const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
		expect(readLastDocument(refusing)).toBeUndefined();
		expect(() => rememberLastDocument(refusing, 'abc')).not.toThrow();
	});
});
