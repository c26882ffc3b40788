// `pstudio card read` for scripts: --only picks one document, -o / --out-dir write documents into files, and stdout
// then carries the documents alone (the reader, ATR, ICCID, IMSI and notes go to stderr). Every option, and whether
// every output can be written, is decided before the card is touched.
import { join } from 'node:path';
import type { Pkcs15Profile } from '../lib/card/pkcs15';
import { echoed } from '../lib/text';
import type { ReadDocument, ReadResult } from '../lib/server/card-service';
import { UsageError, type OptionSpec, type ParsedArgs } from './args';
import { documentHeading, identityText } from './card-output';
import { exitCodeOf, FileError, makeFolder, writeAtomic } from './io';
import { failureLine, PROGRAM } from './report';
import type { Streams } from './streams';
import { checkFolder, checkWritable } from './writable';

export const READ_OPTIONS: readonly OptionSpec[] = [
	{ name: 'only', value: true },
	{ name: 'output', short: 'o', value: true },
	{ name: 'out-dir', short: 'd', value: true },
	{ name: 'xml', value: false }
];

export const READ_HELP = `  --xml                      read: each document decoded as XML instead of WBXML (hex on the terminal)
  --only <document>          read: only this document: Bootstrap, Config1, Config2 (any case) or an OID in
                             dotted form (e.g. 2.23.43.7.2); it goes to stdout alone (XML with --xml; WBXML
                             bytes with -o -), the reader, ATR, ICCID and notes to stderr
  -o, --output <file>        read: write the --only document into a file (whole or not at all; '-' = stdout)
  -d, --out-dir <dir>        read: write each document (or the --only one) into <dir> (created if missing):
                             bootstrap, config1, config2 by role, else <OID>, with the extension .wbxml
                             (the document's bytes as on the card) or .xml (--xml)`;

/** The documents --only names by role, as in the profile's DODF slots (DM-Bootstrap shares the Bootstrap OID). */
const ROLES = ['bootstrap', 'config1', 'config2'] as const;

interface Selection {
	/** "Config1" for a role, "OID 1.2.3" for an OID: how messages name it. */
	name: string;
	oid: string;
}

type Destination = { kind: 'stdout' } | { kind: 'file'; file: string } | { kind: 'folder'; folder: string; create: boolean };

/** What `card read` does with the documents once read, when the user asked for one of the script forms. */
export interface ReadOutput {
	only?: Selection;
	asXml: boolean;
	to: Destination;
}

// X.660 §A: an OID in dotted form is arcs of decimal numbers without leading zeros, at least two of them.
const DOTTED_OID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

function selectionOf(text: string, profile: Pkcs15Profile): Selection {
	const role = ROLES.find((r) => r === text.toLowerCase());
	if (role) {
		const slot = profile.documents[role];
		return { name: slot.name, oid: slot.oid.value };
	}
	if (DOTTED_OID.test(text)) return { name: `OID ${text}`, oid: text };
	throw new UsageError(`--only takes Bootstrap, Config1, Config2 or an OID in dotted form (e.g. 2.23.43.7.2), not ${echoed(text)}`, 'card');
}

/**
 * The script form asked for, or undefined for the human listing. Throws UsageError / FileError (exit 2) for a
 * combination that cannot work or an output that cannot be written.
 */
export function readOutputOption(args: ParsedArgs, profile: Pkcs15Profile): ReadOutput | undefined {
	const onlyText = args.values.get('only');
	const output = args.values.get('output');
	const folder = args.values.get('out-dir');
	const asXml = args.flags.has('xml');
	if (onlyText === undefined && output === undefined && folder === undefined) return undefined;
	if (output !== undefined && folder !== undefined) throw new UsageError('give either -o or --out-dir, not both', 'card');
	const only = onlyText === undefined ? undefined : selectionOf(onlyText, profile);
	const out = (to: Destination): ReadOutput => (only ? { only, asXml, to } : { asXml, to });
	if (folder !== undefined) return out({ kind: 'folder', folder, create: checkFolder(folder).create });
	if (!only) throw new UsageError('-o writes one document: name it with --only Bootstrap|Config1|Config2|<OID>, or use --out-dir', 'card');
	if (output === undefined || output === '-') {
		// WBXML is binary: on stdout only when asked for with '-o -', as `pstudio encode` does.
		if (output === undefined && !asXml) throw new UsageError('WBXML is binary: give -o <file> (or -o - for stdout), or --xml', 'card');
		return out({ kind: 'stdout' });
	}
	checkWritable(output);
	return out({ kind: 'file', file: output });
}

/** An EF the DODF points at that holds only erased bytes (FF) holds no document: absent, not empty. */
function isErased(d: ReadDocument): boolean {
	return d.bytes.every((b) => b === 0xff);
}

function roleOf(d: ReadDocument, profile: Pkcs15Profile): (typeof ROLES)[number] | undefined {
	return ROLES.find((r) => profile.documents[r].oid.value === d.oid);
}

/** bootstrap.wbxml, config1.xml, 1.2.3.wbxml; a second document with the same OID gets its path: bootstrap-6E05.wbxml. */
function fileNameOf(d: ReadDocument, profile: Pkcs15Profile, asXml: boolean, taken: Set<string>): string {
	const ext = asXml ? '.xml' : '.wbxml';
	const base = roleOf(d, profile) ?? d.oid;
	let name = base + ext;
	if (taken.has(name)) name = `${base}-${d.path.replace(/ /g, '')}${ext}`;
	taken.add(name);
	return name;
}

function nameOf(d: ReadDocument, profile: Pkcs15Profile): string {
	const role = roleOf(d, profile);
	return role ? profile.documents[role].name : `OID ${d.oid}`;
}

/**
 * Prints the header on stderr and delivers the chosen documents. Exit status: 0 all delivered, 1 the --only
 * document is not on the card or a document has no XML form (--xml), 2 or 74 a file could not be written (io.ts).
 */
export function emitRead(output: ReadOutput, reader: string, result: ReadResult, profile: Pkcs15Profile, io: Streams): number {
	io.stderr(`Reader: ${reader}\n${identityText(result.identity)}`);
	for (const d of result.documents) io.stderr(documentHeading(d));
	const present = result.documents.filter((d) => !isErased(d));
	const { only } = output;
	let chosen = present;
	if (only) {
		chosen = present.filter((d) => d.oid === only.oid);
		if (chosen.length === 0) {
			const held = present.map((d) => nameOf(d, profile));
			io.stderr(`${PROGRAM}: ${reader}: no ${only.name} document on the card (it holds ${held.length > 0 ? held.join(', ') : 'none'})\n`);
			return 1;
		}
		if (chosen.length > 1) io.stderr(`note: ${chosen.length} documents carry OID ${only.oid}; the first (path ${chosen[0].path}) is taken\n`);
		chosen = chosen.slice(0, 1);
	} else if (present.length === 0) {
		io.stderr('No provisioning documents on the card.\n');
	}
	const { to } = output;
	if (to.kind === 'folder' && to.create && chosen.length > 0) {
		try {
			makeFolder(to.folder);
		} catch (err) {
			if (!(err instanceof FileError)) throw err;
			io.stderr(failureLine(to.folder, err));
			return exitCodeOf(err);
		}
	}
	let status = 0;
	const taken = new Set<string>();
	for (const d of chosen) {
		let data: Uint8Array | string;
		if (output.asXml) {
			if (d.xml === undefined) {
				io.stderr(`${PROGRAM}: ${reader}: ${nameOf(d, profile)} (path ${d.path}) has no XML form: ${d.problem ?? 'it does not decode'}\n`);
				status = Math.max(status, 1);
				continue;
			}
			data = d.xml.endsWith('\n') ? d.xml : d.xml + '\n';
		} else {
			data = d.bytes;
		}
		if (to.kind === 'stdout') {
			io.stdout(data);
			continue;
		}
		const file = to.kind === 'file' ? to.file : join(to.folder, fileNameOf(d, profile, output.asXml, taken));
		try {
			writeAtomic(file, data);
		} catch (err) {
			if (!(err instanceof FileError)) throw err;
			io.stderr(failureLine(file, err));
			status = Math.max(status, exitCodeOf(err));
			continue;
		}
		io.stderr(`wrote ${file} (${typeof data === 'string' ? `${new TextEncoder().encode(data).length} bytes of XML` : `${data.length} bytes of WBXML`})\n`);
	}
	return status;
}
