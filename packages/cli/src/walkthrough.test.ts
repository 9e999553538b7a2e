/**
 * The walkthrough in docs/cli.md, run as written: every `tao …` line of its `sh` blocks, in order, against a
 * fresh dev node, with a private HOME (so `~/.bittensor/wallets` and `~/.tao` are temporary). The doc's own
 * `tao config set network local` runs too; TAO_NETWORK then points the same commands at the test's node, as
 * the doc says an environment variable may. Placeholders (`<owner address>`, `<miner uid>`) are filled from
 * `--json` side queries; where the doc says to wait, the test polls the metagraph until the condition holds.
 * The commands run in-process through the same runner as bin/tao.mjs (bin.test.ts covers the launcher):
 * spawning ~20 processes that each load the SDK would take minutes on a loaded machine.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import { cryptoReady } from '@tao-ts/primitives';
import metagraphCommand from './commands/subnets/metagraph.js';
import showCommand from './commands/subnets/show.js';
import sudoSetCommand from './commands/sudo/set.js';
import listCommand from './commands/wallet/list.js';
import { validateJson, type JsonSchema } from './framework/schema.js';
import { runTao, tempHome, type TaoRun } from './test-support.js';

const DOC = new URL('../../../docs/cli.md', import.meta.url).pathname;
const POLL_MS = 500;
const WAIT_LIMIT_MS = 30_000;

interface Neuron {
  uid: number;
  hotkey: string;
  stake: string;
  incentive: number;
  emission: string;
  validatorPermit: boolean;
  weights: { uid: number; weight: number }[];
}
interface MetagraphDoc {
  netuid: number;
  neurons: Neuron[];
}
interface WalletsDoc {
  wallets: { name: string; coldkey: string | null; hotkeys: { name: string; address: string }[] }[];
}

/** The `tao …` lines of the `sh` blocks in the walkthrough section, in order. */
function walkthroughCommands(markdown: string): string[] {
  const start = markdown.indexOf('\n## Walkthrough');
  assert.ok(start >= 0, 'docs/cli.md has no "## Walkthrough" section');
  const rest = markdown.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  const commands: string[] = [];
  for (const block of section.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    for (const line of (block[1] ?? '').split('\n')) {
      if (line.startsWith('tao ')) commands.push(line.trim());
    }
  }
  return commands;
}

let node: RunningNode;
let home: ReturnType<typeof tempHome>;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ blockTimeMs: 250 });
  home = tempHome();
});

after(async () => {
  await node?.stop();
  home?.cleanup();
});

function tao(args: readonly string[]): Promise<TaoRun> {
  return runTao(args, { env: { ...home.env, TAO_NETWORK: node.rpc.url }, home: home.home });
}

async function json<T>(args: readonly string[], schema: JsonSchema): Promise<T> {
  const run = await tao([...args, '--json']);
  assert.equal(run.code, 0, `tao ${args.join(' ')} failed:\n${run.stderr}`);
  const doc = JSON.parse(run.stdout) as unknown;
  assert.deepEqual(validateJson(schema, doc), [], `tao ${args.join(' ')}: ${run.stdout}`);
  return doc as T;
}

function hotkeyAddress(wallets: WalletsDoc, wallet: string, hotkey: string): string {
  const address = wallets.wallets
    .find((w) => w.name === wallet)
    ?.hotkeys.find((h) => h.name === hotkey)?.address;
  assert.ok(address !== undefined, `no hotkey ${wallet}/${hotkey} in 'tao wallet list'`);
  return address;
}

/** Polls the metagraph until `ready` holds for it (bounded), and returns it. */
async function waitFor(
  netuid: string,
  what: string,
  ready: (neurons: Neuron[]) => boolean,
): Promise<MetagraphDoc> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const doc = await json<MetagraphDoc>(
      ['subnets', 'metagraph', '--netuid', netuid],
      metagraphCommand.output,
    );
    if (ready(doc.neurons)) return doc;
    assert.ok(Date.now() < deadline, `gave up waiting for ${what}: ${JSON.stringify(doc.neurons)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function option(words: readonly string[], flag: string): string {
  const value = words[words.indexOf(flag) + 1];
  assert.ok(words.includes(flag) && value !== undefined, `'${words.join(' ')}' has no ${flag}`);
  return value;
}

describe('docs/cli.md walkthrough', () => {
  it('runs every command of the walkthrough, in order, to a miner paid by a validator', async () => {
    const commands = walkthroughCommands(readFileSync(DOC, 'utf8'));
    assert.ok(commands.length >= 15, `only ${commands.length} commands found`);
    const weightsLine = commands.find((c) => c.startsWith('tao weights set '));
    assert.ok(weightsLine !== undefined, 'the walkthrough sets no weights');
    const weightsWords = weightsLine.split(/\s+/);
    const netuid = option(weightsWords, '--netuid');
    const walletName = option(weightsWords, '--wallet.name');
    const validatorName = option(weightsWords, '--wallet.hotkey');
    const pow = commands.find((c) => c.includes(' --pow') && c.includes(` --netuid ${netuid} `));
    assert.ok(pow !== undefined, `no proof-of-work registration on subnet ${netuid}`);
    const minerName = option(pow.split(/\s+/), '--wallet.hotkey');

    let weightsSet = false;
    for (const line of commands) {
      const words = line.split(/\s+/);
      const action = words.slice(1, 3).join(' ');
      if (action === 'weights set') {
        // "Wait until the metagraph shows a * in the vpermit column of the validator's row."
        const wallets = await json<WalletsDoc>(['wallet', 'list'], listCommand.output);
        const validator = hotkeyAddress(wallets, walletName, validatorName);
        await waitFor(netuid, 'the validator permit', (ns) =>
          ns.some((n) => n.hotkey === validator && n.validatorPermit),
        );
      }
      if (action === 'subnets metagraph' && weightsSet) {
        // "After the next epoch": the miner is paid for the weights.
        const wallets = await json<WalletsDoc>(['wallet', 'list'], listCommand.output);
        const miner = hotkeyAddress(wallets, walletName, minerName);
        await waitFor(netuid, 'the miner incentive', (ns) =>
          ns.some((n) => n.hotkey === miner && (n.incentive > 0 || BigInt(n.emission) > 0n)),
        );
      }
      const filled = await fill(line, netuid, walletName, minerName);
      const run = await tao(filled.split(/\s+/).slice(1));
      assert.equal(run.code, 0, `${filled} failed (exit ${run.code}):\n${run.stderr}${run.stdout}`);
      if (action === 'weights set') weightsSet = true;
    }
    assert.ok(weightsSet);

    const wallets = await json<WalletsDoc>(['wallet', 'list'], listCommand.output);
    const validator = hotkeyAddress(wallets, walletName, validatorName);
    const miner = hotkeyAddress(wallets, walletName, minerName);
    const final = await json<MetagraphDoc>(
      ['subnets', 'metagraph', '--netuid', netuid],
      metagraphCommand.output,
    );
    const v = final.neurons.find((n) => n.hotkey === validator);
    const m = final.neurons.find((n) => n.hotkey === miner);
    assert.ok(v !== undefined && m !== undefined, 'both neurons are in the metagraph');
    assert.ok(BigInt(v.stake) >= 10_000n * 1_000_000_000n, `validator stake ${v.stake}`);
    assert.equal(v.validatorPermit, true);
    assert.deepEqual(v.weights, [{ uid: m.uid, weight: 1 }]);
    assert.ok(m.incentive > 0 || BigInt(m.emission) > 0n, `miner: ${JSON.stringify(m)}`);

    // Step 4's own subnet: owned by the wallet, its default hotkey at uid 0, tuned as the doc says.
    const startLine = commands.find((c) => c.startsWith('tao subnets start '));
    assert.ok(startLine !== undefined, 'the walkthrough starts no subnet');
    const own = option(startLine.split(/\s+/), '--netuid');
    const shown = await json<{ subnet: { owner: string }; neurons: { uid: number; hotkey: string }[] }>(
      ['subnets', 'show', '--netuid', own],
      showCommand.output,
    );
    assert.equal(shown.subnet.owner, wallets.wallets.find((w) => w.name === walletName)?.coldkey);
    assert.equal(shown.neurons[0]?.hotkey, hotkeyAddress(wallets, walletName, 'default'));
    const hyper = await json<{ parameters: { name: string; value: unknown }[] }>(
      ['sudo', 'set', '--netuid', own],
      sudoSetCommand.output,
    );
    const value = (name: string): unknown => hyper.parameters.find((p) => p.name === name)?.value;
    for (const line of commands.filter((c) => /^tao sudo set \w+ \S+ /.test(c))) {
      const [, , , name = '', expected = ''] = line.split(/\s+/);
      assert.equal(String(value(name)), expected, `${name} of subnet ${own}`);
    }
  });
});

/** Replaces the doc's placeholders with what the earlier steps produced. */
async function fill(line: string, netuid: string, walletName: string, minerName: string): Promise<string> {
  let filled = line;
  if (filled.includes('<owner address>')) {
    const wallets = await json<WalletsDoc>(['wallet', 'list'], listCommand.output);
    const coldkey = wallets.wallets.find((w) => w.name === walletName)?.coldkey;
    assert.ok(typeof coldkey === 'string', `wallet ${walletName} has no coldkey address`);
    filled = filled.replaceAll('<owner address>', coldkey);
  }
  if (filled.includes('<miner uid>')) {
    const wallets = await json<WalletsDoc>(['wallet', 'list'], listCommand.output);
    const miner = hotkeyAddress(wallets, walletName, minerName);
    const graph = await json<MetagraphDoc>(
      ['subnets', 'metagraph', '--netuid', netuid],
      metagraphCommand.output,
    );
    const uid = graph.neurons.find((n) => n.hotkey === miner)?.uid;
    assert.ok(uid !== undefined, `the miner ${miner} is not on subnet ${netuid}`);
    filled = filled.replaceAll('<miner uid>', String(uid));
  }
  assert.doesNotMatch(filled, /<[^>]+>/, `unknown placeholder in '${line}'`);
  return filled;
}
