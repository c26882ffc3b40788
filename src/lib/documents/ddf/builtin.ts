// The DDFs the studio ships, parsed once on first use.
import { parseDdf } from './parse';
import type { DdfSchema } from './schema';
import { DEVDETAIL_DDF } from './schemas/devdetail';
import { DEVINFO_DDF } from './schemas/devinfo';
import { DMACC_DDF } from './schemas/dmacc';

export { DEVDETAIL_DDF, DEVINFO_DDF, DMACC_DDF };

const cache = new Map<string, DdfSchema>();

function cached(text: string): DdfSchema {
	let schema = cache.get(text);
	if (schema === undefined) {
		schema = parseDdf(text);
		cache.set(text, schema);
	}
	return schema;
}

export const dmAccSchema = (): DdfSchema => cached(DMACC_DDF);
export const devInfoSchema = (): DdfSchema => cached(DEVINFO_DDF);
export const devDetailSchema = (): DdfSchema => cached(DEVDETAIL_DDF);
