// The analysis worker's work per keystroke (issue 9), in Node: letters typed one by one into a NAME value past the
// middle of the studio bench's documents (bench/studio-docs.ts), each text analysed as the worker does it
// (createAnalysisHandler: an XmlReparser patches the last document when only a value changed), against the same
// pipeline parsing every text whole (analyseNow, what the worker did before). Median ms per keystroke, and each
// step's share: parse (the reparser vs parseXml), findings, encode, spans.
//   npx tsx bench/analysis-bench.ts [--sizes 5000,20000] [--keys 40]
import { parseXml, XmlReparser, type XmlDocument } from '../src/lib/codec/xml';
import { encodeWbxml, languageForDocument } from '../src/lib/codec/wbxml';
import { documentFindings } from '../src/lib/ui/analyse';
import { analyseNow, createAnalysisHandler, viewSpans } from '../src/lib/ui/analysis';
import { option } from './options';
import { studioDocument } from './studio-docs';

const SIZES = option('--sizes', '5000,20000').split(',').map(Number);
const KEYS = Number(option('--keys', '40'));
const OPTIONS = { version: 3, stringTable: true } as const;

/** The texts after each of `keys` letters typed into a NAME value past the middle. */
function typed(base: string, keys: number): string[] {
	const at = base.indexOf('value="', base.indexOf('name="NAME"', base.length >> 1)) + 'value="'.length;
	const texts: string[] = [];
	for (let k = 1; k <= keys; k++) texts.push(base.slice(0, at) + 'abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(0, k) + base.slice(at));
	return texts;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timeEach(texts: string[], run: (text: string) => void): number[] {
	return texts.map((text) => {
		const t0 = performance.now();
		run(text);
		return performance.now() - t0;
	});
}

/** Each step's median ms over `texts`, parsing with `parse`. */
function steps(texts: string[], parse: (text: string) => XmlDocument): Record<string, number> {
	const out: Record<string, number[]> = { parse: [], findings: [], encode: [], spans: [] };
	for (const text of texts) {
		let t = performance.now();
		const document = parse(text);
		let now = performance.now();
		out.parse.push(now - t);
		t = now;
		documentFindings(text, document);
		now = performance.now();
		out.findings.push(now - t);
		t = now;
		const language = languageForDocument(document);
		if (language === undefined) throw new Error('no language');
		const bytes = encodeWbxml(document, language, OPTIONS);
		now = performance.now();
		out.encode.push(now - t);
		t = now;
		viewSpans(text, document, bytes, language);
		out.spans.push(performance.now() - t);
	}
	return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
}

const ms = (v: number): string => `${v.toFixed(1)} ms`;

console.log(`analysis bench: ${KEYS} letters typed into a NAME value; median per keystroke (Node ${process.version})`);
for (const lines of SIZES) {
	const base = studioDocument(lines);
	const texts = typed(base, KEYS);
	// Warm both paths up on other texts of the same document (V8 optimises after a few runs).
	for (const text of typed(base.replace('Access point', 'Access pointe'), 8)) analyseNow(text, OPTIONS);
	const handler = createAnalysisHandler(() => undefined);
	handler.handle({ type: 'analyse', id: 1, text: base, options: OPTIONS });
	let id = 1;
	const worker = median(timeEach(texts, (text) => void handler.handle({ type: 'analyse', id: ++id, text, options: OPTIONS })));
	const before = median(timeEach(texts, (text) => void analyseNow(text, OPTIONS)));
	const reparser = new XmlReparser();
	reparser.parse(base);
	const now = steps(texts, (text) => reparser.parse(text));
	const whole = steps(texts, (text) => parseXml(text));
	console.log(
		`${String(lines).padStart(6)} lines  worker ${ms(worker).padStart(9)}  whole-parse pipeline ${ms(before).padStart(9)}  ratio ${(before / worker).toFixed(2)}x` +
			`   steps now / whole: parse ${ms(now.parse)} / ${ms(whole.parse)} (${(whole.parse / now.parse).toFixed(1)}x), findings ${ms(now.findings)}, encode ${ms(now.encode)}, spans ${ms(now.spans)}`
	);
}
