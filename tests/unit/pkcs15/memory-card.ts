// An in-memory card file system implementing CardFiles, with ISO 7816-4 selection semantics: selecting an EF
// makes its parent the current DF; a relative path is resolved against the current DF.
import { toHex } from '../../../src/lib/codec/hex';
import type { CardFiles, FileInfo } from '../../../src/lib/card/pkcs15';

type Node =
	| { kind: 'df'; aid?: Uint8Array }
	| { kind: 'transparent'; data: Uint8Array }
	| { kind: 'linear-fixed'; records: Uint8Array[] };

export class CardFileError extends Error {
	constructor(readonly sw: number, message: string) {
		super(`${sw.toString(16).toUpperCase()}: ${message}`);
	}
}

export class MemoryCard implements CardFiles {
	readonly nodes = new Map<string, Node>();
	readonly log: string[] = [];
	private currentDf = '3F00';
	private currentEf: string | undefined;
	selectAid?: (aid: Uint8Array) => Promise<FileInfo>;

	constructor(options: { aidSelection: boolean } = { aidSelection: true }) {
		this.nodes.set('3F00', { kind: 'df' });
		if (options.aidSelection) this.selectAid = (aid) => this.doSelectAid(aid);
	}

	df(path: string, aid?: Uint8Array): this {
		this.nodes.set(path, aid ? { kind: 'df', aid } : { kind: 'df' });
		return this;
	}

	ef(path: string, data: Uint8Array): this {
		this.nodes.set(path, { kind: 'transparent', data: data.slice() });
		return this;
	}

	/** A transparent EF of `size` bytes, erased to FF. */
	emptyEf(path: string, size: number): this {
		return this.ef(path, new Uint8Array(size).fill(0xff));
	}

	linearFixed(path: string, records: Uint8Array[]): this {
		this.nodes.set(path, { kind: 'linear-fixed', records: records.map((r) => r.slice()) });
		return this;
	}

	data(path: string): Uint8Array {
		const node = this.nodes.get(path);
		if (node?.kind !== 'transparent') throw new Error(`${path} is not a transparent EF`);
		return node.data;
	}

	record(path: string, n: number): Uint8Array {
		const node = this.nodes.get(path);
		if (node?.kind !== 'linear-fixed') throw new Error(`${path} is not a record EF`);
		return node.records[n - 1];
	}

	private info(node: Node): FileInfo {
		if (node.kind === 'df') return { structure: 'df' };
		if (node.kind === 'transparent') return { structure: 'transparent', size: node.data.length };
		return { structure: 'linear-fixed', recordLength: node.records[0]?.length ?? 0, recordCount: node.records.length };
	}

	async selectPath(path: Uint8Array): Promise<FileInfo> {
		const hex = toHex(path);
		const key = hex.startsWith('3F00') ? hex : this.currentDf + hex;
		this.log.push(`SELECT ${key}`);
		const node = this.nodes.get(key);
		if (!node) throw new CardFileError(0x6a82, `file ${key} not found`);
		if (node.kind === 'df') {
			this.currentDf = key;
			this.currentEf = undefined;
		} else {
			this.currentDf = key.slice(0, -4);
			this.currentEf = key;
		}
		return this.info(node);
	}

	private async doSelectAid(aid: Uint8Array): Promise<FileInfo> {
		this.log.push(`SELECT AID ${toHex(aid)}`);
		for (const [key, node] of this.nodes) {
			if (node.kind === 'df' && node.aid && toHex(node.aid).startsWith(toHex(aid))) {
				this.currentDf = key;
				this.currentEf = undefined;
				return this.info(node);
			}
		}
		throw new CardFileError(0x6a82, `application ${toHex(aid)} not found`);
	}

	private current(kind: Node['kind']): Node & { kind: typeof kind } {
		const node = this.currentEf ? this.nodes.get(this.currentEf) : undefined;
		if (!node || node.kind !== kind) throw new CardFileError(0x6986, `no ${kind} EF selected`);
		return node;
	}

	async readBinary(offset: number, length: number): Promise<Uint8Array> {
		const node = this.current('transparent') as Extract<Node, { kind: 'transparent' }>;
		this.log.push(`READ BINARY ${this.currentEf} ${offset}+${length}`);
		if (offset + length > node.data.length) throw new CardFileError(0x6b00, 'offset beyond EF');
		return node.data.slice(offset, offset + length);
	}

	async readRecord(record: number): Promise<Uint8Array> {
		const node = this.current('linear-fixed') as Extract<Node, { kind: 'linear-fixed' }>;
		this.log.push(`READ RECORD ${this.currentEf} ${record}`);
		const r = node.records[record - 1];
		if (!r) throw new CardFileError(0x6a83, 'record not found');
		return r.slice();
	}

	async updateBinary(offset: number, data: Uint8Array): Promise<void> {
		const node = this.current('transparent') as Extract<Node, { kind: 'transparent' }>;
		this.log.push(`UPDATE BINARY ${this.currentEf} ${offset}+${data.length}`);
		if (offset + data.length > node.data.length) throw new CardFileError(0x6b00, 'offset beyond EF');
		node.data.set(data, offset);
	}

	async updateRecord(record: number, data: Uint8Array): Promise<void> {
		const node = this.current('linear-fixed') as Extract<Node, { kind: 'linear-fixed' }>;
		this.log.push(`UPDATE RECORD ${this.currentEf} ${record}`);
		const r = node.records[record - 1];
		if (!r) throw new CardFileError(0x6a83, 'record not found');
		if (data.length !== r.length) throw new CardFileError(0x6700, 'wrong record length');
		node.records[record - 1] = data.slice();
	}
}

export function ffRecord(length: number): Uint8Array {
	return new Uint8Array(length).fill(0xff);
}
