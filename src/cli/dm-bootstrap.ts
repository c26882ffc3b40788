// `pstudio dm-bootstrap`: a DM account (DMAcc, OMA-TS-DM_StdObj-V1_2 §7.1.3.1) as the document that installs
// it: an OMA CP APPLICATION w7 (client-provisioning.md §6) or a SyncML DM bootstrap message (syncml-dm.md §4).
import { encodeWbxml, PROV, SYNCML11, SYNCML12 } from '../lib/codec/wbxml';
import { describeNonXmlChar, firstNonXmlChar, serializeXml } from '../lib/codec/xml';
import type { XmlDocument } from '../lib/codec/xml/tree';
import { accountFromJson, accountFromXml, accountToProvDoc, bootstrapMessage, type DmAccount, type SyncMlVersion } from '../lib/documents/dm';
import { provDocToXml } from '../lib/documents/provcont';
import { parseArgs, UsageError } from './args';
import { isUserFailure, userFailureLine } from './cli-failure';
import { emitDocument } from './document-output';
import { readXmlInput } from './io';
import type { Streams } from './streams';

export const dmBootstrapHelp = `Usage: pstudio dm-bootstrap <account.json|account.xml|-> --format cp|syncml [options]

Renders a DM account (DMAcc node names, see src/lib/documents/dm/read-account.ts for the JSON and XML forms)
as the document that installs it on a phone:
  cp       an OMA Client Provisioning wap-provisioningdoc with an APPLICATION characteristic, APPID w7
  syncml   a SyncML DM bootstrap message: one Add of the account's nodes below ./DMAcc (DM 1.2)
           or ./SyncML/DMAcc (DM 1.1)
The document holds the account's secrets (AAuthSecret): it is written where -o says (a new file is created
with mode 0600, a replaced one keeps its mode), or to stdout.

Options:
  --format <cp|syncml>    which rendering (required)
  --wbxml                 WBXML instead of XML (PROV for cp; SyncML 1.2, or 1.1 with --dm-version 1.1, for syncml); needs -o
  -o, --output <file>     write into a file (whole or not at all); '-' = stdout
  --device <id>           syncml: the device, SyncHdr Target/LocURI, e.g. IMEI:490154203237518 (required)
  --server <uri>          syncml: SyncHdr Source/LocURI (default: the account's first AppAddr Addr)
  --dm-version <v>        syncml: 1.2 (default) or 1.1
  --napid <ids>           cp: NAPDEF NAPIDs the account connects through (TO-NAPID), comma-separated
  -h, --help              show this help

Exit status: 0 written, 2 bad usage or bad input, 74 the output could not be written.
`;

/** JSON or XML, told apart by the first character that is not a blank (a BOM is dropped by readXmlInput). */
function readAccount(text: string): DmAccount {
	return text.trimStart().startsWith('<') ? accountFromXml(text) : accountFromJson(text);
}

export function runDmBootstrap(argv: readonly string[], io: Streams): number {
	const args = parseArgs(
		argv,
		[
			{ name: 'format', value: true },
			{ name: 'wbxml', value: false },
			{ name: 'output', short: 'o', value: true },
			{ name: 'device', value: true },
			{ name: 'server', value: true },
			{ name: 'dm-version', value: true },
			{ name: 'napid', value: true },
			{ name: 'help', short: 'h', value: false }
		],
		'dm-bootstrap'
	);
	if (args.flags.has('help')) {
		io.stdout(dmBootstrapHelp);
		return 0;
	}
	const usage = (message: string): UsageError => new UsageError(message, 'dm-bootstrap');
	if (args.positionals.length !== 1) throw usage('dm-bootstrap takes exactly one account file');
	const format = args.values.get('format');
	if (format !== 'cp' && format !== 'syncml') throw usage(format === undefined ? 'no --format given (cp or syncml)' : `--format must be cp or syncml, not ${JSON.stringify(format)}`);
	const wbxml = args.flags.has('wbxml');
	const output = args.values.get('output');
	// Binary on a terminal helps nobody: stdout only when asked for with '-o -', as `pstudio encode` does.
	if (wbxml && output === undefined) throw usage('--wbxml needs -o <file> (or -o - for stdout)');
	const device = args.values.get('device');
	const versionText = args.values.get('dm-version') ?? '1.2';
	if (versionText !== '1.2' && versionText !== '1.1') throw usage(`--dm-version must be 1.2 or 1.1, not ${JSON.stringify(versionText)}`);
	const version: SyncMlVersion = versionText;
	if (format === 'syncml') {
		if (device === undefined) throw usage('--format syncml needs --device (the SyncHdr Target, e.g. IMEI:490154203237518)');
		if (args.values.has('napid')) throw usage('--napid is for --format cp');
	} else {
		for (const name of ['device', 'server', 'dm-version']) if (args.values.has(name)) throw usage(`--${name} is for --format syncml`);
	}
	const napIds = (args.values.get('napid') ?? '').split(',').filter((id) => id !== '');
	// Option values go into the XML too (issue 8 §4): what XML 1.0 cannot carry is bad usage, named by option.
	for (const name of ['device', 'server', 'napid']) {
		const bad = firstNonXmlChar(args.values.get(name) ?? '');
		if (bad !== undefined) throw usage(`--${name}: ${describeNonXmlChar(bad)}`);
	}

	const input = args.positionals[0];
	let document: XmlDocument;
	try {
		const account = readAccount(readXmlInput(input));
		if (format === 'cp') document = provDocToXml(accountToProvDoc(account, { toNapId: napIds }));
		else {
			const server = args.values.get('server');
			document = bootstrapMessage(account, { deviceId: device ?? '', version, ...(server === undefined ? {} : { serverUri: server }) });
		}
	} catch (err) {
		if (!isUserFailure(err)) throw err;
		io.stderr(userFailureLine(input, err));
		return 2;
	}
	// DM 1.1 is carried by SyncML 1.1 (public id 0x0FD3), DM 1.2 by SyncML 1.2 (0x1201): never relabel a version.
	const language = format === 'cp' ? PROV : version === '1.1' ? SYNCML11 : SYNCML12;
	const data = wbxml ? encodeWbxml(document, language) : serializeXml(document);
	// The document carries the account's AAuthSecret (and ServerPW/ClientPW): a new file is 0600.
	return emitDocument(output, data, io, { secret: true });
}
