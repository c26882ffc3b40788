// Fuzz: every form's round trip (tests/unit/forms/properties.ts) over many more generated documents and values than
// the unit run, from the run's fresh seed (tests/fuzz/seed.ts): 7 forms × 4 properties × 3,600 cases a run (about 100,000).
import { roundTripProperties } from '../unit/forms/properties';

roundTripProperties(3600);
