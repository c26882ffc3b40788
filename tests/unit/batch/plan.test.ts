// The plan: columns found, the mapping, the first rows with their findings, and counts that are the export's own
// (the order reader's rejections, the template's, the signature's), with nothing written.
import { describe, expect, it } from 'vitest';
import { BatchError, parseColumnMap, planBatch } from '../../../src/lib/batch/index';
import { compileCpTemplate, type Template } from '../../../src/lib/documents/template/index';

export const PORT_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<wap-provisioningdoc version="1.1">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="NAP1"/>
    <parm name="NAME" value="Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="PX1"/>
    <parm name="NAME" value="Proxy"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="PHY1"/>
      <parm name="PXADDR" value="10.0.0.1"/>
      <parm name="PXADDRTYPE" value="IPV4"/>
      <parm name="TO-NAPID" value="NAP1"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="\${PORT}"/>
      </characteristic>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

function template(text = PORT_TEMPLATE): Template {
	const compiled = compileCpTemplate(text);
	if (!compiled.ok) throw new Error(compiled.findings.map((f) => f.message).join('\n'));
	return compiled.template;
}

// ICCID check digits computed by hand (Luhn over the first 19 digits): ...0001 → 3, ...0002 → 1, ...0003 → 9,
// ...0004 → 7. Row 2's ICCID ends in 2 where its Luhn digit is 1.
const ORDER = [
	'ICCID,IMSI,MSISDN,PIN1,Access Point,PORT',
	'89490200000000000013,262010000000001,491700000001,1234,apn.one,8080',
	'89490200000000000022,262010000000002,491700000002,1234,apn.two,8080',
	'89490200000000000039,262010000000003,491700000003,1234,apn.three,70000',
	'89490200000000000047,,491700000004,1234,apn.four,9201',
	'89490200000000000013,262010000000005,491700000005,1234,apn.five,9201'
].join('\n');

describe('planBatch', () => {
	it('shows the first rows with their findings and counts the export would make, with NETWPIN', async () => {
		const plan = await planBatch(template(), ORDER, parseColumnMap('APN=Access Point'), { previewRows: 4, sec: 'NETWPIN' });
		expect(plan.header.columns.map((c) => c.name)).toEqual(['ICCID', 'IMSI', 'MSISDN', 'PIN1', 'Access Point', 'PORT']);
		expect(plan.mapping.ok).toBe(true);
		expect(plan.mapping.bindings.map((b) => `${b.placeholder}<-${b.column?.name}`)).toEqual(['APN<-Access Point', 'PORT<-PORT']);
		expect(plan.identity.iccid?.name).toBe('ICCID');
		expect(plan.identity.imsi?.name).toBe('IMSI');
		expect(plan.preview.map((p) => [p.row, p.line, p.ok, p.values])).toEqual([
			[1, 2, true, ['apn.one', '8080']],
			[2, 3, false, []],
			[3, 4, false, ['apn.three', '70000']],
			[4, 5, false, ['apn.four', '9201']]
		]);
		expect(plan.preview[1].rejected).toMatchObject([{ row: 2, line: 3, column: 'ICCID', code: 'bad-value' }]);
		expect(plan.preview[2].rejected).toEqual([{ row: 3, line: 4, column: 'PORT', code: 'value-port', reason: 'parm PORTNBR value "70000" is not an integer from 0 to 65535' }]);
		// ProvBoot §5: NETWPIN is keyed by the IMSI; an empty IMSI cell sets the row aside naming the column.
		expect(plan.preview[3].rejected).toEqual([{ row: 4, line: 5, column: 'IMSI', code: 'missing-imsi', reason: 'SEC=NETWPIN needs the IMSI; none was given' }]);
		// Row 5 repeats row 1's ICCID: the reader sets it aside.
		expect(plan.counts).toEqual({ rows: 5, good: 1, rejected: 4 });
		expect(plan.error).toBeUndefined();
	});

	it('reports mapping findings and still counts what the order reader accepts, expanding nothing', async () => {
		const plan = await planBatch(template(), ORDER, [], { previewRows: 2 });
		expect(plan.mapping.ok).toBe(false);
		expect(plan.mapping.findings.map((f) => f.message)).toEqual([
			'${APN} has no column: the order has no column APN and the map does not name one (its columns: ICCID, IMSI, MSISDN, PIN1, Access Point, PORT)'
		]);
		expect(plan.preview.map((p) => [p.row, p.ok])).toEqual([
			[1, true],
			[2, false]
		]);
		expect(plan.counts).toEqual({ rows: 5, good: 3, rejected: 2 });
	});

	it('refuses a signing choice the order cannot give, in one line', async () => {
		const order = 'ICCID,APN,PORT\n89490200000000000013,apn,80\n';
		await expect(planBatch(template(), order, [], { sec: 'NETWPIN' })).rejects.toThrow(
			new BatchError('bad-option', "SEC=NETWPIN needs each row's IMSI; the order has no IMSI column (its columns: ICCID, APN, PORT)")
		);
		await expect(planBatch(template(), order, [], { sec: 'USERPINMAC' })).rejects.toThrow(
			'SEC=USERPINMAC gives every card a PIN to type; a batch signs with NETWPIN, USERPIN or USERNETWPIN'
		);
	});

	it('stops at once on an aborted signal', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(planBatch(template(), ORDER, [], { signal: controller.signal })).rejects.toThrow();
	});
});
