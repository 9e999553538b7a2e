/** npm run bench sdk — keyfile unlock, axon echo and dendrite fan-out, metagraph sync. */
import { run as runWallet } from './sdk-wallet.js';
import { run as runWire } from './sdk-wire.js';
import { run as runMetagraph } from './sdk-metagraph.js';

export async function run(emit: (line: object) => void): Promise<void> {
  await runWire(emit);
  await runWallet(emit);
  await runMetagraph(emit);
}
