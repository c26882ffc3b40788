// How batch rows are signed (OMA-WAP-ProvBoot §5): the SEC method, keyed per row by the row's own IMSI (NETWPIN) or
// PIN column (USERPIN, USERNETWPIN). USERPINMAC is not offered: it makes a PIN per document that each user must be
// told, which a batch cannot do. No key is ever given on the command line: it comes from the order.
import type { SecMethod } from '../lib/security';
import { UsageError } from './args';
import { stringOption, type Values } from './batch-options';

export const SIGNING_OPTIONS = {
	sec: { type: 'string' },
	'pin-column': { type: 'string' }
} as const;

export const SIGNING_HELP = `  --sec <method>          sign each row: NETWPIN (key from the row's IMSI), USERPIN (from its PIN column)
                          or USERNETWPIN (both); ProvBoot section 5
  --pin-column <C>        the column of the user PIN (default: the order's first PIN column, e.g. PIN1)`;

const METHODS: readonly SecMethod[] = ['NETWPIN', 'USERPIN', 'USERNETWPIN'];

export interface BatchSigning {
	sec?: SecMethod;
	pinColumn?: string;
}

/** --sec and --pin-column; `required` for export. A PIN column without a method using it is bad usage. */
export function readBatchSec(values: Values, command: string, required = false): BatchSigning {
	const text = stringOption(values, 'sec');
	const pinColumn = stringOption(values, 'pin-column');
	if (text === undefined) {
		if (required) throw new UsageError('no --sec given: NETWPIN, USERPIN or USERNETWPIN', command);
		if (pinColumn !== undefined) throw new UsageError('--pin-column needs --sec USERPIN or USERNETWPIN', command);
		return {};
	}
	const sec = METHODS.find((m) => m === text.toUpperCase() || String(['NETWPIN', 'USERPIN', 'USERNETWPIN'].indexOf(m)) === text);
	if (sec === undefined) {
		const extra = text.toUpperCase() === 'USERPINMAC' || text === '3' ? ' (USERPINMAC gives every card a PIN to type: not a batch signature)' : '';
		throw new UsageError(`--sec must be NETWPIN, USERPIN or USERNETWPIN; found ${JSON.stringify(text)}${extra}`, command);
	}
	if (pinColumn !== undefined && sec === 'NETWPIN') throw new UsageError('--sec NETWPIN does not use a PIN: drop --pin-column', command);
	if (pinColumn === '') throw new UsageError('--pin-column is empty', command);
	return pinColumn === undefined ? { sec } : { sec, pinColumn };
}
