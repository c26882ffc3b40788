// The packages' ZIP writer (APPNOTE.TXT 6.3.10): the bytes of a small archive written out by hand from the
// specification, byte-identical output for the same input, and the ZIP64 end records (§4.3.14-15) once the
// entries pass 65,535. Third-party readers (unzip, 7z) check real archives in tests/oracle/batch-package.test.ts.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, MemorySpool, packageWriter, ZipStreamWriter } from '../../../src/lib/batch/index';
import { unzipAll } from './helpers';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const le16 = (v: number): number[] => [v & 0xff, v >>> 8];
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const le64 = (v: number): number[] => [...le32(v % 2 ** 32), ...le32(Math.floor(v / 2 ** 32))];

async function zipOf(write: (z: ZipStreamWriter) => Promise<void>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	const z = new ZipStreamWriter({ write: (b) => void chunks.push(b.slice()) });
	await write(z);
	await z.close();
	return new Uint8Array(Buffer.concat(chunks));
}

describe('CRC-32 (APPNOTE §4.4.7)', () => {
	it('gives the check value CBF43926 for "123456789" and agrees with zlib', () => {
		expect(crc32(text('123456789'))).toBe(0xcbf43926);
		const data = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
		expect(crc32(data)).toBe(zlibCrc32(data));
		// Continued over pieces: the same as over the whole.
		expect(crc32(data.subarray(300), crc32(data.subarray(0, 300)))).toBe(zlibCrc32(data));
	});
});

describe('ZipStreamWriter bytes (APPNOTE §4.3.7, §4.3.12, §4.3.16)', () => {
	it('writes a stored file dated 1980-01-01 00:00 with no extra field, its central record and the end record', async () => {
		const bytes = await zipOf((z) => z.add('a.txt', text('hi\n')));
		const crc = le32(0xed6f7a7a); // zlib.crc32("hi\n"), see the CRC test
		const name = [...text('a.txt')];
		const local = [0x50, 0x4b, 0x03, 0x04, ...le16(20), ...le16(0), ...le16(0), ...le16(0), ...le16(0x0021), ...crc, ...le32(3), ...le32(3), ...le16(5), ...le16(0), ...name, ...text('hi\n')];
		const central = [0x50, 0x4b, 0x01, 0x02, ...le16(20), ...le16(20), ...le16(0), ...le16(0), ...le16(0), ...le16(0x0021), ...crc, ...le32(3), ...le32(3), ...le16(5), ...le16(0), ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(0), ...name];
		const end = [0x50, 0x4b, 0x05, 0x06, ...le16(0), ...le16(0), ...le16(1), ...le16(1), ...le32(central.length), ...le32(local.length), ...le16(0)];
		expect(Array.from(bytes)).toEqual([...local, ...central, ...end]);
		expect(bytes.length).toBe(38 + 51 + 22);
	});

	it('writes a file given in pieces with a data descriptor (bit 3) and 8-byte sizes after a ZIP64 local extra (§4.3.9)', async () => {
		const bytes = await zipOf(async (z) => {
			await z.append('m.csv', text('x,y\n'));
			await z.append('m.csv', text('1,2\n'));
		});
		const name = [...text('m.csv')];
		const local = [0x50, 0x4b, 0x03, 0x04, ...le16(45), ...le16(8), ...le16(0), ...le16(0), ...le16(0x0021), ...le32(0), ...le32(0xffffffff), ...le32(0xffffffff), ...le16(5), ...le16(20), ...name, ...le16(1), ...le16(16), ...le64(0), ...le64(0)];
		const crc = le32(zlibCrc32('x,y\n1,2\n'));
		const descriptor = [0x50, 0x4b, 0x07, 0x08, ...crc, ...le64(8), ...le64(8)];
		expect(Array.from(bytes.subarray(0, local.length))).toEqual(local);
		expect(Array.from(bytes.subarray(local.length, local.length + 8))).toEqual([...text('x,y\n1,2\n')]);
		expect(Array.from(bytes.subarray(local.length + 8, local.length + 8 + 24))).toEqual(descriptor);
		const files = await unzipAll(bytes);
		expect(files.map(([name, data]) => [name, new TextDecoder().decode(data)])).toEqual([['m.csv', 'x,y\n1,2\n']]);
	});

	it('gives the same bytes for the same files in the same order, and other bytes for another content', async () => {
		const files = (last: string) => async (z: ZipStreamWriter) => {
			for (let i = 0; i < 50; i++) await z.add(`${i}.xml`, text(`<doc n="${i}"/>`));
			await z.append('manifest.csv', text('file\n'));
			await z.append('manifest.csv', text(last));
		};
		const a = await zipOf(files('0.xml\n'));
		const b = await zipOf(files('0.xml\n'));
		const c = await zipOf(files('1.xml\n'));
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
	});

	it('keeps the central directory in the Spool given, in pieces of about 1 MiB, with the same bytes as in memory', async () => {
		const files = async (z: ZipStreamWriter): Promise<void> => {
			for (let i = 0; i < 30_000; i++) await z.add(`${String(i).padStart(20, '0')}.wbxml`, text('x'));
		};
		const inMemory = await zipOf(files);
		const spool = new MemorySpool();
		const appended: number[] = [];
		const spy = { append: (data: string | Uint8Array) => void (appended.push(data.length), spool.append(data)), stream: () => spool.stream(), get size() { return spool.size; } };
		const chunks: Uint8Array[] = [];
		const z = new ZipStreamWriter({ write: (b) => void chunks.push(b.slice()) }, { directory: spy });
		await files(z);
		await z.close();
		expect(Buffer.concat(chunks).equals(Buffer.from(inMemory))).toBe(true);
		// 30,000 central records of 46 + 26 bytes (§4.3.12) = 2,160,000 bytes: two pieces past 1 MiB, then the rest.
		expect(appended.reduce((a, b) => a + b, 0)).toBe(30_000 * 72);
		expect(appended.length).toBe(3);
		expect(appended[0]).toBeGreaterThanOrEqual(1 << 20);
	}, 20_000);

	it('refuses a path that leaves the package', async () => {
		const z = new ZipStreamWriter({ write: () => undefined });
		await expect(z.add('../x', text(''))).rejects.toThrow(`a package path is relative, '/'-separated, without '.', '..', '\\', a drive or a control character: "../x"`);
		await expect(z.add('/etc/x', text(''))).rejects.toThrow(`a package path is relative, '/'-separated, without '.', '..', '\\', a drive or a control character: "/etc/x"`);
	});

	// APPNOTE 4.4.17.1: "MUST NOT contain a drive or device letter, or a leading slash. All slashes MUST be forward
	// slashes"; a Windows unzipper takes a backslash as a separator, so ..\x leaves the folder as ../x does.
	it('refuses a backslash, a drive letter, a NUL or other control character, and . or empty segments in a path', async () => {
		const z = new ZipStreamWriter({ write: () => undefined });
		for (const path of ['..\\x', 'a\\b', 'C:x', 'c:/x', 'a\u0000b', 'a\nb', 'a\u007fb', './a', 'a//b', 'a/']) {
			await expect(z.add(path, text('')), JSON.stringify(path)).rejects.toThrow('a package path is relative');
			await expect(z.append(path, text('')), JSON.stringify(path)).rejects.toThrow('a package path is relative');
		}
		expect(z.entries).toBe(0);
	});

	it('refuses the same paths when the package is AES-encrypted (packageWriter with a passphrase)', async () => {
		const w = packageWriter({ write: () => undefined }, { passphrase: 'p' });
		for (const path of ['../x', '/etc/x', '..\\x', 'C:x', 'a\u0000b']) {
			await expect(w.add(path, text('')), JSON.stringify(path)).rejects.toThrow('a package path is relative');
			await expect(w.append(path, text('')), JSON.stringify(path)).rejects.toThrow('a package path is relative');
			await expect(w.addStream(path, new Blob([]).stream()), JSON.stringify(path)).rejects.toThrow('a package path is relative');
		}
		expect(w.entries).toBe(0);
	});
});

describe('ZIP64 end records past 65,535 entries (APPNOTE §4.3.14-15, §4.4.21)', () => {
	it('writes 70,000 entries with a ZIP64 end record and locator, the classic record saying 0xFFFF', async () => {
		const count = 70_000;
		const bytes = await zipOf(async (z) => {
			for (let i = 0; i < count; i++) await z.add(`${i}`, text('x'));
		});
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const eocd = bytes.length - 22;
		expect(view.getUint32(eocd, true)).toBe(0x06054b50);
		expect(view.getUint16(eocd + 8, true)).toBe(0xffff);
		expect(view.getUint16(eocd + 10, true)).toBe(0xffff);
		expect(view.getUint32(eocd + 16, true)).toBe(0xffffffff);
		const locator = eocd - 20;
		expect(view.getUint32(locator, true)).toBe(0x07064b50);
		const zip64End = Number(view.getBigUint64(locator + 8, true));
		expect(view.getUint32(zip64End, true)).toBe(0x06064b50);
		expect(Number(view.getBigUint64(zip64End + 24, true))).toBe(count);
		expect(Number(view.getBigUint64(zip64End + 32, true))).toBe(count);
		const centralSize = Number(view.getBigUint64(zip64End + 40, true));
		const centralStart = Number(view.getBigUint64(zip64End + 48, true));
		expect(centralStart + centralSize).toBe(zip64End);
		// Each entry: local header 30 + name + 1 byte; names are the decimal numbers.
		let expectedStart = 0;
		for (let i = 0; i < count; i++) expectedStart += 30 + String(i).length + 1;
		expect(centralStart).toBe(expectedStart);
		// The last central record (§4.3.12: name length at 28, local header offset at 42, name at 46) names the last
		// file and points at its local header.
		let at = centralStart;
		for (let i = 0; i < count - 1; i++) at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true);
		expect(view.getUint32(at, true)).toBe(0x02014b50);
		expect(new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + view.getUint16(at + 28, true)))).toBe(String(count - 1));
		expect(view.getUint32(at + 42, true)).toBe(expectedStart - 30 - String(count - 1).length - 1);
	}, 20_000);
});
