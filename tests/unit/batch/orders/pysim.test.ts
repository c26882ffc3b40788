// pySim's encrypted CSV columns (card_key_provider.py: AES-CBC, IV 23…23, no padding, one key per column or per
// group). The ciphertexts come from OpenSSL run by this test (`openssl enc -aes-N-cbc -nopad`), and from the
// vectors of pySim's own unit test (tests/unittests/test_card_key_provider.py, computed there with pycryptodome).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openOrder, OrderError, parseColumnKey, readWholeOrder, type OrderRejection } from '../../../../src/lib/batch';
import { shown } from './helpers';

const IV = '23'.repeat(16);

/** The payload with its Luhn digit: from the right, every second digit doubled (9 off a double over 9). */
function withLuhn(payload: string): string {
	let sum = 0;
	for (let k = payload.length - 1, double = true; k >= 0; k--, double = !double) {
		let d = Number(payload[k]) * (double ? 2 : 1);
		if (d > 9) d -= 9;
		sum += d;
	}
	return `${payload}${(10 - (sum % 10)) % 10}`;
}

/** AES-CBC without padding, IV 23…23, by OpenSSL: hex in, hex out. */
function opensslEncrypt(keyHex: string, clearHex: string): string {
	const cipher = `aes-${keyHex.length * 4}-cbc`;
	const out = execFileSync('openssl', ['enc', `-${cipher}`, '-nopad', '-K', keyHex, '-iv', IV], { input: Buffer.from(clearHex, 'hex') });
	return out.toString('hex').toUpperCase();
}

function opensslDecrypt(keyHex: string, cipherHex: string): string {
	const cipher = `aes-${keyHex.length * 4}-cbc`;
	const out = execFileSync('openssl', ['enc', '-d', `-${cipher}`, '-nopad', '-K', keyHex, '-iv', IV], { input: Buffer.from(cipherHex, 'hex') });
	return out.toString('hex').toUpperCase();
}

const KEY_KI = '0123456789ABCDEF0123456789ABCDEF';
const KEY_OPC = 'F0E1D2C3B4A5968778695A4B3C2D1E0F00112233445566778899AABBCCDDEEFF';
const KEY_SCP02 = '000102030405060708090A0B0C0D0E0F1011121314151617';

const CLEAR = [
	{ iccid: '8949010000000000016', imsi: '262010000000002', ki: '000102030405060708090A0B0C0D0E0F', opc: 'A0A1A2A3A4A5A6A7A8A9AAABACADAEAF', kic: 'B0'.repeat(16), kid: 'C0'.repeat(32), kik: 'D0'.repeat(16) },
	{ iccid: '8949010000000000024', imsi: '262010000000003', ki: 'FFEEDDCCBBAA99887766554433221100', opc: '0F1E2D3C4B5A69788796A5B4C3D2E1F0', kic: 'B1'.repeat(16), kid: 'C1'.repeat(32), kik: 'D1'.repeat(16) }
];

function encryptedOrder(): string {
	const lines = ['iccid,imsi,ki,opc,uicc_scp02_kic1,uicc_scp02_kid1,uicc_scp02_kik1,pin_adm'];
	for (const c of CLEAR) {
		lines.push(
			[c.iccid, c.imsi, opensslEncrypt(KEY_KI, c.ki), opensslEncrypt(KEY_OPC, c.opc), opensslEncrypt(KEY_SCP02, c.kic), opensslEncrypt(KEY_SCP02, c.kid), opensslEncrypt(KEY_SCP02, c.kik), '88888888'].join(',')
		);
	}
	return `${lines.join('\n')}\n`;
}

const KEYS = [`ki:${KEY_KI}`, `OPC:${KEY_OPC}`, `UICC_SCP02:${KEY_SCP02}`].map(parseColumnKey);

describe('pySim encrypted columns', () => {
	it('decrypts an order OpenSSL encrypted (AES-128, AES-256, and AES-192 through the UICC_SCP02 group) to the clear values', async () => {
		const text = encryptedOrder();
		// The file really holds other bytes than the clear values.
		expect(text).not.toContain(CLEAR[0].ki);
		const order = await readWholeOrder(text, { columnKeys: KEYS });
		expect(order.rejections).toEqual([]);
		expect(order.header.columns.map((c) => `${c.key}:${c.kind}${c.encrypted ? '!' : ''}`)).toEqual([
			'ICCID:iccid',
			'IMSI:imsi',
			'KI:aka-key!',
			'OPC:aka-key!',
			'UICC_SCP02_KIC1:ota-key!',
			'UICC_SCP02_KID1:ota-key!',
			'UICC_SCP02_KIK1:ota-key!',
			'PIN_ADM:adm'
		]);
		expect(order.rows.map(shown)).toEqual(
			CLEAR.map((c) => [c.iccid, c.imsi, `KI=${c.ki}`, `OPC=${c.opc}`, `UICC_SCP02_KIC1=${c.kic}`, `UICC_SCP02_KID1=${c.kid}`, `UICC_SCP02_KIK1=${c.kik}`, 'PIN_ADM=3838383838383838'])
		);
		expect(order.summary.forms[2]).toEqual([{ form: 'decrypted', count: 2, firstLine: 2 }]);
	});

	it("decrypts the vectors of pySim's own test (pycryptodome), which OpenSSL decrypts alike", async () => {
		// test_card_key_provider.py: column keys KI, OPC, KIC1; the first row of test_card_key_provider.csv and the
		// values pySim expects back.
		const keys = { KI: '000424252525535532532A0B0C0D0E0F', OPC: '000102030405065545645645645D0E0F', KIC1: '06410203546406456456450B0C0D0E0F' };
		const row = { ki: 'AAAAAAAAAAA5435425AAAAAAAAAAAAAA', opc: '66666666666666666666666666666666', kic1: 'BBBBBBBBBB3324BBBBBBBB21212BBBBB' };
		const expected = { ki: '48A6D5F60567D45299E3BA08594009E7', opc: '81817574C1961DD272AD080EB2CAF279', kic1: '3EB8567FA0B4B1E63BCAB13BFF5F2702' };
		expect([opensslDecrypt(keys.KI, row.ki), opensslDecrypt(keys.OPC, row.opc), opensslDecrypt(keys.KIC1, row.kic1)]).toEqual([expected.ki, expected.opc, expected.kic1]);
		const csv = `"imsi","iccid","ki","opc","kic1"\n"901700000000001","8949440000001155314","${row.ki}","${row.opc}","${row.kic1}"\n`;
		const order = await readWholeOrder(csv, { columnKeys: Object.entries(keys).map(([field, key]) => parseColumnKey(`${field}:${key}`)) });
		expect(order.rows.map(shown)).toEqual([['901700000000001', '8949440000001155314', `KI=${expected.ki}`, `OPC=${expected.opc}`, `KIC1=${expected.kic1}`]]);
	});

	it('decrypts each value on its own IV whatever the batch (values of 16 and 32 bytes, many rows)', async () => {
		const lines = ['iccid,imsi,kic1'];
		const clear: string[] = [];
		for (let i = 0; i < 40; i++) {
			clear.push(String(i).padStart(2, '0').repeat(i % 3 === 0 ? 32 : 16));
			lines.push(`${withLuhn(`89490100000000${String(i).padStart(4, '0')}`)},2620100000${String(i).padStart(5, '0')},${opensslEncrypt(KEY_KI, clear[i])}`);
		}
		const order = await readWholeOrder(`${lines.join('\n')}\n`, { columnKeys: [parseColumnKey(`KIC1:${KEY_KI}`)] });
		expect(order.rejections).toEqual([]);
		expect(order.rows.map((r) => shown(r)[2])).toEqual(clear.map((c) => `KIC1=${c}`));
	});
});

describe('wrong column keys', () => {
	const text = 'ICCID,IMSI,KI,PIN1\n8949010000000000016,262010000000002,' + 'AB'.repeat(16) + ',1234\n';

	async function refusal(keys: string[]): Promise<OrderError> {
		try {
			await openOrder(text, { columnKeys: keys.map(parseColumnKey) });
		} catch (e) {
			if (e instanceof OrderError) return e;
			throw e;
		}
		throw new Error('the order was not refused');
	}

	function parseRefusal(text: string): string {
		try {
			parseColumnKey(text);
		} catch (e) {
			if (e instanceof OrderError && e.code === 'bad-column-key') return e.message;
			throw e;
		}
		throw new Error('the key was taken');
	}

	it('refuses a key for a column the order does not have, naming its columns', async () => {
		const e = await refusal([`KY:${KEY_KI}`]);
		expect(e.code).toBe('bad-column-key');
		expect(e.message).toBe('--column-key KY: the order has no column KY; its columns are ICCID, IMSI, KI, PIN1');
	});

	it('refuses a group none of whose columns the order has', async () => {
		expect((await refusal([`UICC_SCP03:${KEY_KI}`])).message).toBe(
			'--column-key UICC_SCP03: the order has none of the columns of group UICC_SCP03 (UICC_SCP03_KIC1, UICC_SCP03_KID1, UICC_SCP03_KIK1); its columns are ICCID, IMSI, KI, PIN1'
		);
	});

	it('refuses a key for a column whose values cannot be whole AES blocks', async () => {
		expect((await refusal([`PIN1:${KEY_KI}`])).message).toBe(
			'--column-key PIN1: column 4 (PIN1) cannot hold an encrypted value: AES-CBC without padding encrypts whole 16-byte blocks, and its values are not'
		);
	});

	it('refuses a column given two keys', async () => {
		const text2 = 'iccid,uicc_scp02_kic1\n8949010000000000016,' + 'AB'.repeat(16) + '\n';
		await expect(openOrder(text2, { columnKeys: [parseColumnKey(`UICC_SCP02:${KEY_KI}`), parseColumnKey(`UICC_SCP02_KIC1:${KEY_OPC}`)] })).rejects.toThrow(
			'column UICC_SCP02_KIC1 has two keys (--column-key UICC_SCP02 and UICC_SCP02_KIC1)'
		);
	});

	it('refuses a malformed key without repeating it', () => {
		expect(parseRefusal(KEY_KI)).toBe('--column-key is FIELD:HEX (a column or group name, a colon, the AES key in hex)');
		expect(parseRefusal('KI:0123456789ABCDEF0123456789ABCDEZ')).toBe('--column-key KI: character 32 of the key is not a hex digit');
		expect(parseRefusal('KI:0123456789ABCDEF0123456789ABCD')).toBe('--column-key KI: 30 hex digits; an AES key is 16, 24 or 32 bytes (32, 48 or 64 hex digits)');
	});

	it('sets aside a value that is not whole AES blocks, naming line and column', async () => {
		const order = await readWholeOrder('ICCID,KI\n8949010000000000016,' + 'AB'.repeat(15) + '\n8949010000000000024,' + 'AB'.repeat(16) + '\n', {
			columnKeys: [parseColumnKey(`KI:${KEY_KI}`)]
		});
		expect(order.rejections.map((r: OrderRejection) => r.message)).toEqual([
			'line 2, column 2 (KI): 30 hex digits, not whole 16-byte AES blocks (the column is decrypted with its --column-key: AES-CBC, no padding)'
		]);
		expect(order.rows.map((r) => r.line)).toEqual([3]);
	});

	it('cannot tell a wrong key of the right length: the value decrypts to other bytes (no check value in pySim or FS.28)', async () => {
		const clear = CLEAR[0].ki;
		const csv = `ICCID,KI\n8949010000000000016,${opensslEncrypt(KEY_KI, clear)}\n`;
		const wrong = '0123456789ABCDEF0123456789ABCDEE';
		const order = await readWholeOrder(csv, { columnKeys: [parseColumnKey(`KI:${wrong}`)] });
		expect(order.rejections).toEqual([]);
		expect(shown(order.rows[0])[1]).toBe(`KI=${opensslDecrypt(wrong, opensslEncrypt(KEY_KI, clear))}`);
		expect(shown(order.rows[0])[1]).not.toBe(`KI=${clear}`);
	});
});
