// The diff bench workload: two DM trees of ~10,000 nodes, "current" (what a device reports) and "wanted" (the
// operator's target), made from a fixed seed so every run diffs the same trees. Two management objects:
// - ./DMAcc: OMA DM 1.2 accounts (the shipped DMAcc DDF), 26 nodes each, two AppAuth credentials per account;
// - ./Vendor/Config/Profiles: a vendor MO (VENDOR_DDF below, the kind of DDF a user loads) whose leaves cover
//   the typed DFFormats (bool, int, float, date, time, b64, chr), 9 nodes per profile.
// The generator also counts the commands a minimal diff must produce, so the bench can check ours against it.
import type { DmValue } from '../src/lib/documents/ddf';

const leaf = (name: string, format: string, extra = ''): string =>
	`<Node><NodeName>${name}</NodeName><DFProperties><AccessType><Get/><Replace/></AccessType><DFFormat><${format}/></DFFormat>` +
	`<Occurrence><ZeroOrOne/></Occurrence>${extra}<DFType><MIME>text/plain</MIME></DFType></DFProperties></Node>`;

export const VENDOR_DDF = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A vendor configuration MO for the bench (not a published MO): one interior node per profile, leaves of every
     typed DFFormat so that representation-only differences (TRUE/true, 0030/30) occur as they do between devices. -->
<MgmtTree xmlns="syncml:dmddf1.2"><VerDTD>1.2</VerDTD>
<Node><NodeName>Vendor</NodeName><Path>.</Path><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties>
<Node><NodeName>Config</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties>
<Node><NodeName>Profiles</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat><DFType><DDFName/></DFType></DFProperties>
<Node><NodeName></NodeName><DFProperties><AccessType><Add/><Delete/><Get/></AccessType><DFFormat><node/></DFFormat><Occurrence><ZeroOrMore/></Occurrence><DFType><DDFName>com.example/1.0/Profile</DDFName></DFType></DFProperties>
${leaf('Enabled', 'bool')}
${leaf('Priority', 'int')}
${leaf('Timeout', 'int')}
${leaf('Weight', 'float')}
${leaf('ValidFrom', 'date')}
${leaf('Window', 'time')}
${leaf('Cert', 'b64')}
${leaf('Label', 'chr', '<CaseSense><CIS/></CaseSense>')}
</Node></Node></Node></Node>
</MgmtTree>`;

/** Commands a minimal, canonical diff of the pair must contain (counted while the changes are made). */
export interface Expected {
	Add: number;
	Replace: number;
	Delete: number;
	/** Leaves changed only in representation: no command from a canonical diff, a Replace from a textual one. */
	representationOnly: number;
}

export interface TreePair {
	current: [string, DmValue][];
	wanted: [string, DmValue][];
	expected: Expected;
}

/** mulberry32: a small seeded PRNG, so the trees are the same in every process and run. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Of(rand: () => number, bytes: number): string {
	// Random bytes, base64 with padding (RFC 4648 §4); the length is chosen so padding is present.
	const data = Array.from({ length: bytes }, () => Math.floor(rand() * 256));
	let out = '';
	for (let i = 0; i < data.length; i += 3) {
		const n = (data[i] << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
		out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < data.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < data.length ? B64[n & 63] : '=');
	}
	return out;
}

function account(k: number, rand: () => number): [string, string][] {
	const at = `./DMAcc/acc${k}`;
	const credential = (id: string, level: string, type: string): [string, string][] => [
		[`${at}/AppAuth/${id}/AAuthLevel`, level],
		[`${at}/AppAuth/${id}/AAuthType`, type],
		[`${at}/AppAuth/${id}/AAuthName`, `${id}-${k}`],
		[`${at}/AppAuth/${id}/AAuthSecret`, `s3cr3t-${k}-${id}`],
		[`${at}/AppAuth/${id}/AAuthData`, base64Of(rand, 16)]
	];
	return [
		[`${at}/AppID`, 'w7'],
		[`${at}/ServerID`, `dm${k}.example.com`],
		[`${at}/Name`, `Operator DM ${k}`],
		[`${at}/PrefConRef`, `./ConnMO/apn${k % 10}`],
		[`${at}/AppAddr/1/Addr`, `https://dm${k}.example.com:443/dm`],
		[`${at}/AppAddr/1/AddrType`, 'URI'],
		[`${at}/AppAddr/1/Port/1/PortNbr`, '443'],
		[`${at}/AAuthPref`, 'HTTP-DIGEST'],
		...credential('srv', 'SRVCRED', 'HMAC'),
		...credential('cli', 'CLCRED', 'DIGEST')
	];
}
/** Interior nodes of one account: acc, AppAddr, AppAddr/1, Port, Port/1, AppAuth, srv, cli. */
const ACCOUNT_NODES = 18 + 8;

function profile(k: number, rand: () => number): [string, string][] {
	const at = `./Vendor/Config/Profiles/p${k}`;
	return [
		[`${at}/Enabled`, rand() < 0.8 ? 'true' : 'false'],
		[`${at}/Priority`, String(k % 100)],
		[`${at}/Timeout`, String(10 + (k % 50))],
		[`${at}/Weight`, String((k % 8) / 4)],
		[`${at}/ValidFrom`, `2024-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`],
		[`${at}/Window`, `${String(k % 24).padStart(2, '0')}:30:00`],
		[`${at}/Cert`, base64Of(rand, 32)],
		[`${at}/Label`, `Profile ${k}`]
	];
}
const PROFILE_NODES = 9;

/** Another text for the same value (what another device or tool would write), per leaf name. */
function otherRepresentation(name: string, value: string): string | undefined {
	switch (name) {
		case 'Enabled':
			return value.toUpperCase();
		case 'Priority':
		case 'Timeout':
			return `00${value}`;
		case 'Weight':
			return value.includes('.') ? `${value}0` : `${value}.0`;
		case 'ValidFrom':
			return value.replaceAll('-', '');
		case 'Window':
			return value.replaceAll(':', '').slice(0, 4);
		case 'Cert':
		case 'AAuthData':
			// Unpadded and wrapped over two lines, as XML-carried base64 often is.
			return `${value.slice(0, 20)}\n${value.slice(20).replace(/=+$/, '')}`;
		case 'Label':
			return value.toUpperCase();
		default:
			return undefined;
	}
}

/** A different value of the same format. */
function realChange(name: string, value: string): string {
	switch (name) {
		case 'Enabled':
			return value === 'true' ? 'false' : 'true';
		case 'Priority':
		case 'Timeout':
			return String(Number(value) + 1);
		case 'Weight':
			return String(Number(value) + 0.25);
		case 'ValidFrom':
			return '2025-06-30';
		case 'Window':
			return '23:45:00';
		default:
			return `${value}-new`;
	}
}

/** Accounts and profiles chosen so that current has at least `nodes` nodes (ancestors included). */
export function treePair(nodes = 10_000, seed = 0x5eed): TreePair {
	const rand = random(seed);
	const accounts = Math.round((nodes * 0.52) / ACCOUNT_NODES);
	const profiles = Math.ceil((nodes - 1 - accounts * ACCOUNT_NODES - 3) / PROFILE_NODES);
	const expected: Expected = { Add: 0, Replace: 0, Delete: 0, representationOnly: 0 };

	const current: [string, string][] = [];
	const wanted: [string, string][] = [];
	const pick = (p: number): boolean => rand() < p;

	const changeLeaves = (entries: [string, string][], deletable: Set<string>): void => {
		for (const [uri, value] of entries) {
			const name = uri.slice(uri.lastIndexOf('/') + 1);
			const roll = rand();
			if (deletable.has(name) && roll < 0.03) {
				expected.Delete++;
				continue;
			}
			const other = otherRepresentation(name, value);
			if (roll < 0.06) {
				wanted.push([uri, realChange(name, value)]);
				expected.Replace++;
			} else if (other !== undefined && roll < 0.3) {
				wanted.push([uri, other]);
				expected.representationOnly++;
			} else {
				wanted.push([uri, value]);
			}
		}
	};

	for (let k = 0; k < accounts; k++) {
		const entries = account(k, rand);
		current.push(...entries);
		// 4% of the accounts are gone in `wanted`: one Delete of the account node takes its subtree.
		if (pick(0.04)) {
			expected.Delete++;
			continue;
		}
		changeLeaves(entries, new Set(['Name', 'PrefConRef']));
		// Some accounts gain a vendor extension below the open Ext node: Ext, Ext/Vendor, Ext/Vendor/Roaming.
		if (pick(0.05)) {
			wanted.push([`./DMAcc/acc${k}/Ext/Vendor/Roaming`, 'allowed']);
			expected.Add += 3;
		}
	}
	for (let k = 0; k < profiles; k++) {
		const entries = profile(k, rand);
		current.push(...entries);
		if (pick(0.04)) {
			expected.Delete++;
			continue;
		}
		changeLeaves(entries, new Set(['Weight', 'Label']));
	}
	// New accounts and profiles: every node of them is an Add (interior ones included).
	const newAccounts = Math.max(1, Math.round(accounts * 0.04));
	for (let k = accounts; k < accounts + newAccounts; k++) wanted.push(...account(k, rand));
	const newProfiles = Math.max(1, Math.round(profiles * 0.04));
	for (let k = profiles; k < profiles + newProfiles; k++) wanted.push(...profile(k, rand));
	expected.Add += newAccounts * ACCOUNT_NODES + newProfiles * PROFILE_NODES;

	// A device lists its nodes in its own order: shuffle `wanted` (Fisher–Yates with the same PRNG).
	for (let i = wanted.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[wanted[i], wanted[j]] = [wanted[j], wanted[i]];
	}
	return { current, wanted, expected };
}
