// `tsx src/lib/server/vpcd/run-feeder.ts --order orders.csv --control feeder.sock [--state feeder.json]
//   --slot "Virtual PCD 00 00=35963" [--slot …] [--wrong-adm ICCID] [--command-ms N]`: a card-handling robot for tests and demos.
// One simulated card per order row (the row's ICCID, IMSI, ADM1), dealt round-robin onto the slots' stacks; the
// station ejects a card through the control socket (feeder.ts) and the next goes in. Prints "ready" once every slot
// has its first card. --wrong-adm gives that card an ADM1 the order does not know (the wrong-ADM check).
// --command-ms makes each card take N ms per command, as a real card does (VpcdClientOptions.commandMs).
// Runs until SIGTERM/SIGINT. It is no PC/SC client (feeder.ts gapMs says why).
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readWholeOrder, valueOf } from '../../batch';
import type { StackCard } from '../../card/simulator';
import { Secret } from '../../security/secret';
import { CardFeeder, type FeederSlot } from './feeder';

function fail(message: string): never {
	process.stderr.write(`run-feeder: ${message}\n`);
	process.exit(2);
}

const { values } = parseArgs({
	options: {
		order: { type: 'string' },
		control: { type: 'string' },
		state: { type: 'string' },
		slot: { type: 'string', multiple: true },
		'wrong-adm': { type: 'string', multiple: true },
		'command-ms': { type: 'string' }
	}
});
if (values.order === undefined) fail('--order is required');
if (values.control === undefined) fail('--control is required');
const slots: FeederSlot[] = (values.slot ?? []).map((text) => {
	const at = text.lastIndexOf('=');
	const port = Number(text.slice(at + 1));
	if (at <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) fail(`--slot ${JSON.stringify(text)}: expected "READER NAME=PORT"`);
	return { reader: text.slice(0, at), port };
});
if (slots.length === 0) fail('give at least one --slot "READER=PORT"');

const commandMs = Number(values['command-ms'] ?? '0');
if (!Number.isInteger(commandMs) || commandMs < 0 || commandMs > 10_000) fail(`--command-ms ${JSON.stringify(values['command-ms'])}: expected whole milliseconds from 0 to 10000`);

const order = await readWholeOrder(readFileSync(values.order, 'utf8'));
const wrong = new Set(values['wrong-adm'] ?? []);
const cards: StackCard[] = order.rows.map((row) => {
	const text = (name: string): string | undefined => {
		const v = valueOf(order.header, row, name);
		return v === undefined ? undefined : typeof v === 'string' ? v : v.revealText();
	};
	const iccid = text('ICCID');
	if (iccid === undefined) fail(`${values.order}:${row.line}: no ICCID`);
	const imsi = text('IMSI');
	const admValue = ['ADM1', 'ADM', 'PIN_ADM', 'PIN_ADM_HEX'].map((n) => valueOf(order.header, row, n)).find((v) => v instanceof Secret);
	const adm1 = wrong.has(iccid) ? new Uint8Array(8).fill(0x39) : admValue instanceof Secret ? admValue.reveal() : undefined;
	return { iccid, ...(imsi === undefined ? {} : { imsi }), ...(adm1 === undefined ? {} : { adm1 }) };
});

const feeder = new CardFeeder({ slots, cards, commandMs, log: (line) => process.stderr.write(`${line}\n`), ...(values.state === undefined ? {} : { stateFile: values.state }) });
rmSync(values.control, { force: true });
await feeder.listen(values.control);
await feeder.start();
process.stdout.write('ready\n');

async function shutdown(): Promise<void> {
	await feeder.stop();
	rmSync(values.control!, { force: true });
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
