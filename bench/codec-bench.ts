// In-process throughput: our encodeWbxml(parseXml(text)) and serializeXml(decodeWbxml(bytes)) against libwbxml's
// wbxml_conv_xml2wbxml_withlen / wbxml_conv_wbxml2xml_withlen (bench/c/wbxml_bench.c) on the same documents,
// both measured in this one run so the ratio compares like with like.
//   npx tsx bench/codec-bench.ts [--docs N] [--c-bench bench/out/wbxml_bench]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeWbxml, encodeWbxml, languageForDocument, PROV } from '../src/lib/codec/wbxml';
import { parseXml, serializeXml } from '../src/lib/codec/xml';
import { fromBundle, toBundle, workload } from './corpus';

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(name);
	return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const DOCS = Number(option('--docs', '100000'));
const OUT = join(import.meta.dirname, 'out');
const C_BENCH = option('--c-bench', join(OUT, 'wbxml_bench'));
const TARGET = 0.5;

mkdirSync(OUT, { recursive: true });
const texts = workload(DOCS);
const encoder = new TextEncoder();
const xmlBundle = join(OUT, 'bench-xml.bundle');
const wbxmlBundle = join(OUT, 'bench-wbxml.bundle');
writeFileSync(xmlBundle, toBundle(texts.map((t) => encoder.encode(t))));

// C first: it also writes the WBXML that both decoders then read.
const cOutput = execFileSync(C_BENCH, [xmlBundle, wbxmlBundle], { encoding: 'utf8' });
const cRate = (direction: string): number => {
	const match = new RegExp(`^C ${direction} docs=(\\d+) seconds=[\\d.]+ docs_per_s=(\\d+)$`, 'm').exec(cOutput);
	if (!match || Number(match[1]) !== DOCS) throw new Error(`unexpected C bench output:\n${cOutput}`);
	return Number(match[2]);
};
const wbxmlInputs = fromBundle(new Uint8Array(readFileSync(wbxmlBundle)));
// The bundles run to ~160 MB at 100,000 documents; nothing needs them after loading.
rmSync(xmlBundle);
rmSync(wbxmlBundle);

function encodeOne(text: string): number {
	const document = parseXml(text);
	return encodeWbxml(document, languageForDocument(document) ?? PROV).length;
}
function decodeOne(bytes: Uint8Array): number {
	return serializeXml(decodeWbxml(bytes).document).length;
}

// Warm-up (JIT) on the first 2,000 documents, not timed; the C side needs none.
for (let i = 0; i < Math.min(2000, DOCS); i++) {
	encodeOne(texts[i]);
	decodeOne(wbxmlInputs[i]);
}

function timed(run: () => number): { seconds: number; checksum: number } {
	const start = performance.now();
	const checksum = run();
	return { seconds: (performance.now() - start) / 1000, checksum };
}

const encode = timed(() => {
	let bytes = 0;
	for (const text of texts) bytes += encodeOne(text);
	return bytes;
});
const decode = timed(() => {
	let chars = 0;
	for (const bytes of wbxmlInputs) chars += decodeOne(bytes);
	return chars;
});

const lines: [string, number, number][] = [
	['XML -> WBXML', DOCS / encode.seconds, cRate('xml2wbxml')],
	['WBXML -> XML', DOCS / decode.seconds, cRate('wbxml2xml')]
];
console.log(`codec bench: ${DOCS} distinct CP documents (corpus cycled), WBXML 1.3 with string table`);
for (const [label, ours, c] of lines) {
	const ratio = ours / c;
	console.log(
		`  ${label}: ours ${Math.round(ours)} docs/s, libwbxml (C, in-process) ${Math.round(c)} docs/s, ` +
			`ours/C = ${ratio.toFixed(2)} (target >= ${TARGET}: ${ratio >= TARGET ? 'met' : 'NOT met'})`
	);
}
console.log(`  (ours encoded ${encode.checksum} WBXML bytes; decoded to ${decode.checksum} XML characters)`);
