// The fuzz run's one seed: fresh every run, so each CI run tries inputs no run tried before, and printed, so a
// failure replays with `PSTUDIO_FUZZ_SEED=<seed> npx vitest run --project fuzz`. scripts/test.sh draws it once
// and exports it; a fuzz file run alone draws its own. fast-check takes it through fc.configureGlobal
// (tests/fuzz/setup.ts); generators of our own (mutation loops) derive their streams from it with `rng`.

function seedFromEnvironment(): number {
	const text = process.env.PSTUDIO_FUZZ_SEED;
	if (text === undefined || text === '') return (Math.random() * 0x1_0000_0000) | 0;
	const seed = Number(text);
	if (!Number.isSafeInteger(seed)) throw new Error(`PSTUDIO_FUZZ_SEED must be an integer, not ${JSON.stringify(text)}`);
	return seed | 0;
}

export const FUZZ_SEED: number = seedFromEnvironment();

/** A small deterministic generator (mulberry32) for loops that are not fast-check properties; salt keeps streams apart. */
export function rng(salt: number): () => number {
	let a = (FUZZ_SEED ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
	};
}
