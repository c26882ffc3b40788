// The document the studio opens with: the ORACLES.md §1 example (a GPRS access point and a WAP browser
// application using it), so the first screen already shows tokens from both PROV code pages.
export const SAMPLE_DOCUMENT = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAME" value="Example GPRS"/>
    <parm name="NAPID" value="NAP1"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.example.com"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="TO-NAPID" value="NAP1"/>
    <parm name="ADDR" value="http://www.example.com/"/>
  </characteristic>
</wap-provisioningdoc>
`;
