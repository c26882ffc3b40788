// Which PC/SC readers are the studio's simulated card: the slots of the vpcd driver (vsmartcard), which carry a
// card only when a program on this machine attaches one over TCP (`pstudio sim`, `npm start`, the tests). The page
// shows the simulator's TEST keys for these readers only: typing a TEST key into a real card spends one of its
// ADM1 tries (TS 102 221 §11.1.9), so a real reader must never be offered one.
// The decision is on facts the server knows, not on a name alone: the friendly names pcscd gives vpcd come from
// reader.conf.d (FRIENDLYNAME of a stanza whose LIBPATH is libifdvpcd), and pcscd names a reader
// "<FRIENDLYNAME> <reader index, 2 hex> <slot, 2 hex>" (pcsc-lite readerfactory.c RFAddReader). A USB reader whose
// name merely resembles ("Virtual PCD Reader 00 00", "My Virtual PCD 00 00") does not match, and one that took the
// very same friendly name would get another reader index than the configured vpcd (loaded first), so it does not
// match "… 00 NN" either.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where pcscd reads serial/virtual reader stanzas (pcsc-lite's default confdir). */
export const READER_CONF_DIR = '/etc/reader.conf.d';

/** FRIENDLYNAMEs of the reader.conf stanzas served by the vpcd driver. Pure: the text of reader.conf files. */
export function vpcdFriendlyNames(confTexts: readonly string[]): string[] {
	const names: string[] = [];
	for (const text of confTexts) {
		let friendly: string | undefined;
		let library: string | undefined;
		const flush = (): void => {
			if (friendly !== undefined && library !== undefined && /(^|\/)libifdvpcd\.so(\.\d+)*$/.test(library)) names.push(friendly);
			friendly = undefined;
			library = undefined;
		};
		for (const raw of text.split('\n')) {
			const line = raw.trim();
			if (line === '' || line.startsWith('#')) continue;
			const m = /^(\w+)\s+(.*)$/.exec(line);
			if (!m) continue;
			const value = m[2].trim().replace(/^"(.*)"$/, '$1');
			// A new FRIENDLYNAME starts a new stanza (reader.conf(5): each reader is a FRIENDLYNAME/DEVICENAME/LIBPATH group).
			if (m[1] === 'FRIENDLYNAME') {
				flush();
				friendly = value;
			} else if (m[1] === 'LIBPATH') library = value;
		}
		flush();
	}
	return names;
}

/** Whether a PC/SC reader name is a slot of a vpcd reader with one of `friendlyNames` (reader index 00). */
export function isSimulatedReader(name: string, friendlyNames: readonly string[]): boolean {
	return friendlyNames.some((f) => name.length === f.length + 6 && name.startsWith(f) && /^ 00 [0-9A-F]{2}$/.test(name.slice(f.length)));
}

let cached: string[] | undefined;

/** The vpcd friendly names configured on this machine (read once per process); none when the folder cannot be read. */
export function configuredVpcdNames(dir = READER_CONF_DIR): string[] {
	if (cached !== undefined && dir === READER_CONF_DIR) return cached;
	const texts: string[] = [];
	try {
		for (const file of readdirSync(dir)) {
			try {
				texts.push(readFileSync(join(dir, file), 'utf8'));
			} catch {
				// a file we cannot read configures nothing we could rely on
			}
		}
	} catch {
		// no reader.conf.d: no vpcd, so no reader counts as simulated (the safe side)
	}
	const names = vpcdFriendlyNames(texts);
	if (dir === READER_CONF_DIR) cached = names;
	return names;
}
