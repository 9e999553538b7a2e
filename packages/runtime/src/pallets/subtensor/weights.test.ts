import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { vecU16MaxUpscaleToU16 } from '@tao-ts/yuma';
import type { InvalidTransaction } from '../../frame/dispatch.js';
import type { ApplyResult } from '../../frame/executive.js';
import { errorName, type TestChain } from '../../testing/chain.js';
import type { AccountId, DispatchErrorValue } from '../../types/substrate.js';
import { SUBTENSOR_ERRORS } from './errors.js';
import { storageIndex } from './module.js';
import { mechanismIndex } from './set-weights.js';
import { S } from './storage.js';
import { weightsCalls } from './weights.js';
import {
  BOB,
  addSubnet,
  key,
  newChain,
  registerNeuron,
  setPermit,
  type TestSubnet,
} from './weights-test-support.js';

const NET = 2;
const V = key(1);
const M1 = key(2);
const M2 = key(3);
const OUTSIDER = key(9);

type Result = ApplyResult | InvalidTransaction;

function setup(options: TestSubnet = {}): TestChain {
  const chain = newChain();
  addSubnet(chain.storage, NET, options);
  for (const hotkey of [V, M1, M2]) registerNeuron(chain.storage, NET, hotkey, BOB);
  setPermit(chain.storage, NET, 0);
  return chain;
}

const setWeights = (
  chain: TestChain,
  signer: AccountId,
  dests: number[],
  weights: number[],
  netuid = NET,
  versionKey = 0n,
): Result =>
  chain.exec(
    signer,
    chain.call('SubtensorModule', 'set_weights', { netuid, dests, weights, version_key: versionKey }),
  );

function events(result: Result, name: string): unknown[] {
  assert.ok('events' in result, 'the extrinsic was applied');
  return result.events
    .filter((e) => e.event.tag === 'SubtensorModule' && e.event.value.tag === name)
    .map((e) => e.event.value.value);
}

function moduleError(value: DispatchErrorValue): string | undefined {
  if (value.tag !== 'Module') return value.tag;
  return SUBTENSOR_ERRORS[value.value.error[0] ?? 255]?.name;
}

test('weight calls: subtensor call indices, free of fees', () => {
  const indices = Object.fromEntries(weightsCalls.map((c) => [c.name, c.index]));
  assert.deepEqual(indices, {
    set_weights: 0,
    batch_set_weights: 80,
    commit_weights: 96,
    reveal_weights: 97,
    batch_reveal_weights: 98,
    batch_commit_weights: 100,
    commit_mechanism_weights: 115,
    reveal_mechanism_weights: 116,
    set_mechanism_weights: 119,
  });
  assert.ok(weightsCalls.every((c) => c.pays === 'No'));
  const setWeightsDef = weightsCalls.find((c) => c.name === 'set_weights');
  const weightOf = setWeightsDef?.weight as unknown as (a: { dests: number[] }) => bigint;
  const full = weightOf({ dests: new Array<number>(4096).fill(0) });
  assert.ok(full > 15_400_000_000n && full < 15_600_000_000n, `benchmark scale: ${full}`);
});

test('set_weights stores max-upscaled weights, updates LastUpdate and emits WeightsSet', () => {
  const chain = setup();
  const r = setWeights(chain, V, [0, 1, 2], [10, 20, 5]);
  assert.equal(errorName(r), undefined);
  assert.equal(r instanceof Error ? -1n : r.fee, 0n);
  const expected = vecU16MaxUpscaleToU16([10, 20, 5]);
  assert.deepEqual(expected, [32768, 65535, 16384]);
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), [
    [0, 32768],
    [1, 65535],
    [2, 16384],
  ]);
  assert.equal(S.LastUpdate.get(chain.storage, NET)[0], chain.number);
  assert.deepEqual(events(r, 'WeightsSet'), [[NET, 0]]);
});

test('set_weights storage vector (weights.json): a sum above u16::MAX is accepted and stored max-upscaled', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../../../../../vectors/weights.json', import.meta.url), 'utf8'),
  ) as { cases: { function: string; stored?: number[] }[] };
  const stored = vectors.cases.find((c) => c.function === 'set_weights storage')?.stored;
  assert.deepEqual(stored, [65535, 65535]);
  const chain = setup();
  assert.equal(errorName(setWeights(chain, V, [0, 1], [65535, 65535])), undefined);
  assert.deepEqual(
    S.Weights.get(chain.storage, NET, 0).map(([, w]) => w),
    stored,
  );
});

// ---- the checks, in order: each test breaks only its own check ------------------------------

test('check 1: CommitRevealEnabled — plain weights are refused where commit-reveal is on', () => {
  const chain = setup({ commitReveal: true });
  assert.equal(errorName(setWeights(chain, V, [0], [1])), 'SubtensorModule.CommitRevealEnabled');
  // An unknown subnet defaults to commit-reveal on, so it fails this way too.
  assert.equal(errorName(setWeights(chain, V, [0], [1], 77)), 'SubtensorModule.CommitRevealEnabled');
});

test('check 2: CanNotSetRootNetworkWeights', () => {
  const chain = setup();
  S.CommitRevealWeightsEnabled.set(chain.storage, false, 0);
  assert.equal(errorName(setWeights(chain, V, [0], [1], 0)), 'SubtensorModule.CanNotSetRootNetworkWeights');
});

test('check 3: WeightVecNotEqualSize', () => {
  const chain = setup();
  assert.equal(errorName(setWeights(chain, V, [0, 1], [1])), 'SubtensorModule.WeightVecNotEqualSize');
});

test('check 4: MechanismDoesNotExist (unknown subnet, or mecid beyond MechanismCountCurrent)', () => {
  const chain = setup();
  S.CommitRevealWeightsEnabled.set(chain.storage, false, 77);
  assert.equal(errorName(setWeights(chain, V, [0], [1], 77)), 'SubtensorModule.MechanismDoesNotExist');
  const mech = (signer: AccountId, mecid: number): Result =>
    chain.exec(
      signer,
      chain.call('SubtensorModule', 'set_mechanism_weights', {
        netuid: NET,
        mecid,
        dests: [0],
        weights: [1],
        version_key: 0n,
      }),
    );
  assert.equal(errorName(mech(OUTSIDER, 1)), 'SubtensorModule.MechanismDoesNotExist');
  assert.equal(errorName(mech(OUTSIDER, 255)), 'SubtensorModule.MechanismDoesNotExist');
  // For a registered hotkey subtensor's rate-limit guard answers first: an unknown mechanism
  // never passes check_rate_limit.
  assert.equal(errorName(mech(V, 1)), 'SubtensorModule.SettingWeightsTooFast');
});

test('check 5: UidsLengthExceedUidsInSubNet', () => {
  const chain = setup();
  assert.equal(
    errorName(setWeights(chain, V, [0, 1, 2, 3], [1, 1, 1, 1])),
    'SubtensorModule.UidsLengthExceedUidsInSubNet',
  );
});

test('check 6: HotKeyNotRegisteredInSubNet', () => {
  const chain = setup();
  assert.equal(
    errorName(setWeights(chain, OUTSIDER, [0], [1])),
    'SubtensorModule.HotKeyNotRegisteredInSubNet',
  );
});

test('check 7: NotEnoughStakeToSetWeights — StakeThreshold on stake weight; the subnet owner is exempt', () => {
  const chain = setup({ ownerHotkey: M1 });
  S.StakeThreshold.set(chain.storage, 1_000n);
  assert.equal(errorName(setWeights(chain, V, [0, 1], [1, 1])), 'SubtensorModule.NotEnoughStakeToSetWeights');
  // The owner's hotkey needs neither stake nor a permit.
  assert.equal(errorName(setWeights(chain, M1, [0, 2], [1, 1])), undefined);
  // Alpha on the subnet counts...
  S.TotalHotkeyAlpha.set(chain.storage, 1_000n, V, NET);
  assert.equal(errorName(setWeights(chain, V, [0, 1], [1, 1])), undefined);
  // ...and so does root stake, weighted by TaoWeight (here 1.0).
  S.TotalHotkeyAlpha.set(chain.storage, 999n, V, NET);
  assert.equal(errorName(setWeights(chain, V, [0, 1], [1, 1])), 'SubtensorModule.NotEnoughStakeToSetWeights');
  S.TaoWeight.set(chain.storage, 0xffff_ffff_ffff_ffffn);
  S.TotalHotkeyAlpha.set(chain.storage, 2n, V, 0);
  assert.equal(errorName(setWeights(chain, V, [0, 1], [1, 1])), undefined);
});

test('check 8: IncorrectWeightVersionKey — below the subnet key fails, at or above passes', () => {
  const chain = setup();
  S.WeightsVersionKey.set(chain.storage, 5n, NET);
  assert.equal(
    errorName(setWeights(chain, V, [0], [1], NET, 4n)),
    'SubtensorModule.IncorrectWeightVersionKey',
  );
  assert.equal(errorName(setWeights(chain, V, [0], [1], NET, 5n)), undefined);
  assert.equal(errorName(setWeights(chain, V, [0], [1], NET, 6n)), undefined);
});

test('check 9: SettingWeightsTooFast — WeightsSetRateLimit blocks between sets', () => {
  const chain = setup();
  S.WeightsSetRateLimit.set(chain.storage, 3n, NET);
  // LastUpdate 0 (never set): allowed at once.
  assert.equal(errorName(setWeights(chain, V, [0], [1])), undefined);
  const first = chain.number;
  assert.equal(errorName(setWeights(chain, V, [0], [1])), 'SubtensorModule.SettingWeightsTooFast');
  chain.block();
  assert.equal(chain.number + 1n - first, 3n);
  assert.equal(errorName(setWeights(chain, V, [0], [1])), undefined);
});

test('check 10: NeuronNoValidatorPermit — except self weights and the subnet owner', () => {
  const chain = setup({ ownerHotkey: M2 });
  assert.equal(errorName(setWeights(chain, M1, [0], [1])), 'SubtensorModule.NeuronNoValidatorPermit');
  assert.equal(errorName(setWeights(chain, M1, [1], [0])), undefined);
  assert.equal(errorName(setWeights(chain, M2, [0, 1], [1, 1])), undefined);
});

test('check 11: DuplicateUids', () => {
  const chain = setup();
  assert.equal(errorName(setWeights(chain, V, [1, 1], [1, 2])), 'SubtensorModule.DuplicateUids');
});

test('check 12: UidVecContainInvalidOne', () => {
  const chain = setup();
  assert.equal(errorName(setWeights(chain, V, [0, 7], [1, 1])), 'SubtensorModule.UidVecContainInvalidOne');
});

test('check 13: WeightVecLengthIsLow — fewer than min(MinAllowedWeights, n), self weights exempt', () => {
  const chain = setup();
  S.MinAllowedWeights.set(chain.storage, 3, NET);
  assert.equal(errorName(setWeights(chain, V, [1, 2], [1, 1])), 'SubtensorModule.WeightVecLengthIsLow');
  assert.equal(errorName(setWeights(chain, V, [0], [1])), undefined);
  // Capped by the subnet size: 3 of 3 uids is enough even with a minimum of 10.
  S.MinAllowedWeights.set(chain.storage, 10, NET);
  assert.equal(errorName(setWeights(chain, V, [0, 1, 2], [1, 1, 1])), undefined);
});

test('checks 14-15: MaxWeightExceeded on the upscaled weights; self weights exempt', () => {
  const chain = setup();
  S.MaxWeightsLimit.set(chain.storage, 40_000, NET);
  assert.equal(errorName(setWeights(chain, V, [1, 2], [100, 1])), 'SubtensorModule.MaxWeightExceeded');
  assert.equal(errorName(setWeights(chain, V, [0, 1, 2], [1, 1, 1])), undefined);
  assert.equal(errorName(setWeights(chain, V, [0], [65535])), undefined);
  assert.equal(S.Weights.get(chain.storage, NET, 0).length, 1);
});

test('set_weights: earlier checks win when several fail', () => {
  const chain = setup();
  // Duplicate and invalid uids: DuplicateUids (11) before UidVecContainInvalidOne (12).
  assert.equal(errorName(setWeights(chain, V, [7, 7], [1, 1])), 'SubtensorModule.DuplicateUids');
  // No permit and too few weights: permit (10) first.
  S.MinAllowedWeights.set(chain.storage, 3, NET);
  assert.equal(errorName(setWeights(chain, M1, [0], [1])), 'SubtensorModule.NeuronNoValidatorPermit');
  // Unequal sizes on the root network: root (2) first.
  S.CommitRevealWeightsEnabled.set(chain.storage, false, 0);
  assert.equal(
    errorName(setWeights(chain, V, [0, 1], [1], 0)),
    'SubtensorModule.CanNotSetRootNetworkWeights',
  );
  // The guards (checked before the call on chain) come before the call's own checks.
  S.StakeThreshold.set(chain.storage, 1n);
  S.CommitRevealWeightsEnabled.set(chain.storage, true, NET);
  assert.equal(errorName(setWeights(chain, V, [0], [1])), 'SubtensorModule.NotEnoughStakeToSetWeights');
  S.StakeThreshold.set(chain.storage, 0n);
  S.CommitRevealWeightsEnabled.set(chain.storage, false, NET);
  S.WeightsSetRateLimit.set(chain.storage, 100n, NET);
  S.WeightsVersionKey.set(chain.storage, 9n, NET);
  assert.equal(errorName(setWeights(chain, V, [0], [1], NET, 9n)), undefined);
  assert.equal(errorName(setWeights(chain, V, [0], [1], NET, 1n)), 'SubtensorModule.SettingWeightsTooFast');
});

test('set_mechanism_weights writes the mechanism storage index', () => {
  const chain = newChain();
  addSubnet(chain.storage, NET);
  S.MechanismCountCurrent.set(chain.storage, 2, NET);
  for (const hotkey of [V, M1]) registerNeuron(chain.storage, NET, hotkey, BOB);
  setPermit(chain.storage, NET, 0);
  const index = mechanismIndex(NET, 1);
  assert.equal(index, storageIndex(NET, 1));
  assert.equal(index, 4096 + NET);
  const r = chain.exec(
    V,
    chain.call('SubtensorModule', 'set_mechanism_weights', {
      netuid: NET,
      mecid: 1,
      dests: [0, 1],
      weights: [1, 2],
      version_key: 0n,
    }),
  );
  assert.equal(errorName(r), undefined);
  assert.deepEqual(S.Weights.get(chain.storage, index, 0), [
    [0, 32768],
    [1, 65535],
  ]);
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), []);
  assert.equal(S.LastUpdate.get(chain.storage, index)[0], chain.number);
  assert.equal(S.LastUpdate.get(chain.storage, NET)[0], 0n);
  assert.deepEqual(events(r, 'WeightsSet'), [[index, 0]]);
  assert.equal(mechanismIndex(NET, 255), 0xffff);
});

test('batch_set_weights: failures are reported per item, the rest applied', () => {
  const chain = setup();
  addSubnet(chain.storage, 3, { commitReveal: true });
  const r = chain.exec(
    V,
    chain.call('SubtensorModule', 'batch_set_weights', {
      netuids: [NET, 3, 77],
      weights: [
        [
          [0, 5],
          [1, 10],
        ],
        [[0, 1]],
        [[0, 1]],
      ],
      version_keys: [0n, 0n, 0n],
    }),
  );
  assert.equal(errorName(r), undefined);
  assert.deepEqual(S.Weights.get(chain.storage, NET, 0), [
    [0, 32768],
    [1, 65535],
  ]);
  assert.ok('events' in r);
  const names = r.events.filter((e) => e.event.tag === 'SubtensorModule').map((e) => e.event.value.tag);
  assert.deepEqual(names, [
    'WeightsSet',
    'BatchCompletedWithErrors',
    'BatchWeightItemFailed',
    'BatchWeightItemFailed',
    'BatchWeightsCompleted',
  ]);
  const failed = events(r, 'BatchWeightItemFailed') as [number, DispatchErrorValue][];
  assert.deepEqual(
    failed.map(([netuid, error]) => [netuid, moduleError(error)]),
    [
      [3, 'CommitRevealEnabled'],
      [77, 'CommitRevealEnabled'],
    ],
  );
  assert.deepEqual(events(r, 'BatchWeightsCompleted'), [[[NET, 3, 77], V]]);

  const ok = chain.exec(
    V,
    chain.call('SubtensorModule', 'batch_set_weights', {
      netuids: [NET],
      weights: [[[2, 1]]],
      version_keys: [0n],
    }),
  );
  assert.ok('events' in ok);
  assert.deepEqual(
    ok.events.filter((e) => e.event.tag === 'SubtensorModule').map((e) => e.event.value.tag),
    ['WeightsSet', 'BatchWeightsCompleted'],
  );
});

test('batch_set_weights: InputLengthsUnequal and the min-stake guard for every netuid', () => {
  const chain = setup();
  const batch = (netuids: number[], weights: [number, number][][], versionKeys: bigint[]): Result =>
    chain.exec(
      V,
      chain.call('SubtensorModule', 'batch_set_weights', { netuids, weights, version_keys: versionKeys }),
    );
  assert.equal(errorName(batch([NET], [], [0n])), 'SubtensorModule.InputLengthsUnequal');
  assert.equal(errorName(batch([NET], [[[0, 1]]], [])), 'SubtensorModule.InputLengthsUnequal');
  S.StakeThreshold.set(chain.storage, 1n);
  assert.equal(errorName(batch([NET], [[[0, 1]]], [0n])), 'SubtensorModule.NotEnoughStakeToSetWeights');
});
