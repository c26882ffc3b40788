import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadFile } from '../../../src/lib/ui/dm/download';

// The browser pieces (document.createElement, URL.createObjectURL/revokeObjectURL) are stubbed with recorders;
// Blob is Node's own, so what the file would contain is read back from the real Blob.

interface Recorded {
	blobs: Blob[];
	links: { href: string; download: string; clicks: number }[];
	revoked: string[];
}

function stubBrowser(): Recorded {
	const rec: Recorded = { blobs: [], links: [], revoked: [] };
	vi.stubGlobal('document', {
		createElement: (tag: string) => {
			expect(tag).toBe('a');
			const link = { href: '', download: '', clicks: 0, click: () => link.clicks++ };
			rec.links.push(link);
			return link;
		}
	});
	vi.stubGlobal('URL', {
		createObjectURL: (blob: Blob) => {
			rec.blobs.push(blob);
			return `blob:test/${rec.blobs.length}`;
		},
		revokeObjectURL: (url: string) => rec.revoked.push(url)
	});
	return rec;
}

afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('downloadFile', () => {
	it('saves bytes under the given name and media type through one clicked link', async () => {
		vi.useFakeTimers();
		const rec = stubBrowser();
		const bytes = Uint8Array.of(0x03, 0x0b, 0x6a, 0x00, 0x45, 0x01);
		downloadFile('bootstrap.wbxml', bytes, 'application/vnd.wap.connectivity-wbxml');
		expect(rec.links).toEqual([{ href: 'blob:test/1', download: 'bootstrap.wbxml', clicks: 1, click: expect.any(Function) }]);
		expect(rec.blobs[0].type).toBe('application/vnd.wap.connectivity-wbxml');
		expect(new Uint8Array(await rec.blobs[0].arrayBuffer())).toEqual(bytes);
		// The URL is released only after the click has been handled (next task), not before.
		expect(rec.revoked).toEqual([]);
		vi.runAllTimers();
		expect(rec.revoked).toEqual(['blob:test/1']);
	});
	it('saves only the viewed bytes of a subarray, not the whole buffer behind it', async () => {
		const rec = stubBrowser();
		const buffer = Uint8Array.of(0xaa, 0x01, 0x02, 0xbb);
		downloadFile('part.bin', buffer.subarray(1, 3), 'application/octet-stream');
		expect(new Uint8Array(await rec.blobs[0].arrayBuffer())).toEqual(Uint8Array.of(0x01, 0x02));
	});
	it('saves text as UTF-8', async () => {
		const rec = stubBrowser();
		downloadFile('account.xml', '<Name>Zürich</Name>', 'application/xml');
		// ü = U+00FC → C3 BC in UTF-8: 19 characters, 20 bytes.
		const saved = new Uint8Array(await rec.blobs[0].arrayBuffer());
		expect(saved.length).toBe(20);
		expect(Array.from(saved.subarray(7, 9))).toEqual([0xc3, 0xbc]);
		expect(rec.blobs[0].type).toBe('application/xml');
	});
});
