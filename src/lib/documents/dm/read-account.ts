// Reads a DM account from JSON or XML. Both forms use the DMAcc node names (StdObj §7.1.3.1):
//
// JSON (accountFromJson):
//   { "NodeName": "acme",                      optional, default: ServerID made URI-safe
//     "ServerID": "dm.example.com", "Name": "Example DM",
//     "PrefConRef": "./ConnMO/Internet", "ToConRef": ["NAP1"],
//     "AppAddr": [{ "Addr": "https://dm.example.com/dm", "AddrType": "URI", "Port": ["443"] }],
//     "AAuthPref": "DIGEST",
//     "AppAuth": [{ "AAuthLevel": "CLCRED", "AAuthType": "DIGEST", "AAuthName": "imei:1",
//                   "AAuthSecret": "secret as given", "AAuthData": "<base64 bytes>" }] }
// XML (accountFromXml): the same names as elements, lists as repeated elements, NodeName as an attribute:
//   <DMAcc NodeName="acme"><ServerID>dm.example.com</ServerID>
//     <AppAddr><Addr>https://dm.example.com/dm</Addr><AddrType>URI</AddrType><Port>443</Port></AppAddr>
//     <AppAuth><AAuthLevel>CLCRED</AAuthLevel><AAuthType>DIGEST</AAuthType><AAuthSecret>s</AAuthSecret></AppAuth>
//   </DMAcc>
// AddrType defaults to URI. Errors name the JSON path or the XML line:column of the offending value.
import { jsonLineColumn, jsonRepeatedMembers, jsonStrings } from '../../codec/json';
import { describeNonXmlChar, firstNonXmlChar, parseXml, XmlError } from '../../codec/xml';
import type { SourcePosition, XmlElement } from '../../codec/xml/tree';
import { decodeBase64, URI_LIMITS } from '../ddf';
import { Secret } from '../../security/secret';
import { suggestion } from '../suggest';
import { escapedUnprintable } from '../../text';
import { AAUTH_LEVELS, accountNodeName, type AAuthLevel, type AppAddr, type AppAuth, type DmAccount } from './account';
import { DmError, type DmLocation } from './error';

type Locate = (jsonPath: string) => DmLocation;

const ACCOUNT_KEYS = ['NodeName', 'ServerID', 'Name', 'PrefConRef', 'ToConRef', 'AppAddr', 'AAuthPref', 'AppAuth'];
const ADDR_KEYS = ['Addr', 'AddrType', 'Port'];
const AUTH_KEYS = ['AAuthLevel', 'AAuthType', 'AAuthName', 'AAuthSecret', 'AAuthData'];
const LISTS = new Set(['ToConRef', 'AppAddr', 'Port', 'AppAuth']);

export function accountFromJson(text: string): DmAccount {
	// One walk gives both what JSON.parse's messages lack (where the text stops being JSON) and where each member
	// name is: JSON.parse keeps the last of two members of one name silently (RFC 8259 §4: names SHOULD be unique),
	// so a second AAuthSecret or Addr would replace the first without a word.
	const walked = jsonStrings(text);
	if ('syntax' in walked) {
		const { offset, expected } = walked.syntax;
		throw new DmError('not-json', jsonLineColumn(text, offset), `not JSON: expected ${expected}${offset >= text.length ? ' before the end of the text' : ''}`);
	}
	const [twice] = jsonRepeatedMembers(walked.strings);
	if (twice !== undefined) throw new DmError('bad-account', jsonLineColumn(text, twice.again), `${twice.path} is given twice (the first at line ${jsonLineColumn(text, twice.first).line})`);
	return accountFromObject(JSON.parse(text) as unknown, (jsonPath) => ({ jsonPath }));
}

export function accountFromXml(text: string): DmAccount {
	let root: XmlElement;
	try {
		root = parseXml(text).root;
	} catch (error) {
		if (error instanceof XmlError) throw new DmError('not-well-formed', { line: error.line, column: error.column }, error.reason);
		throw error;
	}
	const positions = new Map<string, DmLocation>();
	const here = (position: SourcePosition | undefined): DmLocation =>
		position !== undefined && 'line' in position ? { line: position.line, column: position.column } : undefined;
	positions.set('$', here(root.position));
	if (root.name !== 'DMAcc') throw new DmError('bad-account', here(root.position), `root element is <${root.name}>, expected <DMAcc>`);
	const object = elementToObject(root, '$', positions);
	for (const attribute of root.attributes) {
		if (attribute.name !== 'NodeName') throw new DmError('bad-account', here(attribute.position), `unexpected attribute ${attribute.name} on <DMAcc>, expected NodeName`);
		object.NodeName = attribute.value;
		positions.set('$.NodeName', here(attribute.position));
	}
	// A path without its own position (an absent member) is reported at its nearest parent.
	return accountFromObject(object, (jsonPath) => {
		for (let path = jsonPath; ; path = path.replace(/(\.[A-Za-z]+|\[\d+\])$/, '')) {
			const found = positions.get(path);
			if (found !== undefined || path === '$') return found;
		}
	});
}

/** XML element → the JSON shape; list members become arrays, leaves strings. */
function elementToObject(element: XmlElement, path: string, positions: Map<string, DmLocation>): Record<string, unknown> {
	// No prototype: an element named <constructor> or <__proto__> is a member like any other (then refused as
	// unknown), never Object.prototype's.
	const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
	for (const child of element.children) {
		if (child.kind !== 'element') {
			if (child.kind === 'text' && child.text.trim() === '') continue;
			const where = child.position !== undefined && 'line' in child.position ? { line: child.position.line, column: child.position.column } : undefined;
			throw new DmError('bad-account', where, `<${element.name}> holds text, expected only elements`);
		}
		const where = child.position !== undefined && 'line' in child.position ? { line: child.position.line, column: child.position.column } : undefined;
		const isList = LISTS.has(child.name);
		const list = (object[child.name] ??= isList ? [] : undefined) as unknown[] | undefined;
		const childPath = isList ? `${path}.${child.name}[${list?.length ?? 0}]` : `${path}.${child.name}`;
		if (!isList && object[child.name] !== undefined) throw new DmError('bad-account', where, `<${child.name}> appears twice in <${element.name}>`);
		positions.set(childPath, where);
		const hasElements = child.children.some((c) => c.kind === 'element');
		const value = hasElements ? elementToObject(child, childPath, positions) : textOf(child);
		if (isList) list?.push(value);
		else object[child.name] = value;
	}
	return object;
}

function textOf(element: XmlElement): string {
	let out = '';
	for (const child of element.children) {
		if (child.kind === 'text') out += child.text;
		else if (child.kind === 'opaque') out += new TextDecoder().decode(child.bytes);
	}
	return out.trim();
}

export function accountFromObject(value: unknown, locate: Locate): DmAccount {
	const object = record(value, '$', ACCOUNT_KEYS, locate);
	const account: DmAccount = {
		serverId: requiredString(object, 'ServerID', '$', locate),
		toConRef: list(object, 'ToConRef', '$', locate, false).map((item, i) => nonEmpty(item, `$.ToConRef[${i}]`, locate)),
		appAddr: list(object, 'AppAddr', '$', locate, true).map((item, i) => readAppAddr(item, `$.AppAddr[${i}]`, locate)),
		appAuth: list(object, 'AppAuth', '$', locate, false).map((item, i) => readAppAuth(item, `$.AppAuth[${i}]`, locate))
	};
	const nodeName = optionalString(object, 'NodeName', '$', locate);
	if (nodeName !== undefined) {
		if (nodeName === '' || nodeName.includes('/') || nodeName === '.' || nodeName === '..') {
			throw new DmError('bad-account', locate('$.NodeName'), `NodeName "${short(nodeName)}" is not a URI segment`);
		}
		account.nodeName = nodeName;
	}
	// The node name is one segment of every URI of the account (./DMAcc/<name>/...), so a device's MaxSegLen holds it.
	const segment = accountNodeName(account);
	if (segment.length > URI_LIMITS.maxSegmentLength) {
		const limit = `a URI segment has at most ${URI_LIMITS.maxSegmentLength} (DevDetail/URI/MaxSegLen, StdObj §7.1.3.3)`;
		throw nodeName !== undefined
			? new DmError('bad-account', locate('$.NodeName'), `NodeName is ${segment.length} characters long; ${limit}`)
			: new DmError('bad-account', locate('$.ServerID'), `the account node name made from ServerID is ${segment.length} characters long; ${limit}: give a shorter NodeName`);
	}
	const name = optionalString(object, 'Name', '$', locate);
	if (name !== undefined) account.name = name;
	const pref = optionalString(object, 'PrefConRef', '$', locate);
	if (pref !== undefined) account.prefConRef = pref;
	const aAuthPref = optionalString(object, 'AAuthPref', '$', locate);
	if (aAuthPref !== undefined) account.aAuthPref = aAuthPref;
	return account;
}

function readAppAddr(value: unknown, path: string, locate: Locate): AppAddr {
	const object = record(value, path, ADDR_KEYS, locate);
	const ports = list(object, 'Port', path, locate, false).map((port, i) => {
		const where = `${path}.Port[${i}]`;
		const text = typeof port === 'number' ? String(port) : port;
		// StdObj §7.1.3.1.15 / syncml-dm.md §5: PortNbr is a decimal port number 0–65535.
		if (typeof text !== 'string' || !/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) {
			throw new DmError('bad-account', locate(where), `expected a port number 0-65535, found ${short(JSON.stringify(port) ?? String(port))}`);
		}
		return String(Number(text));
	});
	return {
		addr: requiredString(object, 'Addr', path, locate),
		addrType: optionalString(object, 'AddrType', path, locate) ?? 'URI',
		ports
	};
}

function readAppAuth(value: unknown, path: string, locate: Locate): AppAuth {
	const object = record(value, path, AUTH_KEYS, locate);
	const level = requiredString(object, 'AAuthLevel', path, locate);
	if (!(AAUTH_LEVELS as readonly string[]).includes(level)) {
		const hint = suggestion(level, AAUTH_LEVELS);
		throw new DmError('bad-account', locate(`${path}.AAuthLevel`), `AAuthLevel "${short(level)}" is not one of ${AAUTH_LEVELS.join(', ')}${hint === undefined ? '' : `; ${hint}`}`);
	}
	const auth: AppAuth = { level: level as AAuthLevel, type: requiredString(object, 'AAuthType', path, locate) };
	const name = optionalString(object, 'AAuthName', path, locate);
	if (name !== undefined) auth.name = name;
	const secret = optionalString(object, 'AAuthSecret', path, locate);
	if (secret !== undefined) auth.secret = Secret.fromText('AAuthSecret', secret);
	const data = optionalString(object, 'AAuthData', path, locate);
	if (data !== undefined) {
		const bytes = decodeBase64(data);
		if (typeof bytes === 'string') throw new DmError('bad-account', locate(`${path}.AAuthData`), `AAuthData is base64 bytes: ${bytes}`);
		auth.data = bytes;
	}
	return auth;
}

function record(value: unknown, path: string, keys: readonly string[], locate: Locate): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new DmError('bad-account', locate(path), `expected an object, found ${describe(value)}`);
	}
	for (const key of Object.keys(value)) {
		if (!keys.includes(key)) throw new DmError('bad-account', locate(`${path}.${short(key)}`), `unknown member ${short(key)}, expected one of ${keys.join(', ')}`);
	}
	return value as Record<string, unknown>;
}

function list(object: Record<string, unknown>, key: string, path: string, locate: Locate, required: boolean): unknown[] {
	const value = object[key];
	if (value === undefined) {
		if (required) throw new DmError('bad-account', locate(path), `${key} is missing, at least one is required`);
		return [];
	}
	if (!Array.isArray(value)) throw new DmError('bad-account', locate(`${path}.${key}`), `expected an array, found ${describe(value)}`);
	if (required && value.length === 0) throw new DmError('bad-account', locate(`${path}.${key}`), `${key} is empty, at least one is required`);
	return value;
}

function requiredString(object: Record<string, unknown>, key: string, path: string, locate: Locate): string {
	const value = optionalString(object, key, path, locate);
	if (value === undefined) throw new DmError('bad-account', locate(path), `${key} is missing`);
	return nonEmpty(value, `${path}.${key}`, locate);
}

function optionalString(object: Record<string, unknown>, key: string, path: string, locate: Locate): string | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new DmError('bad-account', locate(`${path}.${key}`), `expected a string, found ${describe(value)}`);
	return xmlChars(value, `${path}.${key}`, locate);
}

function nonEmpty(value: unknown, path: string, locate: Locate): string {
	if (typeof value !== 'string' || value === '') throw new DmError('bad-account', locate(path), `expected a non-empty string, found ${describe(value)}`);
	return xmlChars(value, path, locate);
}

/**
 * Every account value ends up in XML (the SyncML or CP document, even when WBXML is written: the XML form is what
 * it encodes), and XML 1.0 cannot carry NUL, other C0 controls, lone surrogates, U+FFFE/FFFF (§2.2): refused here,
 * where the value is, naming the character and never quoting the value (it may be AAuthSecret).
 */
function xmlChars(value: string, path: string, locate: Locate): string {
	const bad = firstNonXmlChar(value);
	if (bad !== undefined) throw new DmError('bad-account', locate(path), describeNonXmlChar(bad));
	return value;
}

function short(text: string): string {
	return escapedUnprintable(text.length > 80 ? `${text.slice(0, 77)}…` : text);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return short(JSON.stringify(value));
	return `a ${typeof value}`;
}
