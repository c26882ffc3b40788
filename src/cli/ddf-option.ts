// The --ddf option of `ddf-check` and `diff`: a DDF file, one of the DDFs the studio ships, or several of
// them comma-separated (a tree may hold DMAcc and DevInfo side by side).
import { devDetailSchema, devInfoSchema, dmAccSchema, parseDdf, type DdfSchema } from '../lib/documents/ddf';
import { UsageError } from './args';
import { inFile } from './file-scoped-error';
import { readTextInput } from './io';

const SHIPPED: Readonly<Record<string, () => DdfSchema>> = {
	dmacc: dmAccSchema,
	devinfo: devInfoSchema,
	devdetail: devDetailSchema
};

export const DDF_OPTION_HELP = `  --ddf <ddf>             a DDF XML file, or a shipped one: dmacc, devinfo, devdetail (required);
                          several comma-separated`;

export function readDdfOption(value: string | undefined, command: string): DdfSchema[] {
	if (value === undefined) throw new UsageError('no --ddf given (a DDF file, or dmacc, devinfo, devdetail)', command);
	const names = value.split(',').filter((name) => name !== '');
	if (names.length === 0) throw new UsageError('--ddf is empty', command);
	return names.map((name) => {
		const shipped = SHIPPED[name.toLowerCase()];
		if (shipped) return shipped();
		// A DDF that cannot be read is reported against its own file, not against the tree.
		return inFile(name, () => parseDdf(readTextInput(name)));
	});
}
