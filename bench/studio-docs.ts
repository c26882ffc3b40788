// The studio bench's documents (bench/studio-bench.ts): a wap-provisioningdoc of about N lines made of NAPDEF,
// PXLOGICAL (with PXPHYSICAL and PORT) and APPLICATION blocks, the mix an operator bundle has. Deterministic: the
// same N gives the same text in every run (a fixed-seed mulberry32 picks the block kinds and values), and every
// block is valid ProvCont (each PXPHYSICAL and APPLICATION names a NAPDEF or PXLOGICAL written before it), so the
// findings measured are the editor's, not the generator's mistakes.

/** mulberry32 (Tommy Ettinger, public domain): small, fast and the same everywhere. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const BEARERS = ['GSM-GPRS', 'GSM-CSD', 'GSM-GPRS'] as const;
const HEAD = `<?xml version="1.0"?>
<!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "http://www.wapforum.org/DTD/prov.dtd">
<wap-provisioningdoc version="1.1">
`;
const TAIL = '</wap-provisioningdoc>\n';

function napdef(i: number, pick: () => number): string[] {
	const bearer = BEARERS[Math.floor(pick() * BEARERS.length)];
	const csd = bearer === 'GSM-CSD';
	return [
		'  <characteristic type="NAPDEF">',
		`    <parm name="NAME" value="Access point ${i}"/>`,
		`    <parm name="NAPID" value="NAP${i}"/>`,
		`    <parm name="BEARER" value="${bearer}"/>`,
		`    <parm name="NAP-ADDRESS" value="${csd ? `+4412345${String(i).padStart(5, '0')}` : `apn${i}.example.net`}"/>`,
		`    <parm name="NAP-ADDRTYPE" value="${csd ? 'E164' : 'APN'}"/>`,
		...(csd ? [`    <parm name="CALLTYPE" value="ANALOG-MODEM"/>`] : []),
		'  </characteristic>'
	];
}

function pxlogical(i: number, nap: number): string[] {
	return [
		'  <characteristic type="PXLOGICAL">',
		`    <parm name="PROXY-ID" value="PROXY${i}"/>`,
		`    <parm name="NAME" value="Proxy ${i}"/>`,
		'    <characteristic type="PXPHYSICAL">',
		`      <parm name="PHYSICAL-PROXY-ID" value="PHY${i}"/>`,
		`      <parm name="PXADDR" value="192.0.2.${i % 250}"/>`,
		'      <parm name="PXADDRTYPE" value="IPV4"/>',
		`      <parm name="TO-NAPID" value="NAP${nap}"/>`,
		'      <characteristic type="PORT">',
		`        <parm name="PORTNBR" value="${8000 + (i % 1000)}"/>`,
		'      </characteristic>',
		'    </characteristic>',
		'  </characteristic>'
	];
}

function application(i: number, nap: number, proxy: number | undefined): string[] {
	const target = proxy === undefined ? `    <parm name="TO-NAPID" value="NAP${nap}"/>` : `    <parm name="TO-PROXY" value="PROXY${proxy}"/>`;
	return [
		'  <characteristic type="APPLICATION">',
		`    <parm name="APPID" value="${proxy === undefined ? 'w2' : 'w4'}"/>`,
		`    <parm name="NAME" value="Application ${i}"/>`,
		target,
		`    <parm name="ADDR" value="http://app${i}.example.com/start"/>`,
		'  </characteristic>'
	];
}

/** A document of at least `lines` lines (a 50-line request gives 50 to 60: whole blocks only). */
export function studioDocument(lines: number, seed = 9): string {
	const pick = mulberry32(seed);
	const out: string[] = [];
	let used = HEAD.split('\n').length - 1 + 1;
	let naps = 0;
	let proxies = 0;
	let apps = 0;
	while (used < lines) {
		const r = pick();
		let block: string[];
		// The first block is a NAPDEF, so the others always have one to name.
		if (naps === 0 || r < 0.5) block = napdef(naps++, pick);
		else if (r < 0.75) block = pxlogical(proxies++, Math.floor(pick() * naps));
		else block = application(apps++, Math.floor(pick() * naps), proxies > 0 && pick() < 0.5 ? Math.floor(pick() * proxies) : undefined);
		out.push(...block);
		used += block.length;
	}
	return HEAD + out.join('\n') + '\n' + TAIL;
}
