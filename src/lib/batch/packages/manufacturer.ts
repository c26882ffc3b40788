// The manufacturer's "Provisioning Content" package: per device <ICCID>.xml (the document as XML text) and
// <ICCID>.wbxml (the bytes a device is flashed with, the bytes the MAC is over); manifest.csv with one line per
// WBXML file (`file,iccid,imsi,sec,mac,sha256`: sec the method's name, mac as ProvBoot §5 writes it, 40 uppercase
// hex; sha256 of the WBXML file, 64 lowercase hex as sha256sum prints it); rejected.csv with every reason a row
// was set aside (`row,column,reason`). With `secretColumns`, secrets.csv (`iccid,<column>…`) holds those
// columns' values — only then does the package itself carry the order's secrets.
import { sha256 } from '@noble/hashes/sha2.js';
import { BatchError } from '../error';
import { columnKey, orderValueText, ruleFor, type ColumnKind, type OrderHeader } from '../orders/index';
import { RowRejected, type ExportedRow, type ExportTotals, type PackageEntry, type PackageKind, type RejectedRow } from './kind';
import { csvRecord, MemorySpool, type Spool } from './spool';

export interface ManufacturerOptions {
	/** Columns whose values go into secrets.csv (ADM1, PIN1, KI, …); none by default. */
	readonly secretColumns?: readonly string[];
	/** Where the closing files' lines wait for the end (default: memory). */
	readonly spool?: () => Spool;
}

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';

function lowerHex(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
	return out;
}

export class ManufacturerPackage implements PackageKind {
	readonly name = 'manufacturer';
	readonly holdsSecrets: boolean;
	/** Files are named after the ICCID. */
	readonly requires = ['iccid'] as const;
	readonly #manifest: Spool;
	readonly #rejected: Spool;
	readonly #secrets: Spool | undefined;
	readonly #secretColumns: readonly string[];
	readonly #secretKinds: readonly ColumnKind[];

	constructor(options: ManufacturerOptions = {}) {
		const spool = options.spool ?? (() => new MemorySpool());
		this.#secretColumns = options.secretColumns ?? [];
		this.#secretKinds = this.#secretColumns.map((name) => ruleFor(name).kind);
		this.holdsSecrets = this.#secretColumns.length > 0;
		this.#manifest = spool();
		this.#rejected = spool();
		void this.#manifest.append('file,iccid,imsi,sec,mac,sha256\n');
		void this.#rejected.append('row,column,reason\n');
		if (this.holdsSecrets) {
			this.#secrets = spool();
			void this.#secrets.append(csvRecord(['iccid', ...this.#secretColumns]));
		}
	}

	async entriesFor(row: ExportedRow): Promise<PackageEntry[]> {
		// The ICCID names the files: digits only (E.118), so no value can make a path of it (`../x`, `a\b`, `C:x`).
		if (!/^[0-9]{1,20}$/.test(row.iccid)) throw new RowRejected('bad-value', `the ICCID is ${row.iccid.length} characters; it names the files, so it must be 1..20 digits`, 'ICCID');
		const document = row.documents[0];
		const wbxmlName = `${row.iccid}.wbxml`;
		await this.#manifest.append(csvRecord([wbxmlName, row.iccid, row.imsi ?? '', row.sec ?? '', document.mac ?? '', lowerHex(sha256(document.wbxml))]));
		if (this.#secrets !== undefined) {
			const values = this.#secretColumns.map((name, i) => {
				const value = row.value(name);
				return value === undefined ? '' : orderValueText(this.#secretKinds[i], value);
			});
			await this.#secrets.append(csvRecord([row.iccid, ...values]));
		}
		return [
			{ path: `${row.iccid}.xml`, data: encoder.encode(document.xml()) },
			{ path: wbxmlName, data: document.wbxml }
		];
	}

	async setAside(rejected: RejectedRow): Promise<void> {
		await this.#rejected.append(csvRecord([String(rejected.row), rejected.column ?? '', rejected.reason]));
	}

	finish(_totals: ExportTotals): PackageEntry[] {
		const entries: PackageEntry[] = [
			{ path: 'manifest.csv', data: this.#manifest.stream() },
			{ path: 'rejected.csv', data: this.#rejected.stream() }
		];
		if (this.#secrets !== undefined) entries.push({ path: 'secrets.csv', data: this.#secrets.stream() });
		return entries;
	}

	/** Every secret column asked for is in the order. */
	check(header: OrderHeader): void {
		for (const name of this.#secretColumns) {
			if (!header.byKey.has(columnKey(name))) throw new BatchError('bad-option', `the secret column ${JSON.stringify(name)} is not in the order (its columns: ${header.columns.map((c) => c.name).join(', ')})`);
		}
	}
}
