// `pstudio decode`: WBXML bytes → canonical XML text (declaration + DOCTYPE) on stdout or into a file.
import { decodeWbxml, languageByName, type WbxmlLanguage } from '../lib/codec/wbxml';
import { serializeXml } from '../lib/codec/xml';
import { parseArgs, UsageError } from './args';
import { exitCodeOf, readInput, writeAtomic } from './io';
import { failureLine, isInputFailure } from './report';
import type { Streams } from './streams';

export const decodeHelp = `Usage: pstudio decode <in.wbxml|-> [options]

Decodes a WBXML document and prints it as XML (declaration, DOCTYPE, two-space indent).
OPAQUE content is written as a CDATA section (as libwbxml's wbxml2xml does), or, when CDATA cannot carry the
bytes (binary, CR, "]]>", empty), as <opaque xmlns="urn:x-provisioning-studio:wbxml-opaque">base64</opaque>;
pstudio encode turns both back into the same OPAQUE bytes. A DevInf or DM tree embedded in SyncML Data is
decoded into elements. Text that XML 1.0 cannot carry (C0 controls, U+FFFE/U+FFFF) is refused at its offset.

Options:
  -l, --language <name>   force the language (e.g. PROV, SYNCML12), needed when the public id is 0x01 (unknown)
  -o, --output <file>     write the XML into a file (whole or not at all) instead of stdout
  -h, --help              show this help

Exit status: 0 decoded, 2 bad usage or the input is not valid WBXML, 74 the output could not be written.
`;

export function runDecode(argv: readonly string[], io: Streams): number {
	const args = parseArgs(
		argv,
		[
			{ name: 'language', short: 'l', value: true },
			{ name: 'output', short: 'o', value: true },
			{ name: 'help', short: 'h', value: false }
		],
		'decode'
	);
	if (args.flags.has('help')) {
		io.stdout(decodeHelp);
		return 0;
	}
	if (args.positionals.length !== 1) throw new UsageError('decode takes exactly one input file', 'decode');
	const input = args.positionals[0];
	const languageName = args.values.get('language');
	let language: WbxmlLanguage | undefined;
	if (languageName !== undefined) {
		language = languageByName(languageName);
		if (!language) throw new UsageError(`unknown language ${JSON.stringify(languageName)}`, 'decode');
	}
	let xml: string;
	try {
		const decoded = decodeWbxml(readInput(input), language ? { language } : undefined);
		xml = serializeXml(decoded.document, { declaration: true, doctype: true });
	} catch (err) {
		if (!isInputFailure(err)) throw err;
		io.stderr(failureLine(input, err));
		return 2;
	}
	if (!xml.endsWith('\n')) xml += '\n';
	const output = args.values.get('output');
	if (output === undefined || output === '-') io.stdout(xml);
	else {
		try {
			writeAtomic(output, xml, { from: input });
		} catch (err) {
			if (!isInputFailure(err)) throw err;
			io.stderr(failureLine(output, err));
			return exitCodeOf(err);
		}
	}
	return 0;
}
