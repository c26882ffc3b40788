// "3F00 7F50 6E01": a path as its 2-byte FIDs, for script comments and entry names.
import { toHex } from '../../../codec/hex';

export function pathText(path: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i < path.length; i += 2) parts.push(toHex(path.subarray(i, i + 2)));
	return parts.join(' ');
}
