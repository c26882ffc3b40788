// Runs the real `pstudio` launcher (bin/pstudio.js → the compiled CLI in dist/cli/, built on demand) as a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../../../src/lib/codec/hex';

const LAUNCHER = fileURLToPath(new URL('../../../bin/pstudio.js', import.meta.url));

export interface CliResult {
	code: number | null;
	stdout: Buffer;
	stderr: string;
}

export function pstudio(args: readonly string[], options: { cwd: string; stdin?: string | Uint8Array }): CliResult {
	const result = spawnSync(process.execPath, [LAUNCHER, ...args], {
		cwd: options.cwd,
		input: options.stdin ?? '',
		maxBuffer: 64 * 1024 * 1024
	});
	if (result.error) throw result.error;
	return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** A fresh temp folder per test, removed afterwards by the returned cleanup. */
export function tempFolder(): { dir: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'pstudio-cli-'));
	return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every name in a folder, hidden temp files included: proves no partial output was left behind. */
export function listing(dir: string): string[] {
	return readdirSync(dir).sort();
}

/** Output bytes as '03 0B 6A …', the form the expected values below are written in. */
export function hex(bytes: Uint8Array): string {
	return toHex(bytes, ' ');
}

export const DOCTYPE_PROV =
	'<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">';

/** One NAPDEF with one tokenized parm: the smallest document that exercises tags, attribute starts and values. */
export const BEARER_DOC = `<?xml version="1.0"?>
${DOCTYPE_PROV}
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="BEARER" value="GSM-GPRS"/>
  </characteristic>
</wap-provisioningdoc>
`;

/*
 * BEARER_DOC as WBXML 1.3, worked out by hand from WAP-192 and the PROV tables (spec/client-provisioning.md),
 * and identical to `xml2wbxml` (libwbxml 0.11.8) output for the same file:
 *   03        version 1.3 (WAP-192 §5.4)
 *   0B        public id -//WAPFORUM//DTD PROV 1.0//EN (§5.5)
 *   6A        charset UTF-8, IANA MIBenum 106 (§5.6)
 *   00        string table length 0 (no string repeats)
 *   C5        wap-provisioningdoc: tag 0x05 | 0x80 attributes | 0x40 content
 *   46        version="1.0" (attribute start 0x46)
 *   01        END of attributes
 *   C6 55 01  characteristic type=NAPDEF (0x55), END of attributes
 *   87        parm: tag 0x07 | 0x80 attributes, no content
 *   10 06 AB  name=BEARER, value=, GSM-GPRS (attribute value 0xAB)
 *   01        END of parm attributes
 *   01 01     END characteristic, END wap-provisioningdoc
 */
export const BEARER_WBXML = '03 0B 6A 00 C5 46 01 C6 55 01 87 10 06 AB 01 01 01';

/** Two parms with the same value "NAP1": the one string the string table holds. */
export const NAP1_DOC = `<?xml version="1.0"?>
${DOCTYPE_PROV}
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="NAP1"/>
    <parm name="NAPID" value="NAP1"/>
  </characteristic>
</wap-provisioningdoc>
`;

/*
 * With a string table (xml2wbxml default gives the same bytes): table length 05 = "NAP1\0";
 * 87 07 06 83 00 01 = parm name=NAME value= STR_T offset 0; 87 11 06 83 00 01 = NAPID the same.
 */
export const NAP1_WBXML_TABLE = '03 0B 6A 05 4E 41 50 31 00 C5 46 01 C6 55 01 87 07 06 83 00 01 87 11 06 83 00 01 01 01';
/* Without (xml2wbxml -n gives the same bytes): table length 00; each value is STR_I 03 "NAP1" 00. */
export const NAP1_WBXML_INLINE =
	'03 0B 6A 00 C5 46 01 C6 55 01 87 07 06 03 4E 41 50 31 00 01 87 11 06 03 4E 41 50 31 00 01 01 01';
