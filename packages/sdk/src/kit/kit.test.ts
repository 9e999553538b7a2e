/**
 * The kit end to end on a real dev node: a validator and two miners register by burn, the miners
 * serve axons on loopback, the validator queries them with the template's Dummy synapse, scores
 * the answers (one miner doubles correctly, the other does not), sets weights, and the epochs pay
 * the good miner. Then the validator restarts from its state file and carries on where it was.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri, type Keypair } from '@tao-ts/primitives';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import { ChainClient } from '../chain/index.js';
import { dummyReward } from '../scoring/index.js';
import { defineSynapse } from '../wire/synapse.js';
import { Dendrite } from '../wire/dendrite.js';
import { ValidatorStateError } from './errors.js';
import { Miner } from './miner.js';
import { loadValidatorState } from './state.js';
import { Validator } from './validator.js';

const NETUID = 1;
const TAO = 1_000_000_000n;

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { dummy_input: { type: 'int', required: true }, dummy_output: { type: 'int' } },
});

let node: RunningNode;
let client: ChainClient;
let dir: string;
let alice: Keypair;
let bob: Keypair;
const validatorHot = (): Keypair => keypairFromUri('//Alice//validator-hot');
const goodHot = (): Keypair => keypairFromUri('//Bob//miner-good');
const badHot = (): Keypair => keypairFromUri('//Bob//miner-bad');

before(async () => {
  await cryptoReady();
  node = await startDevNode({ blockTimeMs: 200 });
  client = await ChainClient.connect(node.rpc.url);
  dir = await mkdtemp(join(tmpdir(), 'tao-kit-'));
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
});

after(async () => {
  await client?.disconnect();
  await node?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Resolves once `check` holds, polling every head; fails after `blocks` blocks. */
async function untilBlocks(
  check: () => boolean | Promise<boolean>,
  blocks: number,
  what: string,
): Promise<void> {
  const start = (await client.bestHead()).number;
  for (;;) {
    if (await check()) return;
    const now = (await client.bestHead()).number;
    if (now - start > blocks) assert.fail(`${what} did not happen within ${blocks} blocks`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

void describe('miner and validator kit on a dev node', () => {
  it('registers, serves, queries, scores, sets weights, and the epoch pays the miner that answers right', async () => {
    const statePath = join(dir, 'validator-state.json');
    const validatorOptions = {
      client,
      netuid: NETUID,
      hotkey: validatorHot(),
      registration: { kind: 'burn', coldkey: alice } as const,
      synapse: Dummy,
      challenge: (step: number) => Dummy.create({ dummy_input: step + 1 }),
      score: (
        challenge: ReturnType<typeof Dummy.create>,
        responses: readonly ReturnType<typeof Dummy.create>[],
      ) => responses.map((r) => dummyReward(challenge.values.dummy_input, r.values.dummy_output)),
      timeoutS: 5,
      statePath,
      weightsIntervalBlocks: 5,
    };
    // The validator registers first and stakes, so the epoch gives it a permit.
    const validator = await Validator.start(validatorOptions);
    await client.addStake(alice, validatorHot().address, NETUID, 1_000n * TAO, { waitFor: 'inBlock' });

    const forwarded: number[] = [];
    const good = await Miner.start({
      client,
      netuid: NETUID,
      hotkey: goodHot(),
      registration: { kind: 'burn', coldkey: bob },
      synapse: Dummy,
      forward: (synapse) => {
        forwarded.push(synapse.values.dummy_input);
        synapse.values.dummy_output = synapse.values.dummy_input * 2;
        return synapse;
      },
      axon: { ip: '127.0.0.2', port: 0 },
    });
    const bad = await Miner.start({
      client,
      netuid: NETUID,
      hotkey: badHot(),
      registration: { kind: 'burn', coldkey: bob },
      synapse: Dummy,
      forward: (synapse) => {
        synapse.values.dummy_output = synapse.values.dummy_input * 2 + 1;
        return synapse;
      },
      axon: { ip: '127.0.0.2', port: 0 },
    });
    try {
      // Both axons are on chain, as the validator's metagraph sees them.
      await validator.metagraph.sync({ force: true });
      assert.equal(validator.metagraph.axons[good.uid]?.port, good.axon.port);
      assert.equal(validator.metagraph.axons[bad.uid]?.ip, '127.0.0.2');

      // Miners refuse the validator until an epoch has given it a permit.
      await untilBlocks(() => good.metagraph.validatorPermit[validator.uid] === 1, 60, 'a validator permit');

      // A caller that is not registered is blacklisted: nothing reaches forward.
      const stranger = new Dendrite({ keypair: keypairFromUri('//Stranger') });
      const refused = await stranger.call(
        { ip: '127.0.0.2', port: good.axon.port, hotkey: goodHot().address },
        Dummy.create({ dummy_input: 99 }),
        { timeout: 5 },
      );
      await stranger.close();
      assert.equal(refused.dendrite.statusCode, 403);
      assert.ok(!forwarded.includes(99));

      const first = await validator.runStep();
      assert.deepEqual([...first.uids].sort(), [good.uid, bad.uid].sort());
      assert.equal(first.rewards[first.uids.indexOf(good.uid)], 1);
      assert.equal(first.rewards[first.uids.indexOf(bad.uid)], 0);
      assert.equal(first.weights, undefined, 'no weights on step 0, as the template');
      assert.deepEqual(forwarded, [1]);

      const second = await validator.runStep();
      assert.equal(second.weightsError, undefined);
      assert.equal(second.weights?.mode, 'set');
      const emit = await validator.weightsToEmit();
      assert.deepEqual(emit.uids, [good.uid]);
      assert.deepEqual(emit.values, [65_535]);

      // The next epochs pay the miner the validator weighted, and not the other.
      const goodBefore = await client.stake(goodHot().address, bob.address, NETUID);
      await untilBlocks(
        async () => {
          await good.metagraph.sync();
          return (good.metagraph.incentive[good.uid] ?? 0) > 0;
        },
        60,
        'incentive for the good miner',
      );

      assert.equal(good.metagraph.incentive[bad.uid], 0);
      await untilBlocks(
        async () => (await client.stake(goodHot().address, bob.address, NETUID)) > goodBefore,
        60,
        'emission paid to the good miner',
      );

      // Restart: scores, step and last weights come back from the state file.
      const before = validator.scores.scores;
      await validator.stop();
      const restarted = await Validator.start(validatorOptions);
      try {
        assert.equal(restarted.step, 2);
        assert.deepEqual(restarted.scores.scores, before);
        const third = await restarted.runStep();
        assert.equal(third.step, 2);
        const saved = await loadValidatorState(statePath, { netuid: NETUID, hotkey: validatorHot().address });
        assert.equal(saved?.step, 3);
      } finally {
        await restarted.stop();
      }
    } finally {
      await good.stop();
      await bad.stop();
    }
  });

  it('refuses a state file that belongs to another hotkey or is damaged, naming the file', async () => {
    const path = join(dir, 'other.json');
    await writeFile(
      path,
      JSON.stringify({
        format: 1,
        netuid: 1,
        hotkey: 'x',
        step: 0,
        scores: [],
        hotkeys: [],
        lastWeightsBlock: -1,
      }),
    );
    await assert.rejects(loadValidatorState(path, { netuid: 1, hotkey: 'y' }), ValidatorStateError);
    await writeFile(path, '{"format":1,"netuid":1');
    await assert.rejects(loadValidatorState(path, { netuid: 1, hotkey: 'x' }), /other\.json: not JSON/);
    await writeFile(
      path,
      JSON.stringify({
        format: 1,
        netuid: 1,
        hotkey: 'x',
        step: -2,
        scores: [],
        hotkeys: [],
        lastWeightsBlock: -1,
      }),
    );
    await assert.rejects(loadValidatorState(path, { netuid: 1, hotkey: 'x' }), /field step/);
    assert.equal(await loadValidatorState(join(dir, 'missing.json'), { netuid: 1, hotkey: 'x' }), undefined);
  });
});
