// The finding of a DM account in XML, for the editor's lint: the account reader (documents/dm/read-account.ts) stops
// at the first problem and says where (line:column) and why; that is the one finding. Rule ids are the DmError codes.
import type { Finding } from '../../documents/provcont';
import { accountFromXml, DmError } from '../../documents/dm';

export function dmAccountFindings(text: string): Finding[] {
	try {
		accountFromXml(text);
		return [];
	} catch (err) {
		if (!(err instanceof DmError)) throw err;
		const at = err.location !== undefined && 'line' in err.location ? err.location : { line: 1, column: 1 };
		return [{ rule: err.code, severity: 'error', message: err.reason, line: at.line, column: at.column }];
	}
}
