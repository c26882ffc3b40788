// What the bootstrap page shows for one document and one choice of SEC: the WBXML that is signed, the MAC
// (ProvBoot §5), the USERPINMAC PIN, and the OTA SMS PDUs (WSP push over SMS, bootstrap-security.md §4).
// Every problem is tied to the field it comes from, so the page can show it next to that field.
import { toHex } from '../../codec/hex';
import { encodeWbxml, languageForDocument } from '../../codec/wbxml';
import { parseXml, XmlError } from '../../codec/xml';
import { encodeOtaSms, encodePush, OtaError, pduLine, pushTypeFor, type PushMessage, type PushType } from '../../ota';
import { BootstrapError, checkImsi, Secret, SEC, sign, type SecMethod } from '../../security';

export const SEC_METHODS: readonly SecMethod[] = ['NETWPIN', 'USERPIN', 'USERNETWPIN', 'USERPINMAC'];

export interface BootstrapInput {
	document: string;
	sec: SecMethod;
	imsi: string;
	/** The user PIN; for USERPINMAC the key digits K. Typed into a password field and kept in memory only. */
	pin: string;
	/** Destination number for the SMS PDUs; empty = no PDUs. */
	to: string;
}

export type BootstrapField = 'document' | 'imsi' | 'pin' | 'to';

export interface BootstrapResult {
	wbxml?: Uint8Array;
	/** 40 uppercase hex digits. */
	mac?: string;
	/** USERPINMAC only: K ‖ m, the PIN the user types. */
	userPin?: string;
	/** One SMS-SUBMIT per entry, as AT+CMGS takes it; `line` is `AT+CMGS=<length> <hex>` as `pstudio ota` prints it. */
	pdus?: { length: number; hex: string; line: string }[];
	/** The push's content type and application, as the page names them (the language of the signed bytes). */
	push?: PushType;
	/** Problems by field; a field without a problem has no entry. */
	problems: Partial<Record<BootstrapField, string>>;
}

export function needsImsi(sec: SecMethod): boolean {
	return sec === 'NETWPIN' || sec === 'USERNETWPIN';
}

export function needsPin(sec: SecMethod): boolean {
	return sec !== 'NETWPIN';
}

/** The document as WBXML, or the reason it cannot be encoded (with its line and column when the XML is broken). */
export function encodeDocument(text: string): { bytes: Uint8Array; push: PushType } | { problem: string } {
	let document;
	try {
		document = parseXml(text);
	} catch (err) {
		if (err instanceof XmlError) return { problem: `line ${err.line}, column ${err.column}: ${err.reason}` };
		throw err;
	}
	const language = languageForDocument(document);
	const push = language === undefined ? undefined : pushTypeFor(language);
	if (language === undefined || push === undefined) {
		return { problem: `<${document.root.name}> is neither a wap-provisioningdoc nor a SyncML DM message` };
	}
	try {
		return { bytes: encodeWbxml(document, language), push };
	} catch (err) {
		return { problem: err instanceof Error ? err.message : String(err) };
	}
}

export async function signDocument(input: BootstrapInput): Promise<BootstrapResult> {
	const problems: BootstrapResult['problems'] = {};
	const encoded = encodeDocument(input.document);
	if ('problem' in encoded) problems.document = encoded.problem;
	if (needsImsi(input.sec)) {
		try {
			checkImsi(input.imsi);
		} catch (err) {
			if (!(err instanceof BootstrapError)) throw err;
			problems.imsi = err.message;
		}
	}
	if (needsPin(input.sec) && input.pin === '') problems.pin = `SEC=${input.sec} needs the PIN`;
	if ('problem' in encoded || problems.imsi || problems.pin) return { wbxml: 'bytes' in encoded ? encoded.bytes : undefined, problems };

	const options = {
		sec: SEC[input.sec],
		...(needsImsi(input.sec) ? { imsi: input.imsi } : {}),
		...(needsPin(input.sec) ? { pin: Secret.fromText('PIN', input.pin) } : {})
	};
	let signature;
	try {
		signature = await sign(encoded.bytes, options);
	} catch (err) {
		if (!(err instanceof BootstrapError)) throw err;
		// The remaining BootstrapErrors are about the PIN (USERPINMAC key digits: digits only, at most 20).
		return { wbxml: encoded.bytes, problems: { pin: err.message } };
	}
	const result: BootstrapResult = { wbxml: encoded.bytes, mac: signature.mac, problems };
	if (signature.userPin) result.userPin = signature.userPin.revealText();
	if (input.to.trim() !== '') {
		const type = encoded.push;
		const push: PushMessage = { tid: 1, contentType: type.contentType, sec: signature.sec, mac: signature.mac, body: encoded.bytes };
		if (type.applicationId !== undefined) push.applicationId = type.applicationId;
		result.push = type;
		try {
			result.pdus = encodeOtaSms(encodePush(push), { destination: input.to.trim() }).map((s) => ({ length: s.tpduLength, hex: s.hex, line: pduLine(s) }));
		} catch (err) {
			if (!(err instanceof OtaError)) throw err;
			problems.to = err.message;
		}
	}
	return result;
}

/** Bytes as spaced hex for display. */
export function spacedHex(bytes: Uint8Array): string {
	return toHex(bytes, ' ');
}
