// EF(TokenInfo) 5032 (PKCS#15 v1.1 §6.9). Readers (SIMalliance, OpenSC) require it to accept a DF as PKCS#15.
import { bitsSet, namedBits, parseTlvAs, serialize, toArrayBuffer } from './asn';
import { checkNesting, readTlv } from './der';
import { Pkcs15Error } from './error';
import { TOKEN_FLAGS, type TokenFlag, type TokenInfo } from './model';
import { TokenInfoAsn } from './schema';

export function encodeTokenInfo(info: TokenInfo): Uint8Array {
	const asn = new TokenInfoAsn();
	asn.version = info.version;
	if (info.serialNumber !== undefined) asn.serialNumber = toArrayBuffer(info.serialNumber);
	if (info.manufacturerID !== undefined) asn.manufacturerID = info.manufacturerID;
	if (info.label !== undefined) asn.label = info.label;
	asn.tokenflags = namedBits(info.flags.map((f) => TOKEN_FLAGS.indexOf(f)));
	return serialize(asn);
}

/** The TokenInfo SEQUENCE at the start of the file; whatever follows it (FF fill) is ignored. */
export function parseTokenInfo(bytes: Uint8Array): TokenInfo {
	const t = readTlv(bytes, 0, bytes.length, 'TokenInfo');
	if (t.tag !== 0x30) {
		throw new Pkcs15Error('unexpected-tag', 'TokenInfo', 0, `expected SEQUENCE (30), found 0x${t.tag.toString(16).toUpperCase()}`);
	}
	checkNesting(bytes, t.valueOffset, t.end, 'TokenInfo', 1);
	const asn = parseTlvAs(bytes, t, TokenInfoAsn, 'TokenInfo', 'TokenInfo');
	if (typeof asn.version !== 'number' || !Number.isSafeInteger(asn.version)) {
		throw new Pkcs15Error('schema', 'TokenInfo', t.valueOffset, `version is not a small integer: ${String(asn.version)}`);
	}
	const flags: TokenFlag[] = [];
	for (const bit of bitsSet(asn.tokenflags)) if (bit < TOKEN_FLAGS.length) flags.push(TOKEN_FLAGS[bit]);
	const info: TokenInfo = { version: asn.version, flags };
	if (asn.serialNumber !== undefined) info.serialNumber = new Uint8Array(asn.serialNumber);
	if (asn.manufacturerID !== undefined) info.manufacturerID = asn.manufacturerID;
	if (asn.label !== undefined) info.label = asn.label;
	return info;
}
