/**
 * ChainClient against a real dev node (in-process, loopback port 0, 200 ms blocks): balances,
 * registration (burn and proof of work), typed failures, serving, weights with and without
 * commit-reveal, staking and delegates.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import { DEV_PHRASE, cryptoReady, keypairFromSeed, keypairFromUri, type Keypair } from '@tao-ts/primitives';
import { WalletKey } from '../wallet/index.js';
import { ChainClient } from './client.js';
import { unstakedAlpha, unstakedTao } from './stake-events.js';
import { ChainCallError, ChainConnectionError, TransactionRejectedError } from './errors.js';

const TAO = 1_000_000_000n;
let node: RunningNode;
let client: ChainClient;
let alice: Keypair;
let bob: Keypair;
let bobHot: Keypair;
let bobUid: number;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ blockTimeMs: 200 });
  client = await ChainClient.connect(node.rpc.url);
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
  bobHot = keypairFromUri('//Bob//hotkey');
});

after(async () => {
  await client?.disconnect();
  await node?.stop();
});

test('balances: a keep-alive transfer moves exactly the amount', async () => {
  const dest = keypairFromSeed(new Uint8Array(32).fill(7)).address;
  assert.equal(await client.balance(dest), 0n);
  const before = await client.balance(bob.address);
  const result = await client.transfer(bob, dest, 5n * TAO);
  assert.match(result.blockHash ?? '', /^0x[0-9a-f]{64}$/);
  assert.ok(result.events.some((e) => e.section === 'balances' && e.method === 'Transfer'));
  assert.equal(await client.balance(dest), 5n * TAO);
  const paid = before - (await client.balance(bob.address));
  assert.ok(
    paid > 5n * TAO && paid < 5n * TAO + TAO / 10n,
    `sender paid the amount and a small fee: ${paid}`,
  );
});

test('a wallet key (WalletKey from the wallet module) signs extrinsics as it is', async () => {
  const key = WalletKey.fromMnemonic(DEV_PHRASE);
  await client.transfer(alice, key.address, 2n * TAO);
  const back = await client.transfer(key, alice.address, TAO);
  assert.ok(back.events.some((e) => e.method === 'Transfer'));
  assert.ok((await client.balance(key.address)) < TAO);
});

test("waitFor 'none' returns at acceptance, 'finalized' once the block is final", async () => {
  const dest = keypairFromSeed(new Uint8Array(32).fill(8)).address;
  const accepted = await client.transfer(alice, dest, TAO, { waitFor: 'none' });
  assert.match(accepted.txHash, /^0x[0-9a-f]{64}$/);
  assert.equal(accepted.blockHash, undefined);
  const final = await client.transfer(bob, dest, TAO, { waitFor: 'finalized' });
  assert.equal(final.finalized, true);
  assert.equal(await client.balance(dest), 2n * TAO);
});

test('subnets, existence, hyperparameters and burn cost', async () => {
  assert.deepEqual(await client.subnets(), [0, 1]);
  assert.equal(await client.subnetExists(1), true);
  assert.equal(await client.subnetExists(99), false);
  const hyper = await client.hyperparameters(1);
  assert.equal(hyper.tempo, 10);
  assert.equal(hyper.commitRevealWeightsEnabled, false);
  assert.equal(typeof hyper.difficulty, 'bigint');
  assert.ok((await client.burnCost(1)) > 0n);
});

test('burned registration gives the hotkey a uid the neuron lookup finds', async () => {
  const { uid, result } = await client.burnedRegister(bob, 1, bobHot.address);
  assert.ok(uid >= 1);
  assert.ok(result.events.some((e) => e.method === 'NeuronRegistered'));
  bobUid = uid;
  const neuron = await client.neuron(1, bobHot.address);
  assert.equal(neuron?.uid, uid);
  assert.equal(neuron?.coldkey, bob.address);
  assert.equal(await client.uidOf(1, keypairFromUri('//Nobody').address), undefined);
});

test('a failed dispatch is a ChainCallError naming the pallet error, with its docs', async () => {
  const error = await client.burnedRegister(bob, 99, bobHot.address).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ChainCallError, String(error));
  assert.equal(error.code, 'CHAIN_CALL_FAILED');
  assert.equal(error.pallet, 'subtensorModule');
  assert.equal(error.error, 'SubnetNotExists');
  assert.ok(error.docs.length > 0, 'docs from metadata');
  assert.match(error.message, /SubnetNotExists/);
});

test('a pool refusal is a TransactionRejectedError with its 1010 code', async () => {
  const broke = keypairFromSeed(new Uint8Array(32).fill(9));
  const error = await client.transfer(broke, alice.address, 1n).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof TransactionRejectedError, String(error));
  assert.equal(error.code, 'TX_REJECTED');
  assert.equal(error.rpcCode, 1010);
  assert.match(error.reason, /pay/i);
});

test('proof of work: the solver finds a seal at a sudo-lowered difficulty and register succeeds', async () => {
  await client.sudo(alice, 'adminUtils', 'sudoSetDifficulty', [1, 2_000n]);
  assert.equal(await client.difficulty(1), 2_000n);
  const hotkey = keypairFromUri('//Dave//pow');
  const { uid } = await client.powRegister(hotkey, 1, {
    coldkey: keypairFromUri('//Dave').address,
    threads: 2,
  });
  assert.ok(uid >= 1);
  const neuron = await client.neuron(1, hotkey.address);
  assert.equal(neuron?.coldkey, keypairFromUri('//Dave').address);
});

test('serve_axon: the endpoint shows in the neuron info', async () => {
  await client.serveAxon(bobHot, { netuid: 1, ip: '203.0.113.7', port: 8091, version: 10_002_000 });
  const neuron = await client.neuron(1, bobHot.address);
  assert.equal(neuron?.axon.ip, '203.0.113.7');
  assert.equal(neuron?.axon.port, 8091);
  assert.equal(neuron?.axon.version, 10_002_000);
});

test('staking: add then remove changes the stake both ways', async () => {
  await client.addStake(bob, bobHot.address, 1, 10n * TAO);
  const staked = await client.stake(bobHot.address, bob.address, 1);
  assert.ok(staked > 0n, `stake ${staked}`);
  await client.removeStake(bob, bobHot.address, 1, staked / 2n);
  const left = await client.stake(bobHot.address, bob.address, 1);
  assert.ok(left < staked && left > 0n, `left ${left} of ${staked}`);
  const balanceBefore = await client.balance(bob.address);
  assert.ok(balanceBefore > 0n);
  // remove_stake_full_limit empties the position at execution time, whatever it has grown to.
  await assert.rejects(
    client.removeAllStake(bob, bobHot.address, 1, { limitPrice: 2n * TAO }),
    (e: unknown) => e instanceof ChainCallError && e.errorName === 'SlippageTooHigh',
  );
  const all = await client.removeAllStake(bob, bobHot.address, 1);
  assert.ok(unstakedAlpha(all) >= left, `unstaked ${unstakedAlpha(all)} of ${left}`);
  assert.equal(unstakedTao(all), unstakedAlpha(all), 'the swap is 1:1');
  assert.equal(await client.stake(bobHot.address, bob.address, 1), 0n);
});

test('delegate take: lowering it makes the hotkey a listed delegate with that take', async () => {
  const before = await client.delegateTake(bobHot.address);
  await client.setDelegateTake(bob, bobHot.address, before - 1000);
  assert.equal(await client.delegateTake(bobHot.address), before - 1000);
  const listed = (await client.delegates()).find((d) => d.hotkey === bobHot.address);
  assert.ok(listed, 'listed by get_delegates');
  assert.equal(listed.owner, bob.address);
  assert.equal(listed.takeRaw, before - 1000);
  assert.ok(Math.abs(listed.take - (before - 1000) / 65535) < 1e-12);
});

test('an endpoint that does not answer is a ChainConnectionError', async () => {
  await assert.rejects(ChainClient.connect('ws://127.0.0.1:9', { timeoutMs: 300 }), ChainConnectionError);
});

test('set_weights without commit-reveal sets the row', async () => {
  const outcome = await client.setWeights(alice, 1, [0, bobUid], [65535, 65535]);
  assert.equal(outcome.mode, 'set');
  const row = (await client.query('subtensorModule', 'weights')(1, 0)).toJSON() as [number, number][];
  assert.deepEqual(
    row.map(([uid]) => uid),
    [0, bobUid],
  );
});

test('with commit-reveal on, setWeights commits then reveals in the reveal epoch', async () => {
  await client.submit(alice, 'adminUtils', 'sudoSetCommitRevealWeightsEnabled', [1, true]);
  assert.equal((await client.hyperparameters(1)).commitRevealWeightsEnabled, true);
  const plain = await client.submit(alice, 'subtensorModule', 'setWeights', [1, [0], [1], 0n]).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(plain instanceof ChainCallError && plain.error === 'CommitRevealEnabled', String(plain));
  const outcome = await client.setWeights(alice, 1, [0, bobUid], [65535, 32767]);
  assert.equal(outcome.mode, 'commit-reveal');
  if (outcome.mode !== 'commit-reveal') return;
  assert.equal(outcome.commit.revealEpoch, outcome.commit.commitEpoch + 1n);
  const revealed = await outcome.revealed;
  assert.ok(
    revealed.events.some((e) => e.method === 'WeightsRevealed'),
    revealed.events.map((e) => e.method).join(),
  );
  const row = (await client.query('subtensorModule', 'weights')(1, 0)).toJSON() as [number, number][];
  assert.deepEqual(row, [
    [0, 65535],
    [bobUid, 32767],
  ]);
});
