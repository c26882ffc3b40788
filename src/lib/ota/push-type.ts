// Which WSP content type (and push application) carries a WBXML document over the air, by its language: the one
// table `pstudio ota` and the studio's Bootstrap page both use.
import { PROV, SYNCML12, type WbxmlLanguage } from '../codec/wbxml';
import { APPLICATION_ID, CONTENT_TYPE } from './content-types';

export interface PushType {
	contentType: number;
	/** X-Wap-Application-Id; absent for CP (Kannel sends none, bootstrap-security.md §4). */
	applicationId?: number;
}

/** The push type for a WBXML language, or undefined for a language that is not pushed as provisioning. */
export function pushTypeFor(language: WbxmlLanguage): PushType | undefined {
	// ProvCont §4.3: a CP document is application/vnd.wap.connectivity-wbxml.
	if (language === PROV) return { contentType: CONTENT_TYPE.CONNECTIVITY_WBXML };
	// A DM bootstrap (DM profile, OMA-TS-DM_Security-V1_2 §5.1.7.2) is application/vnd.syncml.dm+wbxml with the
	// same SEC and MAC parameters, addressed to the syncml.dm push application (X-Wap-Application-Id 0x07).
	if (language === SYNCML12) return { contentType: CONTENT_TYPE.SYNCML_DM_WBXML, applicationId: APPLICATION_ID.SYNCML_DM };
	return undefined;
}
