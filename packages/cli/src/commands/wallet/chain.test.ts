// The wallet commands that talk to a chain, against one dev node on a loopback port: a user with an
// empty wallet path creates a wallet, is funded from //Alice through the SDK, reads the balance,
// transfers, fails cleanly (insufficient balance, bad address, refused confirmation, no node), and sees
// an SDK-made registration in the overview.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import {
  cryptoReady,
  keypairFromMnemonic,
  keypairFromSeed,
  keypairFromUri,
  type Keypair,
} from '@tao-ts/primitives';
import { ChainClient } from '@tao-ts/sdk';
import { validateJson, type JsonSchema } from '../../framework/schema.js';
import { runTao, tempHome, type TaoRun } from '../../test-support.js';
import balance from './balance.js';
import create from './create.js';
import overview from './overview.js';
import transfer from './transfer.js';

const TAO = 1_000_000_000n;
const t = tempHome();
const wallets = join(t.home, 'wallets');
let node: RunningNode;
let client: ChainClient;
let alice: Keypair;
let coldkey: Keypair;
let hotkeyAddress: string;
const dest = () => keypairFromSeed(new Uint8Array(32).fill(42)).address;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ blockTimeMs: 200 });
  client = await ChainClient.connect(node.rpc.url);
  alice = keypairFromUri('//Alice');
});

after(async () => {
  await client?.disconnect();
  await node?.stop();
  t.cleanup();
});

const tao = (args: readonly string[], stdin?: string): Promise<TaoRun> =>
  runTao(['--network', node.rpc.url, '--wallet.path', wallets, ...args], {
    env: t.env,
    ...(stdin === undefined ? {} : { stdin }),
  });

async function json(schema: JsonSchema, args: readonly string[]): Promise<Record<string, unknown>> {
  const run = await tao([...args, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(validateJson(schema, doc), [], run.stdout);
  return doc;
}

describe('tao wallet balance / transfer / overview on a dev node', () => {
  it('a new wallet funded from //Alice shows its balance', async () => {
    const made = await json(create.output, ['wallet', 'create', '-w', 'user', '--no-use-password']);
    const cold = made['coldkey'] as { address: string; mnemonic: string };
    coldkey = keypairFromMnemonic(cold.mnemonic);
    hotkeyAddress = (made['hotkey'] as { address: string }).address;
    assert.equal(coldkey.address, cold.address);
    await client.transfer(alice, cold.address, 100n * TAO);

    const doc = await json(balance.output, ['wallet', 'balance', '-w', 'user']);
    assert.deepEqual(doc['balances'], [
      {
        wallet: 'user',
        address: cold.address,
        free: String(100n * TAO),
        staked: '0',
        total: String(100n * TAO),
      },
    ]);
    const text = await tao(['wallet', 'balance', '-w', 'user']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^user\s+5\w+\s+τ100\.000000000\s+τ0\.000000000\s+τ100\.000000000$/m);

    const byAddress = await json(balance.output, [
      'wallet',
      'balance',
      '--ss58',
      `${alice.address},${cold.address}`,
    ]);
    const rows = byAddress['balances'] as { wallet: unknown; address: string }[];
    assert.deepEqual(
      rows.map((r) => [r.wallet, r.address]),
      [
        [null, alice.address],
        [null, cold.address],
      ],
    );
  });

  it('transfer --no-prompt --json moves exactly the amount and reports block, fee and balances', async () => {
    const doc = await json(transfer.output, [
      'wallet',
      'transfer',
      '-w',
      'user',
      '--dest',
      dest(),
      '--amount',
      '1.5',
      '--no-prompt',
    ]);
    assert.equal(doc['amount'], String((3n * TAO) / 2n));
    assert.equal(doc['keepAlive'], true);
    assert.equal(await client.balance(dest()), (3n * TAO) / 2n);
    const fee = BigInt(doc['fee'] as string);
    assert.ok(fee > 0n && fee < TAO / 10n, `a small fee: ${fee}`);
    assert.equal(doc['feeExact'], true, 'the fee is what the account paid');
    assert.equal(doc['balanceBefore'], String(100n * TAO));
    assert.equal(BigInt(doc['balanceAfter'] as string), 100n * TAO - (3n * TAO) / 2n - fee);
    assert.equal(BigInt(doc['balanceAfter'] as string), await client.balance(coldkey.address));
  });

  it('insufficient balance, a bad address and a refused confirmation fail before anything is sent', async () => {
    const before = await client.balance(coldkey.address);
    const poor = await tao(['wallet', 'transfer', '-w', 'user', '--dest', dest(), '--amount', '1000', '-y']);
    assert.equal(poor.code, 1);
    assert.match(
      poor.stderr,
      /^error: insufficient balance: 5\w+ holds τ98\.\d+ but sending τ1,?000\.\d+ needs/m,
    );
    assert.match(poor.stderr, /^hint: /m);
    assert.doesNotMatch(poor.stderr, /\n\s+at /);

    const typo = `${dest().slice(0, -1)}${dest().endsWith('a') ? 'b' : 'a'}`;
    const bad = await tao(['wallet', 'transfer', '-w', 'user', '--dest', typo, '--amount', '1', '-y']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: --dest: /m);
    assert.match(bad.stderr, /^hint: an SS58 address/m);
    const shape = await tao(['wallet', 'transfer', '-w', 'user', '--dest', 'bob', '--amount', '1', '-y']);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /^error: option '-d, --dest <ss58>' argument 'bob' is invalid/m);

    const declined = await tao(
      ['wallet', 'transfer', '-w', 'user', '--dest', dest(), '--amount', '1'],
      'n\n',
    );
    assert.equal(declined.code, 130);
    assert.match(declined.stderr, /Transfer τ1\.000000000 from 5\w+ to 5\w+ \(fee ≈ τ0\.\d+\)/);
    assert.equal(await client.balance(coldkey.address), before);
  });

  it('transfer --all --allow-death empties the account', async () => {
    const made = await json(create.output, ['wallet', 'create', '-w', 'small', '--no-use-password']);
    const address = (made['coldkey'] as { address: string }).address;
    await client.transfer(alice, address, 2n * TAO);
    const doc = await json(transfer.output, [
      'wallet',
      'transfer',
      '-w',
      'small',
      '-d',
      dest(),
      '--all',
      '--allow-death',
      '-y',
    ]);
    assert.equal(doc['balanceAfter'], '0');
    assert.equal(BigInt(doc['amount'] as string) + BigInt(doc['fee'] as string), 2n * TAO);
    const all = await json(balance.output, ['wallet', 'balance', '--all']);
    assert.deepEqual(
      (all['balances'] as { wallet: string }[]).map((b) => b.wallet),
      ['small', 'user'],
    );
  });

  it('overview shows a registration made through the SDK', async () => {
    const empty = await json(overview.output, ['wallet', 'overview', '-w', 'user']);
    assert.deepEqual(empty['neurons'], []);
    const { uid } = await client.burnedRegister(coldkey, 1, hotkeyAddress);
    const doc = await json(overview.output, ['wallet', 'overview', '-w', 'user']);
    const neurons = doc['neurons'] as {
      netuid: number;
      uid: number;
      hotkey: string;
      coldkey: string;
      hotkeyName: string;
    }[];
    assert.equal(neurons.length, 1);
    assert.deepEqual(
      {
        netuid: neurons[0]?.netuid,
        uid: neurons[0]?.uid,
        hotkey: neurons[0]?.hotkey,
        coldkey: neurons[0]?.coldkey,
        name: neurons[0]?.hotkeyName,
      },
      { netuid: 1, uid, hotkey: hotkeyAddress, coldkey: coldkey.address, name: 'default' },
    );
    const text = await tao(['wallet', 'overview', '-w', 'user']);
    assert.match(text.stdout, new RegExp(`^user\\s+default\\s+1\\s+${uid}\\s`, 'm'));
    const filtered = await json(overview.output, ['wallet', 'overview', '-w', 'user', '--netuids', '0']);
    assert.deepEqual(filtered['neurons'], []);
  });

  it('an unreachable node is named by its URL, without a stack', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `ws://127.0.0.1:${port}`;
    const run = await runTao(
      ['--network', url, '--wallet.path', wallets, 'wallet', 'balance', '-w', 'user'],
      { env: t.env },
    );
    assert.equal(run.code, 1);
    assert.equal(run.stderr.split('\n')[0], `error: cannot reach a node at ${url}`);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
