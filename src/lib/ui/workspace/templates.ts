// What "New document" offers: an empty CP document, the sample, a DM account. Each template is a kind (what the
// editor and the pages do with it), a name the document starts with, and its first text.
import type { DocumentKind } from '../../library';
import { SAMPLE_DOCUMENT } from '../sample';

export type TemplateId = 'cp-empty' | 'cp-sample' | 'dm-account';

export interface DocumentTemplate {
	id: TemplateId;
	/** What the menu shows. */
	label: string;
	kind: DocumentKind;
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

export const TEMPLATES: readonly DocumentTemplate[] = [
	{ id: 'cp-empty', label: 'Empty CP document', kind: 'cp', name: 'Untitled', text: EMPTY_CP },
	{ id: 'cp-sample', label: 'Sample (GPRS access point and browser)', kind: 'cp', name: 'Sample', text: SAMPLE_DOCUMENT },
	{ id: 'dm-account', label: 'DM account', kind: 'dm-account', name: 'DM account', text: DM_ACCOUNT }
];

export function template(id: TemplateId): DocumentTemplate {
	const found = TEMPLATES.find((t) => t.id === id);
	if (found === undefined) throw new Error(`no template ${id}`);
	return found;
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

/** A document name from a file name: the folder and the .xml ending dropped ("office-apn.xml" → "office-apn"). */
export function nameOfFile(fileName: string): string {
	const base = fileName.split(/[\\/]/).pop() ?? fileName;
	const name = base.replace(/\.xml$/i, '').trim();
	return name === '' ? 'Untitled' : name.slice(0, 200);
}
