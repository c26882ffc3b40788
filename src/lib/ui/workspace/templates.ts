// What "New document" offers: an empty CP document, the sample, a DM account and the starter templates. Each template is a kind (what the
// editor and the pages do with it), a name the document starts with, and its first text.
import type { DocumentKind } from '../../library';
import { SAMPLE_DOCUMENT } from '../sample';

export type TemplateId = 'cp-empty' | 'cp-sample' | 'dm-account' | 'cp-apn' | 'cp-apn-mms' | 'cp-apn-browser' | 'cp-email' | 'cp-dm-w7' | 'cp-batch-apn';

export interface DocumentTemplate {
	id: TemplateId;
	/** What the menu shows. */
	label: string;
	kind: DocumentKind;
	/** One of the starter templates (issue 11 §2): New… lists them under their own heading. */
	starter?: true;
	/** The name a new document gets (made unique in the library: "Sample 2"). */
	name: string;
	text: string;
}

// ProvCont §5: a wap-provisioningdoc may be empty of characteristics; the DOCTYPE is the PROV 1.0 one the sample uses.
const EMPTY_CP = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.0">
</wap-provisioningdoc>
`;

// A DMAcc account (OMA DM StdObj §7.1.3.1) in the XML form accountFromXml reads: the server, its address and the
// client's credentials. AAuthSecret is left out: it is a secret, typed by the user (and kept by the library's rule).
const DM_ACCOUNT = `<DMAcc NodeName="example">
  <ServerID>dm.example.com</ServerID>
  <Name>Example DM server</Name>
  <AppAddr>
    <Addr>https://dm.example.com/dm</Addr>
    <AddrType>URI</AddrType>
    <Port>443</Port>
  </AppAddr>
  <AAuthPref>DIGEST</AAuthPref>
  <AppAuth>
    <AAuthLevel>CLCRED</AAuthLevel>
    <AAuthType>DIGEST</AAuthType>
    <AAuthName>IMEI:490154203237518</AAuthName>
  </AppAuth>
</DMAcc>
`;

// Starter templates (issue 11 §2): the settings operators send every day, each a realistic document that validates
// with no error (tests/unit/ui/starter-templates.test.ts runs them through pstudio validate's validator). Names and
// addresses are the operator.example domain (RFC 2606) and documentation addresses (RFC 5737). No secret is written
// into a template: passwords (AUTHSECRET, AAUTHSECRET) are typed by the user and kept by the library's rule.
const PROLOG = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
`;

// ProvCont §5 NAPDEF: a GPRS access point with its DNS server and PAP user (NAPAUTHINFO), INTERNET flag set.
const APN_ONLY = PROLOG + `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
    <parm name="DNS-ADDR" value="192.0.2.53"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHNAME" value="web"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

// An Internet APN, a second APN for MMS, the MMS proxy (PXLOGICAL/PXPHYSICAL/PORT on that APN) and the MMS user
// agent's application w4 with its MMSC address (OMA MMS, APPID w4 as OMNA registers it).
const APN_MMS = PROLOG + `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
  </characteristic>
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="MMS"/>
    <parm name="NAME" value="Operator MMS"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="mms.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
  </characteristic>
  <characteristic type="PXLOGICAL">
    <parm name="PROXY-ID" value="MMS-PROXY"/>
    <parm name="NAME" value="Operator MMS proxy"/>
    <parm name="STARTPAGE" value="http://mms.operator.example/"/>
    <characteristic type="PXPHYSICAL">
      <parm name="PHYSICAL-PROXY-ID" value="MMS-PROXY-1"/>
      <parm name="PXADDR" value="192.0.2.10"/>
      <parm name="PXADDRTYPE" value="IPV4"/>
      <parm name="TO-NAPID" value="MMS"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="8080"/>
      </characteristic>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w4"/>
    <parm name="NAME" value="Operator MMS"/>
    <parm name="TO-PROXY" value="MMS-PROXY"/>
    <parm name="ADDR" value="http://mms.operator.example/mmsc"/>
  </characteristic>
</wap-provisioningdoc>
`;

// The browser (w2) on the Internet APN with three bookmarks (RESOURCE), the first its start page (STARTPAGE flag).
const APN_BROWSER = PROLOG + `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w2"/>
    <parm name="NAME" value="Operator browser"/>
    <parm name="TO-NAPID" value="INTERNET"/>
    <characteristic type="RESOURCE">
      <parm name="URI" value="https://portal.operator.example/"/>
      <parm name="NAME" value="Operator portal"/>
      <parm name="STARTPAGE"/>
    </characteristic>
    <characteristic type="RESOURCE">
      <parm name="URI" value="https://help.operator.example/"/>
      <parm name="NAME" value="Help and support"/>
    </characteristic>
    <characteristic type="RESOURCE">
      <parm name="URI" value="https://news.operator.example/"/>
      <parm name="NAME" value="News"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

// E-mail: IMAP (APPID 143) for incoming and SMTP (APPID 25) for outgoing mail, each with APPADDR/PORT and the user's
// name (APPAUTH); the SMTP application points to the IMAP one (TO-APPREF), as OMNA's ac_25/ac_143 describe.
const EMAIL = PROLOG + `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="143"/>
    <parm name="APPREF" value="MAIL-IN"/>
    <parm name="NAME" value="Operator mail"/>
    <parm name="TO-NAPID" value="INTERNET"/>
    <parm name="PROVIDER-ID" value="mail.operator.example"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="imap.operator.example"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="143"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHNAME" value="user@operator.example"/>
    </characteristic>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="25"/>
    <parm name="APPREF" value="MAIL-OUT"/>
    <parm name="NAME" value="Operator mail"/>
    <parm name="TO-NAPID" value="INTERNET"/>
    <parm name="FROM" value="user@operator.example"/>
    <parm name="TO-APPREF" value="MAIL-IN"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="smtp.operator.example"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="587"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHNAME" value="user@operator.example"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

// A DM account as CP APPLICATION w7 (OMA DM w7 registration: PROVIDER-ID = ServerID, APPSRV/CLIENT credentials).
const DM_W7 = PROLOG + `<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="internet.operator.example"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
  </characteristic>
  <characteristic type="APPLICATION">
    <parm name="APPID" value="w7"/>
    <parm name="PROVIDER-ID" value="dm.operator.example"/>
    <parm name="NAME" value="Operator DM server"/>
    <parm name="TO-NAPID" value="INTERNET"/>
    <parm name="INIT"/>
    <characteristic type="APPADDR">
      <parm name="ADDR" value="https://dm.operator.example/dm"/>
      <parm name="ADDRTYPE" value="URI"/>
      <characteristic type="PORT">
        <parm name="PORTNBR" value="443"/>
      </characteristic>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHLEVEL" value="APPSRV"/>
      <parm name="AAUTHTYPE" value="DIGEST"/>
      <parm name="AAUTHNAME" value="dm-client"/>
    </characteristic>
    <characteristic type="APPAUTH">
      <parm name="AAUTHLEVEL" value="CLIENT"/>
      <parm name="AAUTHTYPE" value="DIGEST"/>
      <parm name="AAUTHNAME" value="dm.operator.example"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

// A batch template (issue 10's syntax): one document per order row, the APN and the IMSI from its columns.
const BATCH_APN = PROLOG + `<!-- A batch template: the APN and IMSI placeholders are filled from the order's columns, one document per row. -->
<wap-provisioningdoc version="1.0">
  <characteristic type="NAPDEF">
    <parm name="NAPID" value="INTERNET"/>
    <parm name="NAME" value="Operator Internet"/>
    <parm name="BEARER" value="GSM-GPRS"/>
    <parm name="NAP-ADDRESS" value="\${APN}"/>
    <parm name="NAP-ADDRTYPE" value="APN"/>
    <parm name="INTERNET"/>
    <characteristic type="NAPAUTHINFO">
      <parm name="AUTHTYPE" value="PAP"/>
      <parm name="AUTHNAME" value="\${IMSI}"/>
    </characteristic>
  </characteristic>
</wap-provisioningdoc>
`;

export const TEMPLATES: readonly DocumentTemplate[] = [
	{ id: 'cp-empty', label: 'Empty CP document', kind: 'cp', name: 'Untitled', text: EMPTY_CP },
	{ id: 'cp-sample', label: 'Sample (GPRS access point and browser)', kind: 'cp', name: 'Sample', text: SAMPLE_DOCUMENT },
	{ id: 'dm-account', label: 'DM account', kind: 'dm-account', name: 'DM account', text: DM_ACCOUNT },
	{ id: 'cp-apn', label: 'APN (GPRS access point)', kind: 'cp', starter: true, name: 'APN', text: APN_ONLY },
	{ id: 'cp-apn-mms', label: 'APN and MMS', kind: 'cp', starter: true, name: 'APN and MMS', text: APN_MMS },
	{ id: 'cp-apn-browser', label: 'APN and browser bookmarks', kind: 'cp', starter: true, name: 'APN and browser', text: APN_BROWSER },
	{ id: 'cp-email', label: 'E-mail (IMAP and SMTP)', kind: 'cp', starter: true, name: 'E-mail', text: EMAIL },
	{ id: 'cp-dm-w7', label: 'DM account as CP w7', kind: 'cp', starter: true, name: 'DM account w7', text: DM_W7 },
	{ id: 'cp-batch-apn', label: 'Batch template (${APN}, ${IMSI})', kind: 'cp', starter: true, name: 'Batch template', text: BATCH_APN }
];

export function template(id: TemplateId): DocumentTemplate {
	const found = TEMPLATES.find((t) => t.id === id);
	if (found === undefined) throw new Error(`no template ${id}`);
	return found;
}

/**
 * The user's own templates are library documents with this tag: "Save as template" copies the open document under
 * `<name> (template)` with it, and New… lists them beside the starters (a new document is a copy of the template's
 * text, its placeholders included, named without the suffix).
 */
export const USER_TEMPLATE_TAG = 'template';

export function isUserTemplate(document: { tags: readonly string[]; trashed?: number }): boolean {
	return document.trashed === undefined && document.tags.includes(USER_TEMPLATE_TAG);
}

/** `APN Vodafone` → `APN Vodafone (template)`: the name a saved template starts with. */
export function templateName(documentName: string): string {
	return documentName.endsWith(' (template)') ? documentName : `${documentName} (template)`;
}

/** `APN Vodafone (template)` → `APN Vodafone`: the name a document made from it starts with. */
export function nameFromTemplate(templateDocumentName: string): string {
	const base = templateDocumentName.replace(/ \(template\)$/, '').trim();
	return base === '' ? 'Untitled' : base;
}

/** `base`, or `base 2`, `base 3`… : the first that no document in `taken` has (compared without case). */
export function uniqueName(base: string, taken: Iterable<string>): string {
	const names = new Set([...taken].map((n) => n.toLowerCase()));
	if (!names.has(base.toLowerCase())) return base;
	for (let n = 2; ; n++) {
		const candidate = `${base} ${n}`;
		if (!names.has(candidate.toLowerCase())) return candidate;
	}
}

/** The kind of a file opened from disk: a DMAcc root is a DM account, anything else a CP document. */
export function kindOfText(text: string): DocumentKind {
	// The first element after the prolog (declaration, comments, DOCTYPE) names the document.
	const root = /<([A-Za-z_][\w.-]*)/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![A-Z][^>]*>/g, ''));
	return root?.[1] === 'DMAcc' ? 'dm-account' : 'cp';
}

/** A document name from a file name: the folder and the .xml or .wbxml ending dropped ("office-apn.xml" → "office-apn"). */
export function nameOfFile(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? fileName;
	const name = base.replace(/\.(?:xml|wbxml)$/i, '').trim();
	return name === '' ? 'Untitled' : name.slice(0, 200);
}
