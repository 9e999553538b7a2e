import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromHex, toHex } from '@tao-ts/primitives';
import { DispatchError, type InvalidTransaction } from '../../frame/dispatch.js';
import type { ApplyResult } from '../../frame/executive.js';
import type { EventRecord } from '../../frame/runtime.js';
import { errorName, type TestChain } from '../../testing/chain.js';
import type { AccountId, DispatchErrorValue } from '../../types/substrate.js';
import {
  MAX_PENDING_COMMITS,
  commitHash,
  currentEpochWithLookahead,
  doBatchRevealWeights,
  doCommitWeights,
  doRevealWeights,
  earliestUnexpiredCommitBlocks,
  isCommitExpired,
  isRevealEpoch,
  type Reveal,
} from './commit-reveal.js';
import { SUBTENSOR_ERRORS } from './errors.js';
import { mechanismIndex } from './set-weights.js';
import { S } from './storage.js';
import {
  BOB,
  addSubnet,
  advanceEpoch,
  contextFor,
  key,
  newChain,
  registerNeuron,
  setPermit,
  type TestSubnet,
} from './weights-test-support.js';

const NET = 2;
const V = key(1);
const V2 = key(2);
const M = key(3);
const OUTSIDER = key(9);

type Result = ApplyResult | InvalidTransaction;

function setup(options: TestSubnet = {}): TestChain {
  const chain = newChain();
  addSubnet(chain.storage, NET, { commitReveal: true, ...options });
  for (const hotkey of [V, V2, M]) registerNeuron(chain.storage, NET, hotkey, BOB);
  setPermit(chain.storage, NET, 0);
  setPermit(chain.storage, NET, 1);
  return chain;
}

const W: Reveal = { uids: [0, 2], values: [10, 20], salt: [1, 2, 3], versionKey: 0n };
const W2: Reveal = { uids: [2], values: [7], salt: [9], versionKey: 0n };
const W3: Reveal = { uids: [0, 1, 2], values: [1, 1, 1], salt: [4], versionKey: 0n };

const hashOf = (who: AccountId, reveal: Reveal, netuidIndex = NET): Uint8Array =>
  commitHash(who, netuidIndex, reveal.uids, reveal.values, reveal.salt, reveal.versionKey);

const commit = (chain: TestChain, who: AccountId, hash: Uint8Array, netuid = NET): Result =>
  chain.exec(who, chain.call('SubtensorModule', 'commit_weights', { netuid, commit_hash: hash }));

const reveal = (chain: TestChain, who: AccountId, r: Reveal, netuid = NET): Result =>
  chain.exec(
    who,
    chain.call('SubtensorModule', 'reveal_weights', {
      netuid,
      uids: r.uids,
      values: r.values,
      salt: r.salt,
      version_key: r.versionKey,
    }),
  );

const batchReveal = (chain: TestChain, who: AccountId, reveals: Reveal[], netuid = NET): Result =>
  chain.exec(
    who,
    chain.call('SubtensorModule', 'batch_reveal_weights', {
      netuid,
      uids_list: reveals.map((r) => r.uids),
      values_list: reveals.map((r) => r.values),
      salts_list: reveals.map((r) => r.salt),
      version_keys: reveals.map((r) => r.versionKey),
    }),
  );

function subtensorEvents(result: Result | EventRecord[], name?: string): unknown[] {
  const records = Array.isArray(result) ? result : 'events' in result ? result.events : [];
  return records
    .filter((e) => e.event.tag === 'SubtensorModule' && (name === undefined || e.event.value.tag === name))
    .map((e) => (name === undefined ? e.event.value.tag : e.event.value.value));
}

/** Run a pallet internal directly (subtensor's own tests do: it skips the pre-dispatch guards). */
function direct(chain: TestChain, run: (ctx: ReturnType<typeof contextFor>) => void): string | undefined {
  try {
    run(contextFor(chain));
    return undefined;
  } catch (error) {
    if (error instanceof DispatchError) return error.errorName;
    throw error;
  }
}

const commitsOf = (chain: TestChain, who: AccountId, index = NET): bigint[][] =>
  (S.WeightCommits.tryGet(chain.storage, index, who) ?? []).map(([, epoch, block]) => [epoch, block]);

test('commit hash: matches the weights.json commit-reveal v2 examples', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../../../../../vectors/weights.json', import.meta.url), 'utf8'),
  ) as { cases: { function: string; examples?: Record<string, unknown>[] }[] };
  const examples = vectors.cases.find((c) => c.function.startsWith('get_commit_hash'))?.examples ?? [];
  assert.ok(examples.length >= 2);
  for (const e of examples) {
    const hash = commitHash(
      fromHex(e.hotkey as string),
      e.netuid_index as number,
      e.uids as number[],
      e.values as number[],
      e.salt as number[],
      BigInt(e.version_key as number),
    );
    assert.equal(toHex(hash), e.hash);
  }
});

test('commit_weights stores (hash, epoch, block, 0), updates LastUpdate and emits WeightsCommitted', () => {
  const chain = setup();
  S.SubnetEpochIndex.set(chain.storage, 4n, NET);
  const hash = hashOf(V, W);
  const r = commit(chain, V, hash);
  assert.equal(errorName(r), undefined);
  assert.equal('fee' in r ? r.fee : -1n, 0n);
  const stored = S.WeightCommits.tryGet(chain.storage, NET, V);
  assert.deepEqual(stored, [[hash, 4n, chain.number, 0n]]);
  assert.equal(S.LastUpdate.get(chain.storage, NET)[0], chain.number);
  assert.deepEqual(subtensorEvents(r, 'WeightsCommitted'), [[V, NET, hash]]);
  // Nothing is set yet.
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), []);
});

test('commit_weights errors: CommitRevealDisabled, HotKeyNotRegisteredInSubNet, CommittingWeightsTooFast, MechanismDoesNotExist, min stake', () => {
  const chain = setup();
  S.CommitRevealWeightsEnabled.set(chain.storage, false, NET);
  assert.equal(errorName(commit(chain, V, hashOf(V, W))), 'SubtensorModule.CommitRevealDisabled');
  S.CommitRevealWeightsEnabled.set(chain.storage, true, NET);
  assert.equal(
    errorName(commit(chain, OUTSIDER, hashOf(OUTSIDER, W))),
    'SubtensorModule.HotKeyNotRegisteredInSubNet',
  );
  assert.equal(errorName(commit(chain, V, hashOf(V, W), 77)), 'SubtensorModule.MechanismDoesNotExist');
  const mech = (who: AccountId, mecid: number): Result =>
    chain.exec(
      who,
      chain.call('SubtensorModule', 'commit_mechanism_weights', {
        netuid: NET,
        mecid,
        commit_hash: hashOf(who, W),
      }),
    );
  assert.equal(errorName(mech(OUTSIDER, 1)), 'SubtensorModule.MechanismDoesNotExist');
  // A registered hotkey meets subtensor's rate-limit guard first (an unknown mechanism never passes it).
  assert.equal(errorName(mech(V, 1)), 'SubtensorModule.CommittingWeightsTooFast');
  S.WeightsSetRateLimit.set(chain.storage, 2n, NET);
  assert.equal(errorName(commit(chain, V, hashOf(V, W))), undefined);
  assert.equal(errorName(commit(chain, V, hashOf(V, W2))), 'SubtensorModule.CommittingWeightsTooFast');
  chain.block();
  assert.equal(errorName(commit(chain, V, hashOf(V, W2))), undefined);
  S.StakeThreshold.set(chain.storage, 5n);
  assert.equal(errorName(commit(chain, V2, hashOf(V2, W))), 'SubtensorModule.NotEnoughStakeToSetWeights');
});

test('reveal in the reveal epoch sets the weights, consumes the commit, and LastUpdate stays at the commit', () => {
  const chain = setup();
  const hash = hashOf(V, W);
  commit(chain, V, hash);
  const committedAt = chain.number;
  assert.equal(errorName(reveal(chain, V, W)), 'SubtensorModule.RevealTooEarly');
  advanceEpoch(chain, NET);
  const r = reveal(chain, V, W);
  assert.equal(errorName(r), undefined);
  assert.equal('fee' in r ? r.fee : -1n, 0n);
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), [
    [0, 32768],
    [2, 65535],
  ]);
  assert.equal(S.WeightCommits.exists(chain.storage, NET, V), false);
  assert.equal(S.LastUpdate.get(chain.storage, NET)[0], committedAt);
  assert.deepEqual(subtensorEvents(r), ['WeightsSet', 'WeightsRevealed']);
  assert.deepEqual(subtensorEvents(r, 'WeightsRevealed'), [[V, NET, hash]]);
  // The commit is gone: revealing again finds nothing.
  assert.equal(errorName(reveal(chain, V, W)), 'SubtensorModule.NoWeightsCommitFound');
});

test('reveal timing follows RevealPeriodEpochs: too early, exactly on time, then expired', () => {
  const chain = setup();
  S.RevealPeriodEpochs.set(chain.storage, 2n, NET);
  commit(chain, V, hashOf(V, W));
  commit(chain, V2, hashOf(V2, W));
  const [[epoch]] = commitsOf(chain, V) as [[bigint]];
  advanceEpoch(chain, NET);
  assert.equal(isRevealEpoch(chain.storage, NET, epoch), false);
  assert.equal(errorName(reveal(chain, V, W)), 'SubtensorModule.RevealTooEarly');
  advanceEpoch(chain, NET);
  assert.equal(isRevealEpoch(chain.storage, NET, epoch), true);
  assert.equal(isCommitExpired(chain.storage, NET, epoch), false);
  assert.equal(errorName(reveal(chain, V, W)), undefined);
  advanceEpoch(chain, NET);
  assert.equal(isCommitExpired(chain.storage, NET, epoch), true);
  // On chain the guard sees the stored (expired) commit outside its window: RevealTooEarly...
  assert.equal(errorName(reveal(chain, V2, W)), 'SubtensorModule.RevealTooEarly');
  // ...while the call itself (as subtensor's tests call it) reports ExpiredWeightCommit.
  assert.equal(
    direct(chain, (ctx) => doRevealWeights(ctx, V2, NET, 0, W)),
    'SubtensorModule.ExpiredWeightCommit',
  );
  // An expired commit is kept until the hotkey's next commit or successful reveal drops it.
  assert.equal(commitsOf(chain, V2).length, 1);
  commit(chain, V2, hashOf(V2, W2));
  assert.deepEqual(
    S.WeightCommits.tryGet(chain.storage, NET, V2)?.map(([h]) => toHex(h)),
    [toHex(hashOf(V2, W2))],
  );
});

test('reveal errors: CommitRevealDisabled, NoWeightsCommitFound, hash mismatch, and set_weights checks', () => {
  const chain = setup();
  assert.equal(errorName(reveal(chain, V, W)), 'SubtensorModule.NoWeightsCommitFound');
  commit(chain, V, hashOf(V, W));
  advanceEpoch(chain, NET);
  const wrong: Reveal = { ...W, salt: [1, 2, 4] };
  // The guard looks the hash up among the commits: NoWeightsCommitFound on chain...
  assert.equal(errorName(reveal(chain, V, wrong)), 'SubtensorModule.NoWeightsCommitFound');
  // ...the call itself says the hash does not match.
  assert.equal(
    direct(chain, (ctx) => doRevealWeights(ctx, V, NET, 0, wrong)),
    'SubtensorModule.InvalidRevealCommitHashNotMatch',
  );
  // The revealed weights go through set_weights' checks; a failure keeps the commit.
  const bad: Reveal = { uids: [0, 0], values: [1, 1], salt: [5], versionKey: 0n };
  commit(chain, V2, hashOf(V2, bad));
  advanceEpoch(chain, NET);
  assert.equal(errorName(reveal(chain, V2, bad)), 'SubtensorModule.DuplicateUids');
  assert.equal(commitsOf(chain, V2).length, 1);
  S.CommitRevealWeightsEnabled.set(chain.storage, false, NET);
  assert.equal(
    direct(chain, (ctx) => doRevealWeights(ctx, V, NET, 0, W)),
    'SubtensorModule.CommitRevealDisabled',
  );
});

test('a reveal consumes its commit and every earlier one, keeping later ones', () => {
  const chain = setup();
  commit(chain, V, hashOf(V, W));
  commit(chain, V, hashOf(V, W2));
  commit(chain, V, hashOf(V, W3));
  advanceEpoch(chain, NET);
  assert.equal(errorName(reveal(chain, V, W2)), undefined);
  assert.deepEqual(
    S.WeightCommits.tryGet(chain.storage, NET, V)?.map(([h]) => toHex(h)),
    [toHex(hashOf(V, W3))],
  );
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), [[2, 65535]]);
  // The consumed earlier commit can no longer be revealed.
  assert.equal(errorName(reveal(chain, V, W)), 'SubtensorModule.NoWeightsCommitFound');
});

test(`at most ${MAX_PENDING_COMMITS} unrevealed commits; expired ones make room`, () => {
  const chain = setup();
  for (let i = 0; i < MAX_PENDING_COMMITS; i++) {
    assert.equal(errorName(commit(chain, V, hashOf(V, { ...W, salt: [i] }))), undefined);
  }
  assert.equal(errorName(commit(chain, V, hashOf(V, W2))), 'SubtensorModule.TooManyUnrevealedCommits');
  advanceEpoch(chain, NET);
  assert.equal(errorName(commit(chain, V, hashOf(V, W2))), 'SubtensorModule.TooManyUnrevealedCommits');
  advanceEpoch(chain, NET);
  // The ten are now expired and dropped from the front of the queue.
  assert.equal(errorName(commit(chain, V, hashOf(V, W2))), undefined);
  assert.equal(commitsOf(chain, V).length, 1);
});

test('batch_reveal_weights: all reveals validated first, each consumes only its own commit', () => {
  const chain = setup();
  commit(chain, V, hashOf(V, W));
  commit(chain, V, hashOf(V, W2));
  commit(chain, V, hashOf(V, W3));
  advanceEpoch(chain, NET);
  assert.equal(
    errorName(batchReveal(chain, V, [W3, { ...W, salt: [0] }])),
    'SubtensorModule.NoWeightsCommitFound',
  );
  assert.equal(
    direct(chain, (ctx) => doBatchRevealWeights(ctx, V, NET, [W3, { ...W, salt: [0] }])),
    'SubtensorModule.InvalidRevealCommitHashNotMatch',
  );
  assert.equal(commitsOf(chain, V).length, 3);
  const r = batchReveal(chain, V, [W3, W]);
  assert.equal(errorName(r), undefined);
  // The last reveal's weights stand; W2's commit (between them) stays.
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), [
    [0, 32768],
    [2, 65535],
  ]);
  assert.deepEqual(
    S.WeightCommits.tryGet(chain.storage, NET, V)?.map(([h]) => toHex(h)),
    [toHex(hashOf(V, W2))],
  );
  assert.deepEqual(subtensorEvents(r), ['WeightsSet', 'WeightsSet', 'WeightsBatchRevealed']);
  assert.deepEqual(subtensorEvents(r, 'WeightsBatchRevealed'), [[V, NET, [hashOf(V, W3), hashOf(V, W)]]]);
  // The same commit twice in one batch: the second finds it consumed.
  assert.equal(
    direct(chain, (ctx) => doBatchRevealWeights(ctx, V, NET, [W2, W2])),
    'SubtensorModule.InvalidRevealCommitHashNotMatch',
  );
  // Revealing the last commit removes the entry.
  assert.equal(errorName(batchReveal(chain, V, [W2])), undefined);
  assert.equal(S.WeightCommits.exists(chain.storage, NET, V), false);
});

test('batch_reveal_weights errors: InputLengthsUnequal, NoWeightsCommitFound, RevealTooEarly, expiry', () => {
  const chain = setup();
  const uneven = chain.exec(
    V,
    chain.call('SubtensorModule', 'batch_reveal_weights', {
      netuid: NET,
      uids_list: [[0]],
      values_list: [],
      salts_list: [[1]],
      version_keys: [0n],
    }),
  );
  assert.equal(errorName(uneven), 'SubtensorModule.InputLengthsUnequal');
  assert.equal(errorName(batchReveal(chain, V, [W])), 'SubtensorModule.NoWeightsCommitFound');
  commit(chain, V, hashOf(V, W));
  assert.equal(errorName(batchReveal(chain, V, [W])), 'SubtensorModule.RevealTooEarly');
  advanceEpoch(chain, NET);
  advanceEpoch(chain, NET);
  assert.equal(errorName(batchReveal(chain, V, [W])), 'SubtensorModule.RevealTooEarly');
  assert.equal(
    direct(chain, (ctx) => doBatchRevealWeights(ctx, V, NET, [W])),
    'SubtensorModule.ExpiredWeightCommit',
  );
});

test('batch_commit_weights: per-item failures are reported, the rest committed', () => {
  const chain = setup();
  addSubnet(chain.storage, 3, { commitReveal: false });
  registerNeuron(chain.storage, 3, V, BOB);
  const r = chain.exec(
    V,
    chain.call('SubtensorModule', 'batch_commit_weights', {
      netuids: [NET, 3],
      commit_hashes: [hashOf(V, W), hashOf(V, W, 3)],
    }),
  );
  assert.equal(errorName(r), undefined);
  assert.equal(commitsOf(chain, V).length, 1);
  assert.deepEqual(subtensorEvents(r), [
    'WeightsCommitted',
    'BatchCompletedWithErrors',
    'BatchWeightItemFailed',
    'BatchWeightsCompleted',
  ]);
  const [[netuid, error]] = subtensorEvents(r, 'BatchWeightItemFailed') as [[number, DispatchErrorValue]];
  assert.equal(netuid, 3);
  assert.equal(
    error.tag === 'Module' ? SUBTENSOR_ERRORS[error.value.error[0] ?? 0]?.name : error.tag,
    'CommitRevealDisabled',
  );
  const uneven = chain.exec(
    V,
    chain.call('SubtensorModule', 'batch_commit_weights', { netuids: [NET], commit_hashes: [] }),
  );
  assert.equal(errorName(uneven), 'SubtensorModule.InputLengthsUnequal');
});

test('commit_mechanism_weights / reveal_mechanism_weights use the mechanism index in the hash and storage', () => {
  const chain = newChain();
  addSubnet(chain.storage, NET, { commitReveal: true });
  S.MechanismCountCurrent.set(chain.storage, 2, NET);
  registerNeuron(chain.storage, NET, V, BOB);
  registerNeuron(chain.storage, NET, M, BOB);
  setPermit(chain.storage, NET, 0);
  const index = mechanismIndex(NET, 1);
  const mechWeights: Reveal = { uids: [0, 1], values: [1, 3], salt: [4], versionKey: 0n };
  const hash = hashOf(V, mechWeights, index);
  const r = chain.exec(
    V,
    chain.call('SubtensorModule', 'commit_mechanism_weights', { netuid: NET, mecid: 1, commit_hash: hash }),
  );
  assert.equal(errorName(r), undefined);
  assert.deepEqual(subtensorEvents(r, 'WeightsCommitted'), [[V, index, hash]]);
  assert.equal(commitsOf(chain, V, index).length, 1);
  assert.equal(S.LastUpdate.get(chain.storage, index)[0], chain.number);
  advanceEpoch(chain, NET);
  const revealMech = (mecid: number): Result =>
    chain.exec(
      V,
      chain.call('SubtensorModule', 'reveal_mechanism_weights', {
        netuid: NET,
        mecid,
        uids: mechWeights.uids,
        values: mechWeights.values,
        salt: mechWeights.salt,
        version_key: mechWeights.versionKey,
      }),
    );
  // The main mechanism has no such commit.
  assert.equal(errorName(revealMech(0)), 'SubtensorModule.NoWeightsCommitFound');
  const ok = revealMech(1);
  assert.equal(errorName(ok), undefined);
  assert.deepEqual(S.Weights.get(chain.storage, index, 0), [
    [0, 21845],
    [1, 65535],
  ]);
  assert.deepEqual(subtensorEvents(ok, 'WeightsRevealed'), [[V, index, hash]]);
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), []);
});

test('epoch look-ahead: in a block where the epoch is due but not yet run, commits belong to the next epoch', () => {
  const chain = setup({ tempo: 5 });
  S.SubnetEpochIndex.set(chain.storage, 7n, NET);
  // Run blocks until the test chain's current block is past the tempo from LastEpochBlock.
  S.LastEpochBlock.set(chain.storage, 0n, NET);
  while (chain.number < 6n) {
    chain.block();
    // Hold the epoch back as a deferral would (the coinbase may run it otherwise).
    S.SubnetEpochIndex.set(chain.storage, 7n, NET);
    S.LastEpochBlock.set(chain.storage, 0n, NET);
  }
  assert.equal(currentEpochWithLookahead(chain.storage, NET), 8n);
  // A commit made now is tagged with epoch 8 (revealable in epoch 9).
  assert.equal(
    direct(chain, (ctx) => doCommitWeights(ctx, V, NET, 0, hashOf(V, W))),
    undefined,
  );
  assert.deepEqual(commitsOf(chain, V), [[8n, chain.number]]);
  assert.equal(isRevealEpoch(chain.storage, NET, 7n), true);
  S.LastEpochBlock.set(chain.storage, chain.number, NET);
  assert.equal(currentEpochWithLookahead(chain.storage, NET), 7n);
  // Tempo 0: never due.
  S.Tempo.set(chain.storage, 0, NET);
  S.LastEpochBlock.set(chain.storage, 0n, NET);
  assert.equal(currentEpochWithLookahead(chain.storage, NET), 7n);
  // An owner-triggered epoch pending at this block counts too.
  S.Tempo.set(chain.storage, 1000, NET);
  S.PendingEpochAt.set(chain.storage, chain.number, NET);
  assert.equal(currentEpochWithLookahead(chain.storage, NET), 8n);
});

test('earliestUnexpiredCommitBlocks: per uid, the block of the first unexpired commit (null if none)', () => {
  const chain = setup();
  commit(chain, V, hashOf(V, W));
  const first = chain.number;
  advanceEpoch(chain, NET);
  commit(chain, V, hashOf(V, W2));
  const second = chain.number;
  commit(chain, V2, hashOf(V2, W));
  const third = chain.number;
  assert.deepEqual(earliestUnexpiredCommitBlocks(chain.storage, NET, 0), [first, third, null]);
  advanceEpoch(chain, NET);
  // V's first commit expired: its second one counts now.
  assert.deepEqual(earliestUnexpiredCommitBlocks(chain.storage, NET, 0), [second, third, null]);
  advanceEpoch(chain, NET);
  assert.deepEqual(earliestUnexpiredCommitBlocks(chain.storage, NET, 0), [null, null, null]);
  // Other mechanisms keep their own commits.
  assert.deepEqual(earliestUnexpiredCommitBlocks(chain.storage, NET, 1), [null, null, null]);
});

test('commit then reveal across real epochs driven by blocks (tempo 10)', () => {
  // The epoch recomputes validator permits; the owner's hotkey needs none.
  const chain = setup({ tempo: 10, ownerHotkey: V });
  S.LastEpochBlock.set(chain.storage, 0n, NET);
  const hash = hashOf(V, W);
  assert.equal(errorName(commit(chain, V, hash)), undefined);
  const [[epoch]] = commitsOf(chain, V) as [[bigint]];
  // Blocks go by; the epoch turns over (by the coinbase, or by hand where it does not run).
  advanceEpoch(chain, NET);
  assert.equal(currentEpochWithLookahead(chain.storage, NET), epoch + 1n);
  assert.equal(errorName(reveal(chain, V, W)), undefined);
  assert.deepEqual(
    S.Weights.get(chain.storage, NET, 0).map(([uid]) => uid),
    [0, 2],
  );
});
