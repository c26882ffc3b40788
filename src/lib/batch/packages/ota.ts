// The operator's OTA package: pdus.csv, one line per SMS (`msisdn,part,pdu`): the SMS-SUBMIT PDUs that carry each
// row's document to its MSISDN exactly as `pstudio ota --to <MSISDN> [--sec …]` prints them one by one (src/cli/
// ota.ts): WSP connectionless push (WAP-230 §8.2.4.1, TID 1) with SEC and MAC in the content type (ProvCont
// §4.3), WDP over SMS to port 2948 (WAP-259), concatenation reference 0; pdu is the hex `pstudio ota` prints
// after `AT+CMGS=<length> ` (the SMSC octet 00 included), part counts from 1. rejected.csv as the manufacturer's.
import { PROV, SYNCML12, type WbxmlLanguage } from '../../codec/wbxml/index';
import { APPLICATION_ID, CONTENT_TYPE, encodeOtaSms, encodePush, OtaError, type PushMessage } from '../../ota/index';
import { SEC } from '../../security/index';
import { RowRejected, type ExportedRow, type ExportTotals, type PackageEntry, type PackageKind, type RejectedRow } from './kind';
import { csvRecord, MemorySpool, type Spool } from './spool';

export interface OtaPackageOptions {
	readonly spool?: () => Spool;
}

const encoder = new TextEncoder();
const PDUS = 'pdus.csv';

/** The WSP content type (and push application) of a language, as `pstudio ota` chooses it (cli/ota-push.ts). */
function pushType(language: WbxmlLanguage): { contentType: number; applicationId?: number } | undefined {
	if (language === PROV) return { contentType: CONTENT_TYPE.CONNECTIVITY_WBXML };
	// A DM bootstrap goes to the syncml.dm push application (X-Wap-Application-Id 0x07).
	if (language === SYNCML12) return { contentType: CONTENT_TYPE.SYNCML_DM_WBXML, applicationId: APPLICATION_ID.SYNCML_DM };
	return undefined;
}

export class OtaPackage implements PackageKind {
	readonly name = 'ota';
	readonly holdsSecrets = false;
	/** 3GPP TS 23.040 §9.2.2.2: an SMS-SUBMIT holds its destination (TP-DA). */
	readonly requires = ['msisdn'] as const;
	readonly #rejected: Spool;
	#started = false;

	constructor(options: OtaPackageOptions = {}) {
		this.#rejected = (options.spool ?? (() => new MemorySpool()))();
		void this.#rejected.append('row,column,reason\n');
	}

	entriesFor(row: ExportedRow): PackageEntry[] {
		const msisdn = row.msisdn;
		if (msisdn === undefined) throw new RowRejected('value-empty', 'no MSISDN: the SMS-SUBMIT PDU holds the destination number');
		const document = row.documents[0];
		const type = pushType(document.language);
		if (type === undefined) throw new RowRejected('bad-language', `a ${document.language.name} document has no OTA push content type (PROV or SYNCML12 expected)`);
		const push: PushMessage = { tid: 1, contentType: type.contentType, body: document.wbxml };
		if (type.applicationId !== undefined) push.applicationId = type.applicationId;
		if (row.sec !== undefined && document.mac !== undefined) {
			push.sec = SEC[row.sec];
			push.mac = document.mac;
		}
		let lines = '';
		try {
			const segments = encodeOtaSms(encodePush(push), { destination: msisdn });
			segments.forEach((s, i) => (lines += csvRecord([msisdn, String(i + 1), s.hex])));
		} catch (error) {
			if (!(error instanceof OtaError)) throw error;
			throw new RowRejected(error.code, error.message, error.code === 'bad-address' ? 'MSISDN' : undefined);
		}
		const entries: PackageEntry[] = [];
		if (!this.#started) {
			this.#started = true;
			entries.push({ path: PDUS, data: encoder.encode('msisdn,part,pdu\n'), append: true });
		}
		entries.push({ path: PDUS, data: encoder.encode(lines), append: true });
		return entries;
	}

	async setAside(rejected: RejectedRow): Promise<void> {
		await this.#rejected.append(csvRecord([String(rejected.row), rejected.column ?? '', rejected.reason]));
	}

	finish(_totals: ExportTotals): PackageEntry[] {
		const entries: PackageEntry[] = [];
		// No good row: the file still says what its lines would be.
		if (!this.#started) entries.push({ path: PDUS, data: encoder.encode('msisdn,part,pdu\n') });
		entries.push({ path: 'rejected.csv', data: this.#rejected.stream() });
		return entries;
	}
}
