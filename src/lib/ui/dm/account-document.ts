// A DM account document of the library (kind dm-account: the DMAcc XML that accountFromXml reads, edited in the
// studio editor) → its findings and its two renderings: CP APPLICATION w7 and the SyncML DM bootstrap message,
// each as XML and WBXML. The account reader stops at the first problem and says where (line:column): that is the
// one finding, as the editor's lint shows it. The device id the bootstrap message is addressed to is not part of
// the account; the page asks for it.
import { encodeWbxml, PROV, SYNCML12 } from '../../codec/wbxml';
import { serializeXml } from '../../codec/xml';
import { accountFromXml, accountToProvDoc, bootstrapMessage, DmError, type DmAccount } from '../../documents/dm';
import { provDocToXml, type Finding } from '../../documents/provcont';
import { dmAccountFindings } from '../editor/dm-findings';

export interface Rendering {
	xml: string;
	wbxml: Uint8Array;
}

export interface AccountRenderings {
	/** The account reader's finding (at most one: it stops at the first problem). */
	findings: Finding[];
	cp?: Rendering;
	/** Why there is no CP rendering while the account itself is fine (e.g. AAuthLevel HTTP). */
	cpProblem?: string;
	syncml?: Rendering;
	/** Why there is no SyncML rendering (no device id). */
	syncmlProblem?: string;
}

export const DEVICE_ID_PROBLEM = 'the bootstrap message is addressed to a device: give its id, e.g. IMEI:490154203237518';

export function renderAccountDocument(text: string, deviceId: string): AccountRenderings {
	const findings = dmAccountFindings(text);
	if (findings.length > 0) return { findings };
	// dmAccountFindings read it without an error: this read cannot fail.
	const account: DmAccount = accountFromXml(text);
	const result: AccountRenderings = { findings };
	try {
		const doc = provDocToXml(accountToProvDoc(account));
		result.cp = { xml: serializeXml(doc), wbxml: encodeWbxml(doc, PROV) };
	} catch (err) {
		if (!(err instanceof DmError)) throw err;
		result.cpProblem = err.reason;
	}
	if (deviceId.trim() === '') result.syncmlProblem = DEVICE_ID_PROBLEM;
	else {
		const message = bootstrapMessage(account, { deviceId: deviceId.trim() });
		result.syncml = { xml: serializeXml(message), wbxml: encodeWbxml(message, SYNCML12) };
	}
	return result;
}
