// Simulator profiles as JSON: a file tree with FIDs, structure, sizes, contents (hex) and access conditions,
// plus the PIN/ADM values (hex) and retry counters. Loading validates every field and names the bad one.
import { fromHex, toHex } from '../../codec/hex';
import { clipped, echoed } from '../../text';
import { Secret } from '../../security/secret';
import { CardError } from '../error';
import { ACCESS_CONDITIONS, KEY_NAMES, type AccessCondition, type SimCardState, type SimDf, type SimEf, type SimKeyName, type SimNode } from './model';

export const PROFILE_FORMAT = 'pstudio-sim-profile/1';

export interface ProfileKey {
	/** Hex, 8 bytes as VERIFY carries it (e.g. PIN "0000" = 30303030FFFFFFFF). */
	value: string;
	retries: number;
	/** Tries left now; defaults to retries. */
	remaining?: number;
}

export interface ProfileDf {
	fid: string;
	type: 'df';
	name?: string;
	aid?: string;
	children?: ProfileNode[];
}

export interface ProfileEf {
	fid: string;
	type: 'transparent' | 'linear-fixed';
	name?: string;
	/** Transparent: bytes. Linear fixed: computed from recordLength × records when absent. */
	size?: number;
	recordLength?: number;
	records?: number;
	sfi?: number;
	read: AccessCondition;
	update: AccessCondition;
	/** Hex; shorter than the file → rest filled with FF (erased state). */
	contents?: string;
}

export type ProfileNode = ProfileDf | ProfileEf;

export interface SimProfile {
	format: typeof PROFILE_FORMAT;
	atr: string;
	freeMemory: number;
	keys: Partial<Record<SimKeyName, ProfileKey>>;
	mf: ProfileDf;
}

function invalid(field: string, message: string): CardError {
	return new CardError('PROFILE_INVALID', `profile field ${field}: ${message}`, { field });
}

/** A value from the profile file repeated in a message: at most about 80 characters of it (issue 8 §2). */
function shown(v: unknown): string {
	return typeof v === 'string' ? echoed(v) : clipped(String(JSON.stringify(v)));
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hexField(v: unknown, field: string): Uint8Array {
	if (typeof v !== 'string') throw invalid(field, `expected a hex string, found ${typeof v}`);
	try {
		return fromHex(v);
	} catch (e) {
		throw invalid(field, e instanceof Error ? e.message : 'not hex');
	}
}

function intField(v: unknown, field: string, min: number, max: number): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		throw invalid(field, `expected an integer ${min}..${max}, found ${shown(v)}`);
	}
	return v;
}

function fidField(v: unknown, field: string): number {
	const b = hexField(v, field);
	if (b.length !== 2) throw invalid(field, `expected a 2-byte file ID, found ${b.length} bytes`);
	const fid = (b[0] << 8) | b[1];
	// TS 102 221 §8.3: FFFF is reserved; 7FFF names the current ADF.
	if (fid === 0xffff || fid === 0x7fff) throw invalid(field, `file ID ${toHex(b)} is reserved`);
	return fid;
}

function acField(v: unknown, field: string): AccessCondition {
	if (typeof v !== 'string' || !(ACCESS_CONDITIONS as readonly string[]).includes(v)) {
		throw invalid(field, `expected one of ${ACCESS_CONDITIONS.join(', ')}, found ${shown(v)}`);
	}
	return v as AccessCondition;
}

function optString(v: unknown, field: string): string | undefined {
	if (v === undefined) return undefined;
	if (typeof v !== 'string') throw invalid(field, `expected a string, found ${typeof v}`);
	return v;
}

function loadNode(v: unknown, field: string, parent: SimDf | undefined): SimNode {
	if (!isObject(v)) throw invalid(field, 'expected an object');
	const fid = fidField(v.fid, `${field}.fid`);
	const name = optString(v.name, `${field}.name`);
	if (v.type === 'df') {
		const df: SimDf = { kind: 'df', fid, name, children: [], parent };
		if (v.aid !== undefined) {
			const aid = hexField(v.aid, `${field}.aid`);
			if (aid.length < 5 || aid.length > 16) throw invalid(`${field}.aid`, `expected 5..16 bytes, found ${aid.length}`);
			df.aid = aid;
		}
		if (v.children !== undefined && !Array.isArray(v.children)) throw invalid(`${field}.children`, 'expected an array');
		const seen = new Set<number>();
		((v.children as unknown[] | undefined) ?? []).forEach((c, i) => {
			const child = loadNode(c, `${field}.children[${i}]`, df);
			if (seen.has(child.fid)) throw invalid(`${field}.children[${i}].fid`, `duplicate file ID ${toHex(Uint8Array.from([child.fid >> 8, child.fid & 0xff]))} in the same DF`);
			seen.add(child.fid);
			df.children.push(child);
		});
		return df;
	}
	if (v.type !== 'transparent' && v.type !== 'linear-fixed') {
		throw invalid(`${field}.type`, `expected df, transparent or linear-fixed, found ${shown(v.type)}`);
	}
	const read = acField(v.read, `${field}.read`);
	const update = acField(v.update, `${field}.update`);
	let size: number;
	let recordLength: number | undefined;
	if (v.type === 'transparent') {
		// 15-bit offsets (TS 102 221 §11.1.3) bound what READ BINARY can reach.
		size = intField(v.size, `${field}.size`, 1, 0x8000);
	} else {
		recordLength = intField(v.recordLength, `${field}.recordLength`, 1, 255);
		const records = intField(v.records, `${field}.records`, 1, 254);
		size = recordLength * records;
		if (v.size !== undefined && v.size !== size) throw invalid(`${field}.size`, `expected recordLength × records = ${size}, found ${shown(v.size)}`);
	}
	const data = new Uint8Array(size).fill(0xff);
	if (v.contents !== undefined) {
		const c = hexField(v.contents, `${field}.contents`);
		if (c.length > size) throw invalid(`${field}.contents`, `${c.length} bytes do not fit a file of ${size}`);
		data.set(c, 0);
	}
	const ef: SimEf = { kind: v.type, fid, name, read, update, data, recordLength, parent };
	if (v.sfi !== undefined) ef.sfi = intField(v.sfi, `${field}.sfi`, 1, 30);
	return ef;
}

/** Validates a parsed profile object and builds the card state; every problem is a CardError PROFILE_INVALID. */
export function loadProfile(v: unknown): SimCardState {
	if (!isObject(v)) throw invalid('(root)', 'expected an object');
	if (v.format !== PROFILE_FORMAT) throw invalid('format', `expected "${PROFILE_FORMAT}", found ${shown(v.format)}`);
	const atr = hexField(v.atr, 'atr');
	if (atr.length < 2 || atr.length > 33) throw invalid('atr', `expected 2..33 bytes (ISO/IEC 7816-3 §8.2), found ${atr.length}`);
	const freeMemory = intField(v.freeMemory, 'freeMemory', 0, 0x7fffffff);
	if (!isObject(v.keys)) throw invalid('keys', 'expected an object');
	const keys: SimCardState['keys'] = {};
	for (const [name, k] of Object.entries(v.keys)) {
		const f = `keys.${clipped(name)}`;
		if (!(KEY_NAMES as readonly string[]).includes(name)) throw invalid(f, `unknown key, expected one of ${KEY_NAMES.join(', ')}`);
		if (!isObject(k)) throw invalid(f, 'expected an object');
		const value = hexField(k.value, `${f}.value`);
		if (value.length !== 8) throw invalid(`${f}.value`, `expected 8 bytes (FF-padded as VERIFY sends it), found ${value.length}`);
		const retries = intField(k.retries, `${f}.retries`, 1, 15);
		const remaining = k.remaining === undefined ? retries : intField(k.remaining, `${f}.remaining`, 0, retries);
		keys[name as SimKeyName] = { value: new Secret(name, value), maxRetries: retries, remaining };
	}
	const mf = loadNode(v.mf, 'mf', undefined);
	if (mf.kind !== 'df' || mf.fid !== 0x3f00) throw invalid('mf', 'expected a df with fid 3F00');
	return { atr, mf, keys, freeMemory };
}

/** JSON text → card state; a syntax error is a PROFILE_INVALID too. */
export function parseProfileText(text: string): SimCardState {
	let v: unknown;
	try {
		v = JSON.parse(text);
	} catch (e) {
		throw invalid('(json)', e instanceof Error ? e.message : 'not JSON');
	}
	return loadProfile(v);
}

function fidHex(fid: number): string {
	return toHex(Uint8Array.from([fid >> 8, fid & 0xff]));
}

function saveNode(n: SimNode): ProfileNode {
	if (n.kind === 'df') {
		const d: ProfileDf = { fid: fidHex(n.fid), type: 'df' };
		if (n.name !== undefined) d.name = n.name;
		if (n.aid) d.aid = toHex(n.aid);
		d.children = n.children.map(saveNode);
		return d;
	}
	const e: ProfileEf = { fid: fidHex(n.fid), type: n.kind, read: n.read, update: n.update };
	if (n.name !== undefined) e.name = n.name;
	if (n.kind === 'transparent') e.size = n.data.length;
	else {
		e.recordLength = n.recordLength;
		e.records = n.data.length / (n.recordLength ?? 1);
	}
	if (n.sfi !== undefined) e.sfi = n.sfi;
	e.contents = toHex(n.data);
	return e;
}

/** Card state → profile object (contents in full, key values revealed: a profile IS the card's secrets). */
export function saveProfile(state: SimCardState): SimProfile {
	const keys: SimProfile['keys'] = {};
	for (const name of KEY_NAMES) {
		const k = state.keys[name];
		if (k) keys[name] = { value: toHex(k.value.reveal()), retries: k.maxRetries, remaining: k.remaining };
	}
	const mf = saveNode(state.mf);
	if (mf.type !== 'df') throw new CardError('PROFILE_INVALID', 'profile field mf: MF is not a DF', { field: 'mf' });
	return { format: PROFILE_FORMAT, atr: toHex(state.atr), freeMemory: state.freeMemory, keys, mf };
}
