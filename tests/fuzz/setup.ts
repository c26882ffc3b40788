// Setup of every fuzz file (vitest.config.ts): fast-check draws from the run's seed (tests/fuzz/seed.ts).
import fc from 'fast-check';
import { FUZZ_SEED } from './seed';

fc.configureGlobal({ seed: FUZZ_SEED });
console.log(`fuzz seed ${FUZZ_SEED}: replay with PSTUDIO_FUZZ_SEED=${FUZZ_SEED} npx vitest run --project fuzz`);
