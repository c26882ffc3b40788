// `tsx src/lib/server/vpcd/run-sim.ts --port 35963 [--profile card.json] [--save out.json]`: attaches a simulated
// UICC to vpcd. Prints "ready" once connected; on SIGTERM/SIGINT detaches and, with --save, writes the card state.
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultProfile, loadProfile, parseProfileText, saveProfile, UiccSimulator } from '../../card/simulator';
import { VpcdClient } from './client';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('--port') ?? '35963');
if (!Number.isInteger(port) || port < 1 || port > 65535) {
	process.stderr.write(`run-sim: --port must be 1..65535\n`);
	process.exit(2);
}
const profilePath = arg('--profile');
const savePath = arg('--save');
const state = profilePath ? parseProfileText(readFileSync(profilePath, 'utf8')) : loadProfile(defaultProfile());
const card = new UiccSimulator(state);
const client = new VpcdClient(card, { port, log: (l) => process.stderr.write(l + '\n') });

async function shutdown(): Promise<void> {
	await client.stop();
	// The saved profile holds the card's ADM1 and PIN values: readable by its owner only.
	if (savePath) writeFileSync(savePath, JSON.stringify(saveProfile(card.state), null, '\t') + '\n', { mode: 0o600 });
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

await client.start();
process.stdout.write('ready\n');
