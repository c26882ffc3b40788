// `pstudio ota`: a CP (or DM bootstrap) document as the SMS-SUBMIT PDUs that carry it over the air — WSP
// connectionless push (WAP-230 §8.2.4.1) with SEC and MAC in the content type (ProvCont §4.3), WDP over SMS
// to port 2948 (WAP-259) — and, with --decode, what such PDUs carry.
import { decodeWbxml, WbxmlError } from '../lib/codec/wbxml';
import { serializeXml } from '../lib/codec/xml';
import { CONTENT_TYPE, decodePushSms, encodeOtaSms, encodePush, OTHER_PUSH_CONTENT, OTHER_PUSH_PUBLIC_ID, OtaError, pduLine, wellKnownContentType, type PduLine, type PushMessage } from '../lib/ota';
import { BootstrapError, SEC, secName, sign, type SecValue } from '../lib/security';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { notAuthenticReason } from './authenticity';
import { keysFor, methodName, readSecChoice, SEC_OPTION_SPECS, SEC_OPTIONS_HELP } from './bootstrap-options';
import { isUserFailure, userFailureLine } from './cli-failure';
import { describeApplicationId, describeContentType, pushTypeFor } from './ota-push';
import { readPduLines } from './pdu-file';
import { InputError } from './report';
import { readSignedDocument } from './signed-document';
import type { Streams } from './streams';

export const otaHelp = `Usage: pstudio ota <in.xml|in.wbxml|-> --to <number> [--sec <method> --imsi <digits> --pin <digits>] [--json]
       pstudio ota --decode <pdus.txt|-> [--imsi <digits>] [--pin <digits>] [--json]

Packages a document for over-the-air delivery: WSP push (content type application/vnd.wap.connectivity-wbxml
with SEC and MAC, or application/vnd.syncml.dm+wbxml for a SyncML DM bootstrap) in concatenated SMS with the
port-addressing header (destination port 2948). Prints one SMS-SUBMIT PDU per line in hex, as AT+CMGS=<length>
<PDU>: <length> is what AT+CMGS wants (the TPDU without the leading SMSC octet 00 = the modem's default SMSC).
Without --sec the push is unsigned.

--decode reads such PDUs (one per line, bare hex or as printed above, any order; a line longer than an SMS PDU,
176 octets with its SMSC address, is refused when it is read) and prints what they carry:
content type, SEC, MAC, application id and the document as XML. Given the subscriber's --imsi and/or --pin (what
the SEC in the push needs; for USERPINMAC the whole PIN typed, K+m) it also checks the MAC: "Authentic: yes", or
"Authentic: no (<reason>)" and exit 1.

Options:
  --to <number>           destination phone number, digits with an optional leading '+'
${SEC_OPTIONS_HELP}
                          (USERPINMAC: --pin is the key digits K; the header MAC is HMAC under K)
  --decode                read PDUs instead of a document
  --json                  print the result as JSON
  -h, --help              show this help

Exit status: 0 done, 1 --decode found the push not authentic, 2 bad usage or bad input.
`;

export async function runOta(argv: readonly string[], io: Streams): Promise<number> {
	const args = parseArgs(
		argv,
		[...SEC_OPTION_SPECS, { name: 'to', value: true }, { name: 'decode', value: false }, { name: 'json', value: false }, { name: 'help', short: 'h', value: false }],
		'ota'
	);
	if (args.flags.has('help')) {
		io.stdout(otaHelp);
		return 0;
	}
	if (args.positionals.length !== 1) throw new UsageError('ota takes exactly one input file', 'ota');
	const input = args.positionals[0];
	const json = args.flags.has('json');
	if (args.flags.has('decode')) {
		for (const name of ['to', 'sec']) {
			if (args.values.has(name)) throw new UsageError(`--${name} is for encoding, not with --decode`, 'ota');
		}
		const check = ['imsi', 'pin', 'pin-file'].some((name) => args.values.has(name)) ? args : undefined;
		return decode(input, check, json, io);
	}
	const choice = readSecChoice(args, 'ota', { required: false });
	const to = args.values.get('to');
	// An SMS-SUBMIT PDU holds its destination (23.040 §9.2.2.2 TP-DA): there is no PDU without one.
	if (to === undefined) throw new UsageError('no --to given: the SMS-SUBMIT PDU holds the destination number', 'ota');

	let segments;
	let push: PushMessage;
	try {
		const document = readSignedDocument(input);
		const type = pushTypeFor(document.language);
		if (!type) throw new UsageError(`a ${document.language.name} document has no OTA push content type (PROV or SYNCML12 expected)`, 'ota');
		push = { tid: 1, contentType: type.contentType, body: document.bytes };
		if (type.applicationId !== undefined) push.applicationId = type.applicationId;
		if (choice) {
			const signature = await signOrUsage(document.bytes, choice);
			push.sec = signature.sec;
			push.mac = signature.mac;
		}
		segments = encodeOtaSms(encodePush(push), { destination: to });
	} catch (err) {
		if (err instanceof UsageError || !isUserFailure(err)) throw err;
		// The destination number is an option, not the file: say so rather than blame the input.
		if (err instanceof OtaError && err.code === 'bad-address' && err.layer === 'encode') {
			throw new UsageError(`--to: ${err.message}`, 'ota');
		}
		io.stderr(userFailureLine(input, err));
		return 2;
	}
	if (json) {
		const result = {
			contentType: describeContentType(push.contentType),
			sec: push.sec === undefined ? null : secName(push.sec),
			mac: push.mac ?? null,
			segments: segments.map((s) => ({ length: s.tpduLength, pdu: s.hex }))
		};
		io.stdout(JSON.stringify(result, null, 2) + '\n');
	} else {
		io.stdout(segments.map((s) => pduLine(s) + '\n').join(''));
	}
	return 0;
}

async function signOrUsage(bytes: Uint8Array, choice: Parameters<typeof sign>[1]): ReturnType<typeof sign> {
	try {
		return await sign(bytes, choice);
	} catch (err) {
		if (err instanceof BootstrapError) throw new UsageError(err.message, 'ota');
		throw err;
	}
}

/** `keys`: the parsed arguments when --imsi/--pin/--pin-file ask for the MAC to be checked. */
async function decode(input: string, keys: ParsedArgs | undefined, json: boolean, io: Streams): Promise<number> {
	let lines: string[];
	let report: Record<string, string | number | boolean | null>;
	let xml: string;
	let push: PushMessage;
	try {
		// Line by line, each line's size checked as it is read: a PDU has a known largest size (issue 8 §5).
		const pdus = readPduLines(input);
		lines = pdus.map((pdu) => pdu.hex);
		const received = onLines(() => decodePushSms(lines), pdus);
		push = received.push;
		notProvisioning(push);
		const body = decodeProvisioningBody(push.body);
		xml = serializeXml(body.document, { declaration: true, doctype: true });
		report = {
			segments: lines.length,
			reference: received.reference ?? null,
			// SMS-SUBMIT names the destination, SMS-DELIVER (as read back from a phone) the originator.
			address: received.address.number,
			ports: `${received.ports.destination} <- ${received.ports.source}`,
			contentType: describeContentType(push.contentType),
			sec: push.sec === undefined ? null : `${secName(push.sec) ?? 'undefined'} (${push.sec})`,
			mac: push.mac ?? null,
			applicationId: push.applicationId === undefined ? null : describeApplicationId(push.applicationId),
			body: `${push.body.length} bytes, WBXML ${body.language.name}`
		};
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(input, err));
		return 2;
	}
	let authentic: boolean | undefined;
	if (keys !== undefined) {
		const reason = await authenticity(push, keys);
		authentic = reason === undefined;
		report.authentic = reason === undefined ? 'yes' : `no (${reason})`;
	}
	if (!xml.endsWith('\n')) xml += '\n';
	if (json) {
		io.stdout(JSON.stringify({ ...report, xml }, null, 2) + '\n');
		return authentic === false ? 1 : 0;
	}
	const labels: Record<string, string> = {
		segments: 'Segments',
		reference: 'Reference',
		address: 'Address',
		ports: 'Ports',
		contentType: 'Content-Type',
		sec: 'SEC',
		mac: 'MAC',
		applicationId: 'X-Wap-Application-Id',
		body: 'Body',
		authentic: 'Authentic'
	};
	let out = '';
	for (const [key, label] of Object.entries(labels)) {
		const value = report[key];
		if (value !== null && value !== undefined) out += `${label}: ${value}\n`;
	}
	io.stdout(`${out}\n${xml}`);
	return authentic === false ? 1 : 0;
}

/** The decoder names a segment by its place among the PDUs; the user knows it by its line in the file. */
function onLines<T>(decode: () => T, pdus: readonly PduLine[]): T {
	try {
		return decode();
	} catch (err) {
		const line = err instanceof OtaError && err.segment !== undefined ? pdus[err.segment - 1]?.line : undefined;
		if (err instanceof OtaError && line !== undefined) throw err.onLine(line);
		throw err;
	}
}

/**
 * A push that is no provisioning document (a Service Indication, an MMS notification, ...) is said to be what it is:
 * ota --decode reads the WBXML of CP (0x36) and of a DM bootstrap (0x42). Issue 8 §10.
 */
function notProvisioning(push: PushMessage): void {
	// A sender may spell the content type out instead of sending its code (WAP-230 §8.4.2.24).
	const type = wellKnownContentType(push.contentType);
	if (type === CONTENT_TYPE.CONNECTIVITY_WBXML || type === CONTENT_TYPE.SYNCML_DM_WBXML) return;
	const known = type !== undefined && Object.hasOwn(OTHER_PUSH_CONTENT, type) ? OTHER_PUSH_CONTENT[type] : undefined;
	const name = known === undefined || type === undefined ? describeContentType(push.contentType) : `${known.type} (0x${type.toString(16).toUpperCase()}), ${known.what}`;
	throw new InputError(`the push carries ${name}, not a provisioning document in WBXML: ota --decode reads ${PROVISIONING_TYPES}`);
}

const PROVISIONING_TYPES = 'application/vnd.wap.connectivity-wbxml (0x36) and application/vnd.syncml.dm+wbxml (0x42)';

/** The body as WBXML; a public id of another push language (SI, SL, CO) is named rather than called unknown. */
function decodeProvisioningBody(body: Uint8Array): ReturnType<typeof decodeWbxml> {
	try {
		return decodeWbxml(body);
	} catch (err) {
		// WAP-192 §5.5: version octet, then publicid as mb_u_int32 (one octet for the ids below 0x80).
		const other = err instanceof WbxmlError && err.code === 'unknown-public-id' ? OTHER_PUSH_PUBLIC_ID[body[1] ?? -1] : undefined;
		if (other !== undefined) throw new InputError(`the push body is WBXML ${other}, not a provisioning document: ota --decode reads PROV and SyncML DM`);
		throw err;
	}
}

/** Why the push is not authentic under the keys given (undefined: it is); keys the push's SEC cannot use are bad usage. */
async function authenticity(push: PushMessage, args: ParsedArgs): Promise<string | undefined> {
	if (push.sec === undefined || secName(push.sec) === undefined) {
		const found = push.sec === undefined ? 'no SEC parameter' : `SEC ${push.sec}, which no method defines`;
		throw new UsageError(`--imsi/--pin check a signed push, and this one has ${found}`, 'ota');
	}
	const sec = push.sec as SecValue;
	const choice = keysFor(sec, args, 'ota', `SEC=${methodName(sec)} (from the push)`);
	if (sec !== SEC.USERPINMAC && push.mac === undefined) return `SEC=${methodName(sec)} but the push has no MAC parameter`;
	try {
		return await notAuthenticReason(push.body, choice, sec === SEC.USERPINMAC ? undefined : push.mac);
	} catch (err) {
		// The MAC as received is not 40 hex digits: the push is what is wrong, not the command line.
		if (err instanceof BootstrapError && err.code === 'bad-mac-format') return err.message;
		throw err;
	}
}
