// The --ddf option of `ddf-check` and `diff`: a DDF file, one of the DDFs the studio ships, or several of
// them comma-separated (a tree may hold DMAcc and DevInfo side by side).
import { devDetailSchema, devInfoSchema, dmAccSchema, parseDdf, type DdfSchema } from '../lib/documents/ddf';
import { UsageError } from './args';
import { inFile } from './file-scoped-error';
import { readXmlInput } from './io';
import { displayName, PROGRAM } from './report';

const SHIPPED: Readonly<Record<string, () => DdfSchema>> = {
	dmacc: dmAccSchema,
	devinfo: devInfoSchema,
	devdetail: devDetailSchema
};

export const DDF_OPTION_HELP = `  --ddf <ddf>             a DDF XML file, or a shipped one: dmacc, devinfo, devdetail (required);
                          several comma-separated. What a vendor DDF does against the DTD but can
                          still be read (no DFType, <Path>./</Path>, a root node named ".") is read,
                          with a warning line on stderr: pstudio: <file>:<line>:<col>: warning: ...`;

/**
 * The DDFs named by --ddf. What a DDF file does against the DTD but can still be read (issue 8 §10: vendor DDFs) is
 * passed to `warn` as `pstudio: <file>:<line>:<col>: warning: <what>` lines; the command goes on.
 */
export function readDdfOption(value: string | undefined, command: string, warn: (line: string) => void = () => {}): DdfSchema[] {
	if (value === undefined) throw new UsageError('no --ddf given (a DDF file, or dmacc, devinfo, devdetail)', command);
	const names = value.split(',').filter((name) => name !== '');
	if (names.length === 0) throw new UsageError('--ddf is empty', command);
	return names.map((name) => {
		// Own properties only: `--ddf constructor` is a file name, not Object.prototype.constructor.
		const key = name.toLowerCase();
		const shipped = Object.hasOwn(SHIPPED, key) ? SHIPPED[key] : undefined;
		if (shipped) return shipped();
		// A DDF that cannot be read is reported against its own file, not against the tree.
		const schema = inFile(name, () => parseDdf(readXmlInput(name)));
		for (const { position, message } of schema.warnings) {
			const where = 'line' in position ? `${position.line}:${position.column}` : `WBXML offset 0x${position.offset.toString(16).toUpperCase()}`;
			warn(`${PROGRAM}: ${displayName(name)}:${where}: warning: ${message}\n`);
		}
		return schema;
	});
}
