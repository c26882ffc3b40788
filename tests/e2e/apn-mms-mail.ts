// The APN + MMS + e-mail profile the Document page's forms write (tests/e2e/forms.test.ts, and the authoring flow of
// tests/e2e/authoring-flow.test.ts), written out by hand: the forms' own order of parms (NAPID, BEARER, NAME,
// NAP-ADDRESS, NAP-ADDRTYPE; APPID, NAME, ADDR, TO-NAPID), IMAP (143) before SMTP (25); the APN and the servers'
// host names as each test types them.
export interface ProfileHosts {
	apn: string;
	mmsc: string;
	imap: string;
	smtp: string;
}

export function apnMmsMailXml(hosts: ProfileHosts): string {
	return `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET-NAP"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAME" value="Internet"/>
    <parm name="NAP-ADDRESS" value="${hosts.apn}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHNAME" value="web"/>
      <parm name="AUTHSECRET" value="apn-pass-1"/>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w4"/>
    <parm name="NAME" value="MMS"/>
    <parm name="ADDR" value="http://${hosts.mmsc}/mms"/>
    <parm name="TO-NAPID" value="INTERNET-NAP"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="143"/>
    <parm name="NAME" value="Mail"/>
    <parm name="TO-NAPID" value="INTERNET-NAP"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="${hosts.imap}"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="993"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHNAME" value="alice"/>
      <parm name="AAUTHSECRET" value="imap-pass-2"/>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="25"/>
    <parm name="NAME" value="Mail"/>
    <parm name="TO-NAPID" value="INTERNET-NAP"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="${hosts.smtp}"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="587"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHNAME" value="alice"/>
      <parm name="AAUTHSECRET" value="smtp-pass-3"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;
}
