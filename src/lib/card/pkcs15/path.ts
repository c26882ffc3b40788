// PKCS#15 v1.1 §6.1.5 Path: conversion to/from the schema and the rules a reader applies to it.
import { Pkcs15Error, type Pkcs15File } from './error';
import type { Pkcs15Path } from './model';
import { PathAsn } from './schema';
import { toArrayBuffer } from './asn';

const MF = [0x3f, 0x00];

export function isAbsolute(path: Uint8Array): boolean {
	return path.length >= 2 && path[0] === MF[0] && path[1] === MF[1];
}

/** Resolves `path` against DF(PKCS#15): absolute paths stay, relative ones are appended to the DF's path. */
export function resolvePath(dfPath: Uint8Array, path: Uint8Array): Uint8Array {
	if (isAbsolute(path)) return path;
	const out = new Uint8Array(dfPath.length + path.length);
	out.set(dfPath, 0);
	out.set(path, dfPath.length);
	return out;
}

/** "3F00 7F50 6E01": FIDs for messages. */
export function pathText(path: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i < path.length; i += 2) {
		let s = '';
		for (const b of path.subarray(i, i + 2)) s += b.toString(16).toUpperCase().padStart(2, '0');
		parts.push(s);
	}
	return parts.join(' ');
}

function checkInteger(value: unknown, name: string, file: Pkcs15File, offset: number): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > 0xffffff) {
		throw new Pkcs15Error('bad-path', file, offset, `Path ${name} must be an integer 0..16777215, found ${String(value)}`);
	}
	return value;
}

/** Validates a decoded Path: FIDs are 2 bytes each (ISO 7816-4 §5.1.2) and index/length come together (§6.1.5). */
export function pathFromAsn(asn: PathAsn, file: Pkcs15File, offset: number): Pkcs15Path {
	const path = new Uint8Array(asn.path);
	if (path.length === 0 || path.length % 2 !== 0) {
		throw new Pkcs15Error('bad-path', file, offset, `Path is ${path.length} bytes; expected a non-empty even number of bytes (2-byte FIDs)`);
	}
	const hasIndex = asn.index !== undefined;
	const hasLength = asn.length !== undefined;
	if (hasIndex !== hasLength) {
		throw new Pkcs15Error('bad-path', file, offset, 'Path index and length must be both present or both absent (PKCS#15 §6.1.5)');
	}
	if (!hasIndex) return { path };
	return {
		path,
		index: checkInteger(asn.index, 'index', file, offset),
		length: checkInteger(asn.length, 'length', file, offset)
	};
}

export function pathToAsn(path: Pkcs15Path): PathAsn {
	const asn = new PathAsn();
	asn.path = toArrayBuffer(path.path);
	if (path.index !== undefined && path.length !== undefined) {
		asn.index = path.index;
		asn.length = path.length;
	}
	return asn;
}
