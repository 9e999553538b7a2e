import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALICE, BOB, freshChain, signedAs, sudo, type Chain } from '../admin-utils/test-helpers.js';
import { S } from './storage.js';

const st = (chain: Chain, name: string, args: object) => chain.call('SubtensorModule', name, args);

/** Subnet 1 on a realistic clock: tempo 360, last epoch at the current block. */
function onMainnetTempo(chain: Chain): void {
  chain.blocks(400);
  S.Tempo.set(chain.storage, 360, 1);
  S.LastEpochBlock.set(chain.storage, chain.number, 1);
  S.CommitRevealWeightsEnabled.set(chain.storage, false, 1);
}

test('set_tempo: owner only, within [360, 50400], outside the freeze window, once per 360 blocks', () => {
  const chain = freshChain();
  onMainnetTempo(chain);
  assert.equal(signedAs(chain, BOB, st(chain, 'set_tempo', { netuid: 1, tempo: 720 })), 'BadOrigin');
  assert.equal(sudo(chain, st(chain, 'set_tempo', { netuid: 1, tempo: 720 })).error, 'BadOrigin');
  assert.equal(
    signedAs(chain, ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 359 })),
    'SubtensorModule.TempoOutOfBounds',
  );
  assert.equal(
    signedAs(chain, ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 50_401 })),
    'SubtensorModule.TempoOutOfBounds',
  );
  // In the last AdminFreezeWindow blocks before the epoch.
  S.AdminFreezeWindow.set(chain.storage, 10);
  S.LastEpochBlock.set(chain.storage, chain.number - 355n, 1);
  assert.equal(
    signedAs(chain, ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 720 })),
    'SubtensorModule.AdminActionProhibitedDuringWeightsWindow',
  );
  S.LastEpochBlock.set(chain.storage, chain.number, 1);
  const result = chain.exec(ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 720 }));
  assert.ok('ok' in result && result.ok);
  assert.equal(S.Tempo.get(chain.storage, 1), 720);
  assert.equal(S.LastEpochBlock.get(chain.storage, 1), chain.number, 'the cycle restarts now');
  assert.deepEqual(chain.eventsNamed(result.events, 'SubtensorModule', 'TempoSet'), [[1, 720]]);
  const changedAt = chain.number;
  assert.equal(
    signedAs(chain, ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 1_000 })),
    'SubtensorModule.TxRateLimitExceeded',
  );
  // 360 blocks after the change the owner may change it again (the epoch countdown restarted).
  while (chain.number < changedAt + 359n) chain.block();
  S.LastEpochBlock.set(chain.storage, chain.number, 1);
  assert.equal(signedAs(chain, ALICE, st(chain, 'set_tempo', { netuid: 1, tempo: 1_000 })), undefined);
  assert.equal(S.Tempo.get(chain.storage, 1), 1_000);
});

test('set_activity_cutoff_factor: bounds, owner rate limit and freeze window, root bypasses both', () => {
  const chain = freshChain();
  onMainnetTempo(chain);
  const set = (factor: number) =>
    st(chain, 'set_activity_cutoff_factor', { netuid: 1, factor_milli: factor });
  assert.equal(signedAs(chain, BOB, set(2_000)), 'BadOrigin');
  assert.equal(signedAs(chain, ALICE, set(999)), 'SubtensorModule.ActivityCutoffFactorMilliOutOfBounds');
  assert.equal(signedAs(chain, ALICE, set(50_001)), 'SubtensorModule.ActivityCutoffFactorMilliOutOfBounds');
  const result = chain.exec(ALICE, set(2_000));
  assert.ok('ok' in result && result.ok);
  assert.equal(S.ActivityCutoffFactorMilli.get(chain.storage, 1), 2_000);
  assert.deepEqual(chain.eventsNamed(result.events, 'SubtensorModule', 'ActivityCutoffFactorMilliSet'), [
    { netuid: 1, factor_milli: 2_000 },
  ]);
  assert.equal(signedAs(chain, ALICE, set(3_000)), 'SubtensorModule.TxRateLimitExceeded');
  // Root: allowed right away, and inside the freeze window too.
  S.AdminFreezeWindow.set(chain.storage, 400);
  assert.equal(sudo(chain, set(4_000)).error, undefined);
  assert.equal(S.ActivityCutoffFactorMilli.get(chain.storage, 1), 4_000);
});

test('trigger_epoch: schedules an epoch AdminFreezeWindow blocks ahead, which then runs', () => {
  const chain = freshChain();
  onMainnetTempo(chain);
  S.AdminFreezeWindow.set(chain.storage, 5);
  const trigger = () => st(chain, 'trigger_epoch', { netuid: 1 });
  assert.equal(signedAs(chain, BOB, trigger()), 'BadOrigin');
  S.CommitRevealWeightsEnabled.set(chain.storage, true, 1);
  assert.equal(signedAs(chain, ALICE, trigger()), 'SubtensorModule.DynamicTempoBlockedByCommitReveal');
  S.CommitRevealWeightsEnabled.set(chain.storage, false, 1);
  // The automatic epoch is only 3 blocks away: a trigger would not come sooner.
  S.LastEpochBlock.set(chain.storage, chain.number - 356n, 1);
  assert.equal(signedAs(chain, ALICE, trigger()), 'SubtensorModule.AutoEpochAlreadyImminent');
  S.LastEpochBlock.set(chain.storage, chain.number, 1);

  const before = S.SubnetEpochIndex.get(chain.storage, 1);
  const result = chain.exec(ALICE, trigger());
  assert.ok('ok' in result && result.ok);
  const firesAt = chain.number + 5n;
  assert.equal(S.PendingEpochAt.get(chain.storage, 1), firesAt);
  assert.deepEqual(chain.eventsNamed(result.events, 'SubtensorModule', 'EpochTriggered'), [
    { netuid: 1, by: ALICE, fires_at: firesAt },
  ]);
  assert.equal(signedAs(chain, ALICE, trigger()), 'SubtensorModule.EpochTriggerAlreadyPending');
  // The countdown is a freeze window for owner setters.
  assert.equal(
    signedAs(chain, ALICE, st(chain, 'set_activity_cutoff_factor', { netuid: 1, factor_milli: 2_000 })),
    'SubtensorModule.AdminActionProhibitedDuringWeightsWindow',
  );
  while (chain.number < firesAt - 1n) chain.block();
  assert.equal(S.SubnetEpochIndex.get(chain.storage, 1), before, 'not before fires_at');
  chain.block();
  assert.equal(chain.number, firesAt);
  assert.equal(S.SubnetEpochIndex.get(chain.storage, 1), before + 1n);
  assert.equal(S.PendingEpochAt.get(chain.storage, 1), 0n);
  assert.equal(S.LastEpochBlock.get(chain.storage, 1), firesAt);
});
