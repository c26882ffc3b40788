// The bureau package kind (issue 10 §3): for each good row, under its ICCID, the PKCS#15 provisioning files as the
// card writer would write them and a scriptor script that writes them; at the end rejected.csv (row, column,
// reason) names the cards of the order that are not in the package. The ADM1 key enters the package only when
// the user asked for keys in the script, and then only in the VERIFY line of that card's script (the export then
// encrypts the zip, kind.ts).
import { Secret } from '../../../security';
import { Pkcs15Error } from '../../../card/pkcs15';
import { BatchError } from '../../error';
import { columnKey, type OrderHeader } from '../../orders/index';
import { RowRejected, type ExportedRow, type PackageEntry, type PackageKind, type RejectedRow } from '../kind';
import { csvRecord, MemorySpool, type Spool } from '../spool';
import { BureauPlanner, type BureauCard, type BureauFile, type BureauFileOptions } from './card-files';
import { scriptorScript } from './scriptor';

/** The document slots a template's documents fill, in order (the writer's Bootstrap, Config1, Config2). */
export type BureauSlot = 'bootstrap' | 'config1' | 'config2';

export interface BureauPackageOptions extends BureauFileOptions {
	/** Put each row's ADM1 key in its script's VERIFY line (the package then holds secrets). Default false. */
	keysInScript?: boolean;
	/** The order column holding ADM1 when keysInScript; default the first of ADM1, ADM, PIN_ADM, PIN_ADM_HEX. */
	admColumn?: string;
	/** Which slot each of a row's documents fills, by position; default Bootstrap, Config1, Config2. */
	slots?: readonly BureauSlot[];
	/** Where rejected.csv's lines wait for the end (default in memory; a file-backed Spool keeps memory flat). */
	spool?: () => Spool;
}

/** pySim's pin_adm / adm1 / pin_adm_hex and vendors' ADM1 (orders/columns.ts), most specific first. */
const ADM_COLUMNS = ['ADM1', 'ADM', 'PIN_ADM', 'PIN_ADM_HEX'];

const ENTRY_NAMES: Record<BureauFile['role'], string> = {
	bootstrap: 'EF.Bootstrap.bin',
	config1: 'EF.Config1.bin',
	config2: 'EF.Config2.bin',
	dmBootstrap: 'EF.DM-Bootstrap.bin',
	dodf: 'EF.DODF.bin',
	tokenInfo: 'EF.TokenInfo.bin',
	odf: 'EF.ODF.bin',
	dir: 'EF.DIR.bin'
};

export const SCRIPT_NAME = 'write.scriptor';

/** The entry path of one card file: `<ICCID>/EF.Bootstrap.bin`, …, `<ICCID>/EF.DIR.bin` (the record). */
export function entryPath(iccid: string, file: BureauFile): string {
	return `${iccid}/${ENTRY_NAMES[file.role]}`;
}

function checkSlots(slots: readonly BureauSlot[]): void {
	if (slots.length === 0 || slots[0] !== 'bootstrap') {
		throw new BatchError('bad-option', `the first document of a row must fill the Bootstrap slot (as for card write), got ${slots[0] ?? 'none'}`);
	}
	if (new Set(slots).size !== slots.length) throw new BatchError('bad-option', `document slots repeat: ${slots.join(', ')}`);
}

function admOf(row: ExportedRow, column: string | undefined): Secret {
	const names = column === undefined ? ADM_COLUMNS : [column];
	for (const name of names) {
		const value = row.value(name);
		if (value instanceof Secret) return value;
		if (typeof value === 'string') {
			// A column kept as text is not an ADM key the order reader checked; never echo its value.
			throw new RowRejected('bad-value', `column ${name} is not read as a key (it holds text), so it cannot go in the script`, name);
		}
	}
	throw new RowRejected('value-empty', `keys in the script were asked for, but the row has no ${names.join(' / ')} value`, names[0]);
}

/** The card of one row: its ICCID and its documents in their slots. A row that cannot be one is RowRejected. */
export function bureauCard(row: ExportedRow, slots: readonly BureauSlot[]): BureauCard {
	if (row.documents.length > slots.length) {
		throw new BatchError('bad-option', `rows have ${row.documents.length} documents; the bureau package has slots for ${slots.length} (${slots.join(', ')})`);
	}
	const documents: Partial<Record<BureauSlot, Uint8Array>> = {};
	row.documents.forEach((d, i) => {
		// The card writer puts CP documents (PROV) in ProvSC's Bootstrap/Config files; a DM bootstrap is not one.
		if (d.language.name !== 'PROV') {
			throw new RowRejected('bad-language', `document ${i + 1} is ${d.language.name}; the bureau package writes CP documents (PROV), as card write does`);
		}
		documents[slots[i]] = d.wbxml;
	});
	const bootstrap = documents.bootstrap;
	if (bootstrap === undefined) throw new RowRejected('value-empty', 'no document for the Bootstrap slot');
	if (row.iccid === '') throw new RowRejected('value-empty', 'no ICCID: it names the card folder and is the TokenInfo serial number', 'ICCID');
	if (!/^[0-9]{1,20}$/.test(row.iccid)) throw new RowRejected('bad-value', `the ICCID is ${row.iccid.length} characters; EF.ICCID holds 1..20 digits`, 'ICCID');
	return {
		iccid: row.iccid,
		documents: {
			bootstrap,
			...(documents.config1 !== undefined ? { config1: documents.config1 } : {}),
			...(documents.config2 !== undefined ? { config2: documents.config2 } : {})
		}
	};
}

function entriesOf(planner: BureauPlanner, card: BureauCard, keysInScript: boolean): PackageEntry[] {
	const files = planner.plan(card);
	const entries: PackageEntry[] = files.files.map((f) => ({ path: entryPath(card.iccid, f), data: f.bytes }));
	const adm = keysInScript ? card.adm : undefined;
	if (keysInScript && adm === undefined) throw new BatchError('bad-option', `ICCID ${card.iccid}: keys in the script were asked for, but there is no ADM1 key`);
	entries.push({ path: `${card.iccid}/${SCRIPT_NAME}`, data: new TextEncoder().encode(scriptorScript(files, adm === undefined ? {} : { adm })) });
	return entries;
}

/** The entries of one card: its files, then its script. */
export function bureauEntries(card: BureauCard, options: BureauFileOptions & { keysInScript?: boolean } = {}): PackageEntry[] {
	return entriesOf(new BureauPlanner(options), card, options.keysInScript === true);
}

export function bureauPackage(options: BureauPackageOptions = {}): PackageKind {
	const slots = options.slots ?? ['bootstrap', 'config1', 'config2'];
	checkSlots(slots);
	// Options are checked here, before the first row: a bad one refuses the export, not every row.
	const planner = new BureauPlanner(options);
	const keysInScript = options.keysInScript === true;
	// Same columns as the manufacturer package's rejected.csv: row, column, reason (never a secret's value).
	const rejectedCsv = (options.spool ?? (() => new MemorySpool()))();
	void rejectedCsv.append('row,column,reason\n');
	return {
		name: 'bureau',
		holdsSecrets: keysInScript,
		// The ICCID names the card's folder and becomes TokenInfo's serial number (EF.ICCID form).
		requires: ['iccid'],
		check(header: OrderHeader): void {
			if (!keysInScript) return;
			const names = options.admColumn === undefined ? ADM_COLUMNS : [options.admColumn];
			if (!names.some((n) => header.byKey.has(columnKey(n)))) {
				throw new BatchError('bad-option', `keys in the script need an ADM1 key column (${names.join(', ')}); the order has none`);
			}
		},
		entriesFor(row: ExportedRow): PackageEntry[] {
			const card = bureauCard(row, slots);
			if (keysInScript) card.adm = admOf(row, options.admColumn);
			try {
				return entriesOf(planner, card, keysInScript);
			} catch (e) {
				// buildLayout's "Bootstrap is 1500 bytes; EF 6E01 holds 1024": this row is set aside, the others go on.
				if (e instanceof Pkcs15Error) throw new RowRejected(e.code, e.file === 'layout' ? e.message.slice('layout: '.length) : e.message);
				throw e;
			}
		},
		async setAside(rejected: RejectedRow): Promise<void> {
			// A set-aside row gets no folder; rejected.csv tells the bureau which cards of the order are missing and why.
			await rejectedCsv.append(csvRecord([String(rejected.row), rejected.column ?? '', rejected.reason]));
		},
		finish(): PackageEntry[] {
			return [{ path: 'rejected.csv', data: rejectedCsv.stream() }];
		}
	};
}
