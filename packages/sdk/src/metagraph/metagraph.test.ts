/**
 * Metagraph against a real dev node with manual sealing, so the test decides when blocks happen:
 * the decoded arrays agree with @polkadot/api's own decoding of the same runtime call, sync()
 * does nothing while the head stands still, and registrations, axons and weights show up.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import { cryptoReady, keypairFromUri, type Keypair } from '@tao-ts/primitives';
import type { Codec } from '@polkadot/types/types';
import { ChainClient } from '../chain/client.js';
import { ChainQueryError } from '../chain/errors.js';
import { Metagraph } from './metagraph.js';

let node: RunningNode;
let client: ChainClient;
let alice: Keypair;
let bob: Keypair;
let bobHot: Keypair;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ manualSeal: true });
  client = await ChainClient.connect(node.rpc.url);
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
  bobHot = keypairFromUri('//Bob//hotkey');
  await newBlock();
});

after(async () => {
  await client?.disconnect();
  await node?.stop();
});

/** Author a block and wait until the client's head subscription has seen it. */
async function newBlock(): Promise<string> {
  const hash = await client.rpc<string>('dev_newBlock', []);
  while ((await client.bestHead()).hash !== hash) await new Promise((r) => setTimeout(r, 2));
  return hash;
}

/** Submit, wait for the pool to hold it, seal a block, and return the submit's result. */
async function include<T>(submitted: Promise<T>): Promise<T> {
  for (;;) {
    const pending = await client.rpc<string[]>('author_pendingExtrinsics', []);
    if (pending.length > 0) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  await newBlock();
  return submitted;
}

test('a lite sync agrees with @polkadot/api decoding of the same get_metagraph call', async () => {
  const metagraph = await Metagraph.create(client, 1);
  const reference = (await client.runtimeApi('subnetInfoRuntimeApi', 'getMetagraph')(1)) as Codec & {
    unwrap(): Codec;
  };
  const json = reference.unwrap().toJSON() as Record<string, unknown>;
  assert.equal(metagraph.n, (json['hotkeys'] as string[]).length);
  assert.deepEqual(metagraph.hotkeys, json['hotkeys']);
  assert.deepEqual(metagraph.coldkeys, json['coldkeys']);
  assert.deepEqual([...metagraph.stakeRao].map(Number), json['totalStake']);
  assert.deepEqual([...metagraph.emissionRao].map(Number), json['emission']);
  assert.deepEqual([...metagraph.lastUpdate].map(Number), json['lastUpdate']);
  assert.deepEqual(
    [...metagraph.active].map((a) => a === 1),
    json['active'],
  );
  assert.equal(metagraph.info?.tempo, json['tempo']);
  assert.equal(metagraph.info?.name, 'apex');
  assert.equal(metagraph.info?.ownerHotkey, alice.address);
  assert.equal(metagraph.uidOf(alice.address), 0);
  assert.equal(metagraph.weights, undefined, 'lite has no weights');
});

test('sync() is a no-op while the head stands still and refreshes on a new block', async () => {
  const metagraph = await Metagraph.create(client, 1);
  const block = metagraph.block;
  assert.equal(await metagraph.sync(), false);
  assert.equal(await metagraph.sync(), false);
  assert.equal(metagraph.block, block);
  await newBlock();
  assert.equal(await metagraph.sync(), true);
  assert.equal(metagraph.block, block + 1);
  assert.equal(await metagraph.sync({ force: true }), true);
  await newBlock();
  const together = await Promise.all([metagraph.sync(), metagraph.sync(), metagraph.sync()]);
  assert.deepEqual(together, [true, false, false], 'concurrent calls share one refresh');
});

test('a burned registration and a served axon show in the next sync', async () => {
  const metagraph = await Metagraph.create(client, 1);
  const n = metagraph.n;
  const stake = metagraph.stake;
  const { uid } = await include(client.burnedRegister(bob, 1, bobHot.address));
  assert.equal(await metagraph.sync(), true);
  assert.equal(metagraph.n, n + 1);
  assert.notEqual(metagraph.stake, stake, 'arrays are reallocated when n changes');
  assert.equal(metagraph.hotkeys[uid], bobHot.address);
  assert.equal(metagraph.coldkeys[uid], bob.address);
  assert.equal(metagraph.uidOf(bobHot.address), uid);
  const arrays = metagraph.stake;
  await include(client.serveAxon(bobHot, { netuid: 1, ip: '203.0.113.7', port: 8091, version: 10_002_000 }));
  await metagraph.sync();
  assert.equal(metagraph.stake, arrays, 'arrays are reused while n stays');
  assert.deepEqual(
    { ip: metagraph.axons[uid]?.ip, port: metagraph.axons[uid]?.port, ipType: metagraph.axons[uid]?.ipType },
    { ip: '203.0.113.7', port: 8091, ipType: 4 },
  );
});

test('a full sync carries the weight rows (normalised) and the bonds matrix', async () => {
  const uid = (await client.uidOf(1, bobHot.address)) as number;
  await include(client.setWeights(alice, 1, [0, uid], [65535, 21845]));
  const metagraph = await Metagraph.create(client, 1, { lite: false });
  const n = metagraph.n;
  const weights = metagraph.weights as Float64Array;
  assert.equal(weights.length, n * n);
  assert.ok(Math.abs((weights[0] as number) - 0.75) < 1e-9, String(weights[0]));
  assert.ok(Math.abs((weights[uid] as number) - 0.25) < 1e-9, String(weights[uid]));
  assert.equal(metagraph.bonds?.length, n * n);
  await metagraph.sync({ lite: true });
  assert.equal(metagraph.weights, undefined);
});

test('a subnet that does not exist is a ChainQueryError', async () => {
  await assert.rejects(Metagraph.create(client, 77), ChainQueryError);
});
