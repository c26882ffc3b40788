// A DM account document (the DM page's kind) on the Bootstrap page: what is signed and sent over the air is one of
// its two renderings (account-document.ts). The DM profile's bootstrap is a SyncML DM message in WBXML
// (OMA-TS-DM_Bootstrap-V1_2, "OMA Device Management Profile": any transport, with security fit for it) pushed as
// application/vnd.syncml.dm+wbxml with the SEC and MAC parameters of ProvBoot (OMA-TS-DM_Security-V1_2 §5.1.7.2,
// bootstrap-security.md §6); the CP profile's is the APPLICATION w7 document pushed as any CP document (ProvBoot).
import type { DocumentKind, SecretField } from '../../library';
import type { Finding } from '../../documents/provcont';
import { renderAccountDocument } from '../dm/account-document';
import { gate, type Gate, type GatedAction } from '../workspace/gate';

export type AccountProfile = 'syncml' | 'cp';

export const ACCOUNT_PROFILES: readonly { value: AccountProfile; label: string; hint: string }[] = [
	{
		value: 'syncml',
		label: 'SyncML DM bootstrap (DM profile)',
		hint: 'A SyncML DM message that adds the account, pushed as application/vnd.syncml.dm+wbxml to the syncml.dm application (OMA-TS-DM_Security-V1_2 §5.1.7.2).'
	},
	{
		value: 'cp',
		label: 'CP APPLICATION w7 (CP profile)',
		hint: 'An OMA Client Provisioning document with the account as APPLICATION w7, pushed as application/vnd.wap.connectivity-wbxml (ProvBoot).'
	}
];

export interface AccountToSign {
	/** The account reader's findings (at most one: it stops at the first problem). */
	findings: Finding[];
	/** The rendering's XML, which the page signs and sends like any document. */
	xml?: string;
	/** Why there is no rendering although the account reads fine (no device id; a w7 that CP cannot say). */
	problem?: string;
}

export function accountDocumentToSign(text: string, deviceId: string, profile: AccountProfile): AccountToSign {
	const out = renderAccountDocument(text, deviceId);
	if (out.findings.length > 0) return { findings: out.findings };
	const rendering = profile === 'syncml' ? out.syncml : out.cp;
	if (rendering) return { findings: out.findings, xml: rendering.xml };
	return { findings: out.findings, problem: (profile === 'syncml' ? out.syncmlProblem : out.cpProblem) ?? 'no rendering' };
}

/**
 * Whether the Bootstrap page may sign and send the open document: a CP document, or a DM account (rendered above),
 * with no error finding and no secret to enter again. The rule is the workspace's gate; only which kinds this page
 * takes is its own (the Card page writes CP documents only).
 */
export function bootstrapGate(
	kind: DocumentKind | undefined,
	findings: readonly Finding[] | undefined,
	missingSecrets: readonly SecretField[],
	action: GatedAction,
	text?: string
): Gate {
	if (kind !== undefined && kind !== 'cp' && kind !== 'dm-account') {
		return { allowed: false, reason: `Only a CP document or a DM account can be ${action === 'send' ? 'sent' : 'signed'} here: the open document is a DM tree.` };
	}
	return gate({ kind: kind === 'dm-account' ? 'cp' : kind, findings, missingSecrets, ...(text === undefined ? {} : { text }) }, action);
}
