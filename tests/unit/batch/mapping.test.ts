// Order columns → template placeholders: same name by default (any case, as the order readers compare column
// names), a map file (`PLACEHOLDER=COLUMN` lines or a JSON object) overriding it, every problem one line naming
// the map line.
import { describe, expect, it } from 'vitest';
import { BatchError, mapColumns, parseColumnMap, readWholeOrder, type MapEntry } from '../../../src/lib/batch/index';
import { compileCpTemplate, type Template } from '../../../src/lib/documents/template/index';
import { Secret } from '../../../src/lib/security/index';

const TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="\${apn}"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHNAME" value="\${User}"/>
      <parm name="AUTHSECRET" value="\${PIN1}"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

function template(): Template {
	const compiled = compileCpTemplate(TEMPLATE);
	if (!compiled.ok) throw new Error(compiled.findings.map((f) => f.message).join('\n'));
	return compiled.template;
}

const ORDER = 'ICCID,IMSI,Apn,Login Name,PIN1\n89490200001234567892,262011234567890,internet.example,alice,1234\n';

async function header() {
	return (await readWholeOrder(ORDER)).header;
}

describe('parseColumnMap', () => {
	it('reads PLACEHOLDER=COLUMN lines, skipping comments and blank lines, spaces trimmed', () => {
		expect(parseColumnMap('# map for order 42\n\nUser = Login Name\r\n  ${APN}=Apn  \n')).toEqual([
			{ placeholder: 'User', column: 'Login Name', line: 3 },
			{ placeholder: 'APN', column: 'Apn', line: 4 }
		]);
	});

	it('reads a JSON object, each entry with the line its key is on', () => {
		expect(parseColumnMap('{\n  "User": "Login Name",\n  "APN": "Apn"\n}\n')).toEqual([
			{ placeholder: 'User', column: 'Login Name', line: 2 },
			{ placeholder: 'APN', column: 'Apn', line: 3 }
		]);
	});

	const bad: [string, string, string][] = [
		['a line without =', 'APN=Apn\nUser Login\n', "map line 2: no '=': a map line is PLACEHOLDER=COLUMN"],
		['nothing before =', '=Apn\n', "map line 1: no placeholder before '=': a map line is PLACEHOLDER=COLUMN"],
		['nothing after =', '# x\nAPN=\n', "map line 2: no column after '=' for APN"],
		['a name that is no placeholder', '1APN=Apn\n', 'map line 1: "1APN" is not a placeholder name (letters, digits and _, not starting with a digit)'],
		['a placeholder mapped twice', 'APN=Apn\nUser=x\nAPN=y\n', 'map line 3: APN is mapped again (first on map line 1)'],
		['JSON that is not an object', '[1]', 'map line 1: a JSON map is an object of "PLACEHOLDER": "COLUMN"'],
		['a JSON column that is not a string', '{\n "APN": 3\n}', 'map line 2: the column of "APN" is number, not a string']
	];
	for (const [what, text, message] of bad) {
		it(`refuses ${what} with one line naming the map line`, () => {
			let caught: unknown;
			try {
				parseColumnMap(text);
			} catch (e) {
				caught = e;
			}
			expect(caught).toBeInstanceOf(BatchError);
			expect((caught as BatchError).code).toBe('bad-map');
			expect((caught as BatchError).message).toBe(message);
		});
	}
});

describe('mapColumns', () => {
	it('binds each placeholder to the column of the same name in any case, and hands a row the values in placeholder order', async () => {
		const t = template();
		const h = await header();
		const mapping = mapColumns(t.placeholders, h, parseColumnMap('User=login name\n'));
		expect(mapping.ok).toBe(true);
		expect(mapping.findings).toEqual([]);
		expect(t.placeholders.map((p) => p.name)).toEqual(['apn', 'APN', 'User', 'PIN1']);
		expect(mapping.bindings.map((b) => [b.placeholder, b.column?.name, b.by, b.line])).toEqual([
			['apn', 'Apn', 'name', undefined],
			['APN', 'Apn', 'name', undefined],
			['User', 'Login Name', 'map', 1],
			['PIN1', 'PIN1', 'name', undefined]
		]);
		expect(mapping.columnNames).toEqual(['Apn', 'Apn', 'Login Name', 'PIN1']);
		const order = await readWholeOrder(ORDER);
		const values = mapping.values(order.rows[0]);
		expect(values.slice(0, 3)).toEqual(['internet.example', 'internet.example', 'alice']);
		// PIN1 is a secret column: its value stays a Secret into the template.
		expect(values[3]).toBeInstanceOf(Secret);
		expect((values[3] as Secret).revealText()).toBe('1234');
	});

	it('hands a key column (KI, a hex ADM) to a placeholder as the hex the order wrote, still a Secret', async () => {
		// The order reader keeps KI as its 16 bytes (TS 35.206) and PIN_ADM_HEX as its 8; a template placeholder takes
		// text, so it must get the 32 / 16 hex digits back (upper case, as bureau files write keys), not those bytes
		// read as UTF-8 (0x9A, 0xF1 … are no UTF-8 at all: U+FFFD). An ADM of 8 ASCII digits stays its digits.
		const t = template();
		const order = await readWholeOrder('ICCID,IMSI,Apn,Login Name,PIN1,KI,PIN_ADM_HEX,ADM1\n89490200001234567892,262011234567890,x,y,1234,9af1c0de00112233445566778899aabb,3f00a1b2c3d4e5f6,12345678\n');
		const mapping = mapColumns(t.placeholders, order.header, parseColumnMap('apn=KI\nAPN=PIN_ADM_HEX\nUser=ADM1\n'));
		expect(mapping.findings).toEqual([]);
		const values = mapping.values(order.rows[0]);
		expect(values.slice(0, 3).map((v) => (v instanceof Secret ? v.revealText() : v))).toEqual(['9AF1C0DE00112233445566778899AABB', '3F00A1B2C3D4E5F6', '12345678']);
		expect(values.slice(0, 3).every((v) => v instanceof Secret)).toBe(true);
	});

	it('says which placeholder has no column, and which map line names an unknown placeholder or column', async () => {
		const t = template();
		const h = await header();
		const entries: MapEntry[] = parseColumnMap('APN=Access Point\nNOPE=IMSI\n');
		const mapping = mapColumns(t.placeholders, h, entries);
		expect(mapping.ok).toBe(false);
		expect(mapping.findings).toEqual([
			{ rule: 'mapping-unknown', severity: 'error', message: 'map line 2: the template has no placeholder NOPE (its placeholders: apn, APN, User, PIN1)', placeholder: 'NOPE', line: 2 },
			{
				rule: 'mapping-unknown',
				severity: 'error',
				message: 'map line 1: APN is mapped to column "Access Point", which the order does not have (its columns: ICCID, IMSI, Apn, Login Name, PIN1)',
				placeholder: 'APN',
				column: 'Access Point',
				line: 1
			},
			{
				rule: 'placeholder-unbound',
				severity: 'error',
				message: '${User} has no column: the order has no column User and the map does not name one (its columns: ICCID, IMSI, Apn, Login Name, PIN1)',
				placeholder: 'User',
				line: 0
			}
		]);
		// A map line naming the placeholder in another case means the same placeholder (exact match first).
		expect(mapColumns(t.placeholders, h, parseColumnMap('user=Login Name')).ok).toBe(true);
	});
});
