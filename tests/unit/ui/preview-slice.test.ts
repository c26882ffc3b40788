// The Batch page previews the first MiB of an order, cut after its last whole line.
import { describe, expect, it } from 'vitest';
import { previewSlice } from '../../../src/lib/ui/batch/plan-view';
import { PREVIEW_BYTES } from '../../../src/lib/ui/batch/protocol';

/** An order of `rows` rows, a little over PREVIEW_BYTES once encoded as UTF-16 (2 bytes a character). */
function order(rows: number): string {
	let text = 'ICCID,IMSI\n';
	for (let i = 0; i < rows; i++) text += `8949010000000000${String(i).padStart(4, '0')},26201000000${String(i).padStart(4, '0')}\n`;
	return text;
}

describe('previewSlice', () => {
	it('cuts UTF-16 LE without a byte order mark after a whole LF (0A 00), never between its two bytes', async () => {
		// Each row is 37 characters, 74 bytes; 15,000 rows are ~1.1 MB, over the 1 MiB preview.
		const bytes = Buffer.from(order(15_000), 'utf16le');
		expect(bytes.length).toBeGreaterThan(PREVIEW_BYTES);
		const { source, whole } = await previewSlice(new Blob([bytes]));
		const head = new Uint8Array(await source.arrayBuffer());
		expect(whole).toBe(false);
		// A whole number of UTF-16 units ending with the LF's two bytes: the text decodes to whole rows.
		expect([head.length % 2, head[head.length - 2], head[head.length - 1]]).toEqual([0, 0x0a, 0x00]);
		expect(new TextDecoder('utf-16le').decode(head).endsWith('\n')).toBe(true);
	});

	it('cuts UTF-16 BE without a byte order mark after 00 0A', async () => {
		const le = Buffer.from(order(15_000), 'utf16le');
		const bytes = Buffer.from(le).swap16();
		const head = new Uint8Array(await (await previewSlice(new Blob([bytes]))).source.arrayBuffer());
		expect([head.length % 2, head[head.length - 2], head[head.length - 1]]).toEqual([0, 0x00, 0x0a]);
	});
});
