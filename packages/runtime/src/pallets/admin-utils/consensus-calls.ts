/**
 * AdminUtils' per-subnet setters of consensus parameters (Yuma, bonds, weights, commit-reveal,
 * tempo): call indices, argument names and types, guards, validation and events as in
 * subtensor's admin-utils lib.rs at HEAD. Which guards each runs is not uniform in subtensor
 * (kappa skips the freeze window, liquid alpha skips the existence check…); the rows reproduce
 * that exactly rather than tidying it up.
 */
import { call, type AnyCallDef } from '../../frame/pallet.js';
import { u16 } from '../../types/type.js';
import { ensure } from '../subtensor/module.js';
import { S } from '../subtensor/storage.js';
import { applyTempoWithCycleReset } from '../subtensor/tempo-control.js';
import { I16, NetUid } from '../subtensor/types.js';
import { adminEmit, adminEnsure } from './defs.js';
import {
  adminSubtensorStorage as A,
  ensureAdminWindowOpen,
  ensureOwnerOrRootWithLimits,
  recordOwnerRateLimit,
} from '../subtensor/owner-guards.js';
import { ROOT_ONLY, boolRow, put, row, u16Row, u64Row, weightOf } from './setter.js';

/** The most an owner (not root) may set bonds_moving_average to. */
export const OWNER_MAX_BONDS_MOVING_AVERAGE = 975_000n;
/** MIN_COMMIT_REVEAL_PEROIDS ..= MAX_COMMIT_REVEAL_PEROIDS (sic). */
export const REVEAL_PERIOD_RANGE = [1n, 100n] as const;
/** do_set_alpha_values: u16::MAX / 40 (integer division), the least alpha_low and alpha_high may be. */
export const MIN_ALPHA = 1638;

export const consensusCalls: AnyCallDef[] = [
  u64Row({
    name: 'sudo_set_weights_version_key',
    index: 6,
    arg: 'weights_version_key',
    weight: weightOf(34_204_000n, 5, 1),
    access: 'owner',
    limit: 'SetWeightsVersionKey',
    window: true,
    exists: true,
    apply: put(S.WeightsVersionKey, 'WeightsVersionKeySet'),
  }),
  u64Row({
    name: 'sudo_set_weights_set_rate_limit',
    index: 7,
    arg: 'weights_set_rate_limit',
    weight: weightOf(16_420_000n, 1, 1),
    ...ROOT_ONLY,
    window: false,
    exists: true,
    apply: put(S.WeightsSetRateLimit, 'WeightsSetRateLimitSet'),
  }),
  u16Row({
    name: 'sudo_set_immunity_period',
    index: 13,
    arg: 'immunity_period',
    weight: weightOf(34_414_000n, 5, 1),
    access: 'owner',
    limit: 'ImmunityPeriod',
    window: true,
    exists: true,
    apply: put(S.ImmunityPeriod, 'ImmunityPeriodSet'),
  }),
  u16Row({
    name: 'sudo_set_min_allowed_weights',
    index: 14,
    arg: 'min_allowed_weights',
    weight: weightOf(34_664_000n, 5, 1),
    access: 'owner',
    limit: 'MinAllowedWeights',
    window: true,
    exists: true,
    apply: put(S.MinAllowedWeights, 'MinAllowedWeightSet'),
  }),
  u16Row({
    name: 'sudo_set_kappa',
    index: 16,
    arg: 'kappa',
    weight: weightOf(16_301_000n, 1, 1),
    ...ROOT_ONLY,
    window: false,
    exists: true,
    apply: put(S.Kappa, 'KappaSet'),
  }),
  u16Row({
    name: 'sudo_set_rho',
    index: 17,
    arg: 'rho',
    weight: weightOf(31_268_000n, 5, 1),
    access: 'owner',
    limit: 'Rho',
    window: true,
    exists: true,
    // subtensor's set_rho deposits no event.
    apply: put(S.Rho),
  }),
  u16Row({
    name: 'sudo_set_activity_cutoff',
    index: 18,
    arg: 'activity_cutoff',
    weight: weightOf(35_165_000n, 6, 1),
    access: 'owner',
    limit: 'ActivityCutoff',
    window: true,
    exists: true,
    check: (ctx, _netuid, value) =>
      ensure(value >= A.MinActivityCutoff.get(ctx.storage), 'ActivityCutoffTooLow'),
    apply: put(S.ActivityCutoff, 'ActivityCutoffSet'),
  }),
  u64Row({
    name: 'sudo_set_bonds_moving_average',
    index: 26,
    arg: 'bonds_moving_average',
    weight: weightOf(34_495_000n, 5, 1),
    access: 'owner',
    limit: 'BondsMovingAverage',
    window: true,
    exists: true,
    // Owners may not make bonds (almost) frozen; root may.
    precheck: (_ctx, _netuid, value, owner) => {
      if (owner !== undefined)
        adminEnsure(value <= OWNER_MAX_BONDS_MOVING_AVERAGE, 'BondsMovingAverageMaxReached');
    },
    apply: put(S.BondsMovingAverage, 'BondsMovingAverageSet'),
  }),
  u16Row({
    name: 'sudo_set_bonds_penalty',
    index: 60,
    arg: 'bonds_penalty',
    weight: weightOf(34_354_000n, 5, 1),
    access: 'owner',
    limit: 'BondsPenalty',
    window: true,
    exists: true,
    apply: put(S.BondsPenalty, 'BondsPenaltySet'),
  }),
  u16Row({
    name: 'sudo_set_tempo',
    index: 30,
    arg: 'tempo',
    weight: weightOf(36_298_000n, 5, 2),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    // apply_tempo_with_cycle_reset: the next epoch is a full new tempo away.
    apply: (ctx, netuid, tempo) => applyTempoWithCycleReset(ctx, netuid, tempo),
  }),
  boolRow({
    name: 'sudo_set_commit_reveal_weights_enabled',
    index: 49,
    arg: 'enabled',
    weight: weightOf(34_544_000n, 5, 1),
    access: 'owner',
    limit: 'CommitRevealEnabled',
    window: true,
    exists: true,
    apply: put(S.CommitRevealWeightsEnabled, 'CommitRevealEnabled'),
  }),
  boolRow({
    name: 'sudo_set_liquid_alpha_enabled',
    index: 50,
    arg: 'enabled',
    weight: weightOf(25_538_000n, 4, 1),
    access: 'owner',
    limit: 'LiquidAlphaEnabled',
    window: true,
    exists: false,
    apply: put(S.LiquidAlphaOn),
  }),
  call<{ netuid: number; alpha_low: number; alpha_high: number }>({
    name: 'sudo_set_alpha_values',
    index: 51,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['alpha_low', u16, 'u16'],
      ['alpha_high', u16, 'u16'],
    ],
    docs: ['Set the liquid-alpha bounds (u16 proportions) of a subnet; liquid alpha must be on.'],
    weight: () => weightOf(34_224_000n, 5, 1),
    dispatch: (ctx, origin, { netuid, alpha_low, alpha_high }) => {
      const owner = ensureOwnerOrRootWithLimits(ctx, origin, netuid, ['AlphaValues']);
      ensureAdminWindowOpen(ctx, netuid);
      ensure(S.LiquidAlphaOn.get(ctx.storage, netuid), 'LiquidAlphaDisabled');
      ensure(alpha_high >= MIN_ALPHA, 'AlphaHighTooLow');
      ensure(alpha_low >= MIN_ALPHA && alpha_low <= alpha_high, 'AlphaLowOutOfRange');
      S.AlphaValues.set(ctx.storage, [alpha_low, alpha_high], netuid);
      recordOwnerRateLimit(ctx, owner, netuid, ['AlphaValues']);
    },
  }),
  u64Row({
    name: 'sudo_set_commit_reveal_weights_interval',
    index: 57,
    arg: 'interval',
    weight: weightOf(34_654_000n, 5, 1),
    access: 'owner',
    limit: 'WeightCommitInterval',
    window: true,
    exists: true,
    check: (_ctx, _netuid, value) => {
      ensure(value <= REVEAL_PERIOD_RANGE[1], 'RevealPeriodTooLarge');
      ensure(value >= REVEAL_PERIOD_RANGE[0], 'RevealPeriodTooSmall');
    },
    apply: put(S.RevealPeriodEpochs, 'CommitRevealPeriodsSet'),
  }),
  row<number>({
    name: 'sudo_set_alpha_sigmoid_steepness',
    index: 68,
    arg: 'steepness',
    type: I16,
    rustType: 'i16',
    weight: weightOf(31_438_000n, 5, 1),
    access: 'owner',
    limit: 'AlphaSigmoidSteepness',
    window: true,
    exists: true,
    // Negative steepness is reserved: only root may set it.
    check: (_ctx, _netuid, value, owner) =>
      adminEnsure(owner === undefined || value >= 0, 'NegativeSigmoidSteepness'),
    apply: put(S.AlphaSigmoidSteepness),
  }),
  boolRow({
    name: 'sudo_set_yuma3_enabled',
    index: 69,
    arg: 'enabled',
    weight: weightOf(28_583_000n, 4, 1),
    access: 'owner',
    limit: 'Yuma3Enabled',
    window: true,
    exists: false,
    apply: (ctx, netuid, enabled) => {
      S.Yuma3On.set(ctx.storage, enabled, netuid);
      adminEmit(ctx, 'Yuma3EnableToggled', { netuid, enabled });
    },
  }),
  boolRow({
    name: 'sudo_set_bonds_reset_enabled',
    index: 70,
    arg: 'enabled',
    weight: weightOf(30_507_000n, 4, 1),
    access: 'owner',
    limit: 'BondsResetEnabled',
    window: true,
    exists: false,
    apply: (ctx, netuid, enabled) => {
      put(S.BondsResetOn, 'BondsResetOnSet')(ctx, netuid, enabled);
      adminEmit(ctx, 'BondsResetToggled', { netuid, enabled });
    },
  }),
];
