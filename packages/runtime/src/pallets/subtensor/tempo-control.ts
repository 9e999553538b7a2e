/**
 * The owner's control of the epoch clock (coinbase/tempo_control.rs): `set_tempo` (owner only,
 * within [MIN_TEMPO, MAX_TEMPO], restarting the cycle), `set_activity_cutoff_factor` (owner or
 * root) and `trigger_epoch` (an epoch AdminFreezeWindow blocks from now).
 */
import { blocksUntilNextAutoEpoch } from '@tao-ts/yuma';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import { u16, u32 } from '../../types/type.js';
import type { Origin } from '../../frame/dispatch.js';
import { emit, ensure } from './module.js';
import {
  MAX_TEMPO,
  MIN_TEMPO,
  ensureAdminWindowOpen,
  ensureOwnerRateLimits,
  ensureSubnetOwnerOrRoot,
  recordOwnerRateLimit,
} from './owner-guards.js';
import { S } from './storage.js';
import { ensureSubnetOwner } from './subnets.js';
import { NetUid } from './types.js';

export const MIN_ACTIVITY_CUTOFF_FACTOR_MILLI = 1_000;
export const MAX_ACTIVITY_CUTOFF_FACTOR_MILLI = 50_000;

/** apply_tempo_with_cycle_reset: the next automatic epoch is a full new tempo away. */
export function applyTempoWithCycleReset(ctx: Context, netuid: number, tempo: number): void {
  S.Tempo.set(ctx.storage, tempo, netuid);
  emit(ctx, 'TempoSet', [netuid, tempo]);
  S.LastEpochBlock.set(ctx.storage, ctx.blockNumber, netuid);
}

function doSetTempo(ctx: Context, origin: Origin, netuid: number, tempo: number): void {
  const owner = ensureSubnetOwner(ctx.storage, origin, netuid);
  ensure(tempo >= MIN_TEMPO && tempo <= MAX_TEMPO, 'TempoOutOfBounds');
  ensureAdminWindowOpen(ctx, netuid);
  ensureOwnerRateLimits(ctx, owner, netuid, ['TempoUpdate']);
  applyTempoWithCycleReset(ctx, netuid, tempo);
  recordOwnerRateLimit(ctx, owner, netuid, ['TempoUpdate']);
}

function doSetActivityCutoffFactor(ctx: Context, origin: Origin, netuid: number, factor: number): void {
  const owner = ensureSubnetOwnerOrRoot(ctx.storage, origin, netuid);
  ensure(
    factor >= MIN_ACTIVITY_CUTOFF_FACTOR_MILLI && factor <= MAX_ACTIVITY_CUTOFF_FACTOR_MILLI,
    'ActivityCutoffFactorMilliOutOfBounds',
  );
  // Root is a governance override: neither the freeze window nor the rate limit applies to it.
  if (owner !== undefined) {
    ensureAdminWindowOpen(ctx, netuid);
    ensureOwnerRateLimits(ctx, owner, netuid, ['ActivityCutoffFactorMilli']);
  }
  S.ActivityCutoffFactorMilli.set(ctx.storage, factor, netuid);
  emit(ctx, 'ActivityCutoffFactorMilliSet', { netuid, factor_milli: factor });
  recordOwnerRateLimit(ctx, owner, netuid, ['ActivityCutoffFactorMilli']);
}

function doTriggerEpoch(ctx: Context, origin: Origin, netuid: number): void {
  const owner = ensureSubnetOwner(ctx.storage, origin, netuid);
  // A triggered epoch would cut a commit-reveal interval short and strand commits.
  ensure(!S.CommitRevealWeightsEnabled.get(ctx.storage, netuid), 'DynamicTempoBlockedByCommitReveal');
  ensure(S.PendingEpochAt.get(ctx.storage, netuid) === 0n, 'EpochTriggerAlreadyPending');
  const window = BigInt(S.AdminFreezeWindow.get(ctx.storage));
  const remaining = blocksUntilNextAutoEpoch(
    S.Tempo.get(ctx.storage, netuid),
    ctx.blockNumber,
    S.LastEpochBlock.get(ctx.storage, netuid),
  );
  ensure(remaining >= window, 'AutoEpochAlreadyImminent');
  ensureOwnerRateLimits(ctx, owner, netuid, ['TriggerEpoch']);
  const firesAt = ctx.blockNumber + window;
  S.PendingEpochAt.set(ctx.storage, firesAt, netuid);
  recordOwnerRateLimit(ctx, owner, netuid, ['TriggerEpoch']);
  emit(ctx, 'EpochTriggered', { netuid, by: owner, fires_at: firesAt });
}

// Reference time plus subtensor's RocksDb costs (25 µs a read, 100 µs a write).
const weight = (reads: bigint, writes: bigint): bigint =>
  20_000_000n + reads * 25_000_000n + writes * 100_000_000n;

export const tempoControlCalls: AnyCallDef[] = [
  call<{ netuid: number; tempo: number }>({
    name: 'set_tempo',
    index: 139,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['tempo', u16, 'u16'],
    ],
    docs: ['Owner-side set_tempo: within [MinTempo, MaxTempo], rate limited, restarts the epoch cycle.'],
    weight: () => weight(6n, 3n),
    dispatch: (ctx, origin, a) => doSetTempo(ctx, origin, a.netuid, a.tempo),
  }),
  call<{ netuid: number; factor_milli: number }>({
    name: 'set_activity_cutoff_factor',
    index: 140,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['factor_milli', u32, 'u32'],
    ],
    docs: ['Activity cutoff as per mille of tempo; owner (rate limited) or root.'],
    weight: () => weight(5n, 2n),
    dispatch: (ctx, origin, a) => doSetActivityCutoffFactor(ctx, origin, a.netuid, a.factor_milli),
  }),
  call<{ netuid: number }>({
    name: 'trigger_epoch',
    index: 141,
    args: [['netuid', NetUid, 'NetUid']],
    docs: ['Owner-side trigger: an epoch AdminFreezeWindow blocks from now.'],
    weight: () => weight(6n, 2n),
    dispatch: (ctx, origin, a) => doTriggerEpoch(ctx, origin, a.netuid),
  }),
];
