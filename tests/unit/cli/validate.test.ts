import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BEARER_DOC, DOCTYPE_PROV, pstudio, tempFolder } from './run-cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempFolder()));
afterEach(() => cleanup());

// A NAPDEF with every parm the rules expect (NAPID, NAME, BEARER, NAP-ADDRESS + its type).
const VALID = `<?xml version="1.0"?>
${DOCTYPE_PROV}
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Example GPRS"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
</wap-provisioningdoc>
`;
// GSM-GPRSX is not one of the 25 BEARER values (ProvCont §7.3 tokens 0xA2–0xBA); GSM-GPRS is one edit away (issue 8 §9). Line 7; `value=` starts at
// column 25: four spaces and `<parm name="BEARER" ` (20 characters) come before it.
const BAD_BEARER = VALID.replace('GSM-GPRS"', 'GSM-GPRSX"');
const BEARER_MESSAGE = 'parm BEARER value "GSM-GPRSX" is not one of the 25 BEARER values; did you mean GSM-GPRS?';

describe('pstudio validate', () => {
	it('prints nothing and exits 0 for a valid document', () => {
		writeFileSync(join(dir, 'ok.xml'), VALID);
		const r = pstudio(['validate', 'ok.xml'], { cwd: dir });
		expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
	});

	it('prints an error finding as file:line:col severity rule message and exits 1', () => {
		writeFileSync(join(dir, 'bad.xml'), BAD_BEARER);
		const r = pstudio(['validate', 'bad.xml'], { cwd: dir });
		expect(r.code).toBe(1);
		expect(r.stderr).toBe('');
		expect(r.stdout.toString()).toBe(`bad.xml:7:25 error value-enum ${BEARER_MESSAGE}\n`);
	});

	it('exits 0 when the findings are only warnings, printed in line order', () => {
		// BEARER_DOC lacks NAPID, NAME and NAP-ADDRESS: warnings at the characteristic (line 4, column 3).
		writeFileSync(join(dir, 'thin.xml'), BEARER_DOC);
		const r = pstudio(['validate', 'thin.xml'], { cwd: dir });
		expect(r.code).toBe(0);
		// NAPDEF's required parms (client-provisioning.md §5, unverified: warnings) in schema order, minus BEARER.
		expect(r.stdout.toString()).toBe(
			['NAPID', 'NAME', 'NAP-ADDRESS'].map((p) => `thin.xml:4:3 warning parm-required characteristic NAPDEF has no parm ${p} (required)\n`).join('')
		);
	});

	it('prints the finding as a JSON array with its file for --json', () => {
		writeFileSync(join(dir, 'bad.xml'), BAD_BEARER);
		const r = pstudio(['validate', 'bad.xml', '--json'], { cwd: dir });
		expect(r.code).toBe(1);
		expect(JSON.parse(r.stdout.toString())).toEqual([
			{ file: 'bad.xml', rule: 'value-enum', severity: 'error', message: BEARER_MESSAGE, line: 7, column: 25 }
		]);
	});

	it('reads stdin for "-" and names it <stdin>', () => {
		const r = pstudio(['validate', '-'], { cwd: dir, stdin: BAD_BEARER });
		expect(r.code).toBe(1);
		expect(r.stdout.toString()).toBe(`<stdin>:7:25 error value-enum ${BEARER_MESSAGE}\n`);
	});

	it('reports malformed XML on one stderr line with its position and exits 2', () => {
		writeFileSync(join(dir, 'broken.xml'), '<wap-provisioningdoc>\n  <characteristic type="NAPDEF">\n</wap-provisioningdoc>\n');
		const r = pstudio(['validate', 'broken.xml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stdout.toString()).toBe('');
		expect(r.stderr).toBe('pstudio: broken.xml:2:3: unclosed tag <characteristic>: no </characteristic> before </wap-provisioningdoc> at line 3, column 1\n');
	});

	it('reports a document that is not a wap-provisioningdoc on one line and exits 2', () => {
		writeFileSync(join(dir, 'other.xml'), '<?xml version="1.0"?>\n<SyncML/>\n');
		const r = pstudio(['validate', 'other.xml'], { cwd: dir });
		expect(r.code).toBe(2);
		expect(r.stderr).toBe('pstudio: other.xml:2:1: root element is <SyncML>, expected <wap-provisioningdoc>\n');
	});

	it('prints its usage for --help', () => {
		const r = pstudio(['validate', '--help'], { cwd: dir });
		expect(r.code).toBe(0);
		expect(r.stdout.toString()).toMatch(/^Usage: pstudio validate <in\.xml\|->\.\.\. \[options\]\n/);
	});
});
