// A generated wap-provisioningdoc of about `lines` lines for trying the editor at size: NAPDEFs, PXLOGICALs (with a
// PXPHYSICAL and a PORT naming the NAPDEF) and APPLICATIONs (naming the proxy and the NAPDEF), in turn. Every
// reference resolves, so the document has no error finding.
export function generateDocument(lines: number): string {
	const out = ['<?xml version="1.0"?>', '<wap-provisioningdoc version="1.1">'];
	for (let i = 1; out.length < lines - 1; i++) {
		out.push(
			'  <characteristic type="NAPDEF">',
			`    <parm name="NAPID" value="NAP${i}"/>`,
			`    <parm name="NAME" value="Access point ${i}"/>`,
			'    <parm name="BEARER" value="GSM-GPRS"/>',
			`    <parm name="NAP-ADDRESS" value="apn${i}.example.com"/>`,
			'    <parm name="NAP-ADDRTYPE" value="APN"/>',
			'  </characteristic>',
			'  <characteristic type="PXLOGICAL">',
			`    <parm name="PROXY-ID" value="PX${i}"/>`,
			`    <parm name="NAME" value="Proxy ${i}"/>`,
			'    <characteristic type="PXPHYSICAL">',
			`      <parm name="PHYSICAL-PROXY-ID" value="PHY${i}"/>`,
			`      <parm name="PXADDR" value="10.0.${i % 256}.1"/>`,
			'      <parm name="PXADDRTYPE" value="IPV4"/>',
			`      <parm name="TO-NAPID" value="NAP${i}"/>`,
			'      <characteristic type="PORT">',
			'        <parm name="PORTNBR" value="9201"/>',
			'      </characteristic>',
			'    </characteristic>',
			'  </characteristic>',
			'  <characteristic type="APPLICATION">',
			'    <parm name="APPID" value="w2"/>',
			`    <parm name="NAME" value="Browser ${i}"/>`,
			`    <parm name="TO-PROXY" value="PX${i}"/>`,
			`    <parm name="TO-NAPID" value="NAP${i}"/>`,
			'  </characteristic>'
		);
	}
	out.push('</wap-provisioningdoc>', '');
	return out.join('\n');
}
