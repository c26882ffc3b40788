// A document for the analysis worker to analyse while the page is idle after it starts. V8 compiles the parser,
// validator, encoder and annotator to optimised code only after they have run a while; without this the first few
// analyses after a page load ran 2-4x slower (5,000 lines: ~1 s, then ~100 ms once warm), and that was the user's
// first keystrokes. The document is the sample's access point and application repeated under distinct names, so
// every stage and both PROV code pages are exercised, and the string table has work to do.
import { SAMPLE_DOCUMENT } from '../sample';

const BODY = /<wap-provisioningdoc[^>]*>\n([\s\S]*)<\/wap-provisioningdoc>/;

/** The sample with its characteristics repeated `copies` times (NAP1 → NAP1_k, names suffixed). */
export function warmUpDocument(copies = 40): string {
	const body = BODY.exec(SAMPLE_DOCUMENT)?.[1] ?? '';
	let repeated = '';
	for (let k = 0; k < copies; k++) repeated += body.replaceAll('NAP1', `NAP1_${k}`).replaceAll('Example GPRS', `Example GPRS ${k}`);
	return SAMPLE_DOCUMENT.replace(body, repeated);
}
