import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { canonicalXml, parseXml } from '../../../src/lib/codec/xml';
import {
	accountFromJson,
	accountToProvDoc,
	accountToTree,
	bootstrapCommands,
	bootstrapMessage,
	DmError,
	dmPackage,
	dmPackageXml
} from '../../../src/lib/documents/dm';
import { dmAccSchema, validateTree } from '../../../src/lib/documents/ddf';
import { provDocToXml } from '../../../src/lib/documents/provcont';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/dm/${name}`, import.meta.url), 'utf8');
const account = () => accountFromJson(fixture('account.json'));

describe('DM 1.2 bootstrap message (DM_Bootstrap §"Bootstrap message", syncml-dm.md §4)', () => {
	test('matches the hand-written message for the fixture account', () => {
		const message = bootstrapMessage(account(), { deviceId: 'IMEI:490154203237518' });
		expect(canonicalXml(message)).toBe(canonicalXml(parseXml(fixture('bootstrap-1.2.xml'))));
		expect(message.publicId).toBe('-//SYNCML//DTD SyncML 1.2//EN');
	});

	test('the account tree it adds is valid against the shipped DMAcc DDF', () => {
		expect(validateTree(accountToTree(account()), dmAccSchema())).toEqual([]);
	});

	test('secrets appear in the document, never in the commands\' JSON', () => {
		const commands = bootstrapCommands(account());
		expect(JSON.stringify(commands)).not.toContain('s3cret');
		expect(dmPackageXml(commands, { sessionId: '1', msgId: '1', target: 'IMEI:1', source: 'https://s' })).toContain('<Data>cl1ent-s3cret</Data>');
	});
});

describe('DM 1.1 bootstrap (./SyncML/DMAcc and ./SyncML/Con, libwbxml syncml-012.xml shape)', () => {
	test('header says 1.1 and the account leaves are flat under ./SyncML/DMAcc/<x>', () => {
		const message = bootstrapMessage(account(), {
			deviceId: 'IMEI:1',
			version: '1.1',
			con: { name: 'isp', nodes: { 'NAP/Addr': 'internet.example' } }
		});
		const text = canonicalXml(message);
		expect(text).toContain('<SyncML xmlns="SYNCML:SYNCML1.1">');
		expect(text).toContain('<VerProto>DM/1.1</VerProto>');
		const uris = [...text.matchAll(/<LocURI>([^<]*)<\/LocURI>/g)].map((m) => m[1]).slice(2);
		// Parents first, siblings in code-point order: SyncML/Con < SyncML/DMAcc; in DMAcc/acme the 1.1 leaves
		// (syncml-dm.md §4) with CLCRED → UserName/ClientPW/ClientNonce and SRVCRED → ServerPW/ServerNonce.
		expect(uris).toEqual([
			'./SyncML/Con/isp',
			'./SyncML/Con/isp/NAP',
			'./SyncML/Con/isp/NAP/Addr',
			'./SyncML/DMAcc/acme',
			'./SyncML/DMAcc/acme/Addr',
			'./SyncML/DMAcc/acme/AddrType',
			'./SyncML/DMAcc/acme/AuthPref',
			'./SyncML/DMAcc/acme/ClientNonce',
			'./SyncML/DMAcc/acme/ClientPW',
			'./SyncML/DMAcc/acme/Name',
			'./SyncML/DMAcc/acme/PortNbr',
			'./SyncML/DMAcc/acme/ServerId',
			'./SyncML/DMAcc/acme/ServerNonce',
			'./SyncML/DMAcc/acme/ServerPW',
			'./SyncML/DMAcc/acme/UserName'
		]);
		expect(text).toContain('<Data>s3rver-s3cret</Data>');
	});
});

describe('OMA CP APPLICATION w7 (client-provisioning.md §6)', () => {
	test('matches the hand-written wap-provisioningdoc: CLCRED → APPSRV, SRVCRED → CLIENT', () => {
		const doc = accountToProvDoc(account(), { toNapId: ['NAP1'] });
		expect(canonicalXml(provDocToXml(doc))).toBe(canonicalXml(parseXml(fixture('cp-w7.xml'))));
	});

	test('AAuthLevel HTTP has no CP equivalent', () => {
		const http = { ...account(), appAuth: [{ level: 'HTTP' as const, type: 'HTTP-BASIC' }] };
		expect(() => accountToProvDoc(http)).toThrow(DmError);
		expect(() => accountToProvDoc(http)).toThrow('AAuthLevel HTTP has no AAUTHLEVEL value in OMA CP (StdObj Appendix maps only CLCRED, SRVCRED, OBEX)');
	});
});

describe('diff as a SyncML DM package', () => {
	test('Delete, Add and Replace become SyncML commands with CmdIDs 1.., one Item per node', () => {
		const message = dmPackage(
			[
				{ op: 'Delete', uri: './DMAcc/old' },
				{ op: 'Add', uri: './DMAcc/acme/ToConRef', format: 'node' },
				{ op: 'Add', uri: './DMAcc/acme/ToConRef/1', format: 'node' },
				{ op: 'Replace', uri: './DevDetail/LrgObj', format: 'bool', value: 'true', mime: 'text/plain' }
			],
			{ sessionId: '7', msgId: '2', target: 'IMEI:1', source: 'https://s/dm' }
		);
		// Written by hand from SyncML RepPro 1.2: SyncHdr, then SyncBody with the commands in order and Final.
		const expected = [
			'<SyncML xmlns="SYNCML:SYNCML1.2">',
			'<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>7</SessionID><MsgID>2</MsgID>',
			'<Target><LocURI>IMEI:1</LocURI></Target><Source><LocURI>https://s/dm</LocURI></Source></SyncHdr>',
			'<SyncBody>',
			'<Delete><CmdID>1</CmdID><Item><Target><LocURI>./DMAcc/old</LocURI></Target></Item></Delete>',
			'<Add><CmdID>2</CmdID>',
			'<Item><Target><LocURI>./DMAcc/acme/ToConRef</LocURI></Target><Meta><Format xmlns="syncml:metinf">node</Format></Meta></Item>',
			'<Item><Target><LocURI>./DMAcc/acme/ToConRef/1</LocURI></Target><Meta><Format xmlns="syncml:metinf">node</Format></Meta></Item>',
			'</Add>',
			'<Replace><CmdID>3</CmdID><Item><Target><LocURI>./DevDetail/LrgObj</LocURI></Target>',
			'<Meta><Format xmlns="syncml:metinf">bool</Format><Type xmlns="syncml:metinf">text/plain</Type></Meta><Data>true</Data></Item></Replace>',
			'<Final/></SyncBody></SyncML>'
		].join('');
		expect(canonicalXml(message)).toBe(canonicalXml(parseXml(expected)));
	});
});
