// The DM account editor: element names from the DMAcc DDF (StdObj §7.1.3.1) in the account XML form, each accepted by
// the account reader where it is offered; the reader's one finding placed at its line:column.
import { describe, expect, it } from 'vitest';
import { accountFromXml } from '../../../src/lib/documents/dm';
import { dmAccountElements } from '../../../src/lib/ui/editor/dm-language';
import { dmAccountFindings } from '../../../src/lib/ui/editor/dm-findings';

describe('DMAcc element names from the DDF', () => {
	const elements = dmAccountElements();
	const children = (name: string) => elements.find((e) => e.name === name)?.children;

	it('offers the DMAcc/<X> nodes but AppID (always w7) and Ext under <DMAcc>', () => {
		expect(children('DMAcc')).toEqual(['ServerID', 'Name', 'PrefConRef', 'ToConRef', 'AppAddr', 'AAuthPref', 'AppAuth']);
		expect(elements.find((e) => e.name === 'DMAcc')?.attributes).toEqual(['NodeName']);
	});
	it('offers AppAddr/<X> and AppAuth/<X> nodes inside <AppAddr> and <AppAuth>; Port and ToConRef are leaves', () => {
		expect(children('AppAddr')).toEqual(['Addr', 'AddrType', 'Port']);
		expect(children('AppAuth')).toEqual(['AAuthLevel', 'AAuthType', 'AAuthName', 'AAuthSecret', 'AAuthData']);
		expect(children('Port')).toEqual([]);
		expect(children('ToConRef')).toEqual([]);
		expect(elements.find((e) => e.name === 'AAuthLevel')?.textContent).toEqual(['CLCRED', 'SRVCRED', 'OBEX', 'HTTP']);
	});
	it('offers only what the account reader accepts in that place', () => {
		const values: Record<string, string> = { AAuthLevel: 'CLCRED', Port: '443', AAuthData: 'AAEC' };
		const leaf = (name: string) => `<${name}>${values[name] ?? 'x'}</${name}>`;
		const account = (extra: string, addr = '', auth = '') =>
			`<DMAcc NodeName="acme"><ServerID>s</ServerID><AppAddr><Addr>https://dm.example/</Addr>${addr}</AppAddr>${extra}<AppAuth><AAuthLevel>CLCRED</AAuthLevel><AAuthType>DIGEST</AAuthType>${auth}</AppAuth></DMAcc>`;
		for (const name of children('DMAcc') ?? []) {
			if (name === 'ServerID' || name === 'AppAddr' || name === 'AppAuth') continue;
			expect(() => accountFromXml(account(leaf(name))), name).not.toThrow();
		}
		for (const name of children('AppAddr') ?? []) if (name !== 'Addr') expect(() => accountFromXml(account('', leaf(name))), name).not.toThrow();
		for (const name of children('AppAuth') ?? []) {
			if (name !== 'AAuthLevel' && name !== 'AAuthType') expect(() => accountFromXml(account('', '', leaf(name))), name).not.toThrow();
		}
	});
});

describe('the DM account finding', () => {
	it('is the reader\'s reason at its line and column', () => {
		const text = '<DMAcc>\n  <ServerID>s</ServerID>\n  <AppAddr><Addr>a</Addr></AppAddr>\n  <AppAuth><AAuthLevel>CLCREDX</AAuthLevel><AAuthType>DIGEST</AAuthType></AppAuth>\n</DMAcc>';
		expect(dmAccountFindings(text)).toEqual([
			{
				rule: 'bad-account',
				severity: 'error',
				// By hand: line 4, `  <AppAuth>` is 11 characters, so <AAuthLevel> opens at column 12.
				message: 'AAuthLevel "CLCREDX" is not one of CLCRED, SRVCRED, OBEX, HTTP; did you mean CLCRED?',
				line: 4,
				column: 12
			}
		]);
	});
	it('is none for a readable account, and the parser\'s error for XML that is not well-formed', () => {
		expect(dmAccountFindings('<DMAcc><ServerID>s</ServerID><AppAddr><Addr>a</Addr></AppAddr></DMAcc>')).toEqual([]);
		const [finding] = dmAccountFindings('<DMAcc>\n<ServerID>s</DMAcc>');
		expect(finding.rule).toBe('not-well-formed');
		expect(finding.line).toBe(2);
	});
});
