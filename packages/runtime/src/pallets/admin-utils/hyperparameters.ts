/**
 * A subnet's hyperparameters as one flat, named list (what `tao sudo set` prints). Names and
 * order follow subtensor's get_subnet_hyperparams_v3 runtime API, so they match what clients of
 * a real chain see; the parameters AdminUtils can set that v3 leaves out follow, named after
 * their setter's argument.
 */
import type { ReadableStorage } from '../../storage/kv.js';
import { S } from '../subtensor/storage.js';
import { adminSubtensorStorage as A } from '../subtensor/owner-guards.js';

export type HyperparameterKind = 'bool' | 'u16' | 'u32' | 'u64' | 'i16' | 'TaoBalance' | 'U64F64';

export interface HyperparameterSetter {
  readonly pallet: 'AdminUtils' | 'SubtensorModule';
  readonly call: string;
  /** The argument carrying the value (besides netuid). */
  readonly arg: string;
  /** Whether the subnet owner may call it (else root only). */
  readonly owner: boolean;
}

export interface HyperparameterEntry {
  readonly name: string;
  /** U64F64 values are their raw bits; TaoBalance values are rao. */
  readonly value: number | bigint | boolean;
  readonly kind: HyperparameterKind;
  /** The call that sets exactly this value, when there is one. */
  readonly setter?: HyperparameterSetter;
}

const admin = (call: string, arg: string, owner: boolean): HyperparameterSetter => ({
  pallet: 'AdminUtils',
  call: `sudo_set_${call}`,
  arg,
  owner,
});

/** subtensor's get_max_weight_limit: the limit was removed and is u16::MAX everywhere. */
const MAX_WEIGHTS_LIMIT = 0xffff;

/** get_activity_cutoff_blocks: tempo × factor / 1000, at least one block. */
function activityCutoffBlocks(storage: ReadableStorage, netuid: number): bigint {
  const blocks =
    (BigInt(S.ActivityCutoffFactorMilli.get(storage, netuid)) * BigInt(S.Tempo.get(storage, netuid))) / 1000n;
  return blocks > 1n ? blocks : 1n;
}

/** Every per-subnet hyperparameter of `netuid`, with the call that sets it. */
export function listHyperparameters(storage: ReadableStorage, netuid: number): HyperparameterEntry[] {
  const [alphaLow, alphaHigh] = S.AlphaValues.get(storage, netuid);
  const entry = (
    name: string,
    value: number | bigint | boolean,
    kind: HyperparameterKind,
    setter?: HyperparameterSetter,
  ): HyperparameterEntry => ({ name, value, kind, ...(setter ? { setter } : {}) });
  return [
    entry('kappa', S.Kappa.get(storage, netuid), 'u16', admin('kappa', 'kappa', false)),
    entry(
      'immunity_period',
      S.ImmunityPeriod.get(storage, netuid),
      'u16',
      admin('immunity_period', 'immunity_period', true),
    ),
    entry(
      'min_allowed_weights',
      S.MinAllowedWeights.get(storage, netuid),
      'u16',
      admin('min_allowed_weights', 'min_allowed_weights', true),
    ),
    entry('max_weights_limit', MAX_WEIGHTS_LIMIT, 'u16'),
    entry('tempo', S.Tempo.get(storage, netuid), 'u16', admin('tempo', 'tempo', false)),
    entry(
      'weights_version',
      S.WeightsVersionKey.get(storage, netuid),
      'u64',
      admin('weights_version_key', 'weights_version_key', true),
    ),
    entry(
      'weights_rate_limit',
      S.WeightsSetRateLimit.get(storage, netuid),
      'u64',
      admin('weights_set_rate_limit', 'weights_set_rate_limit', false),
    ),
    entry('activity_cutoff', activityCutoffBlocks(storage, netuid), 'u64'),
    entry('activity_cutoff_factor', S.ActivityCutoffFactorMilli.get(storage, netuid), 'u32', {
      pallet: 'SubtensorModule',
      call: 'set_activity_cutoff_factor',
      arg: 'factor_milli',
      owner: true,
    }),
    entry(
      'registration_allowed',
      S.NetworkRegistrationAllowed.get(storage, netuid),
      'bool',
      admin('network_registration_allowed', 'registration_allowed', false),
    ),
    entry(
      'target_regs_per_interval',
      S.TargetRegistrationsPerInterval.get(storage, netuid),
      'u16',
      admin('target_registrations_per_interval', 'target_registrations_per_interval', false),
    ),
    entry('min_burn', S.MinBurn.get(storage, netuid), 'TaoBalance', admin('min_burn', 'min_burn', true)),
    entry('max_burn', S.MaxBurn.get(storage, netuid), 'TaoBalance', admin('max_burn', 'max_burn', true)),
    entry(
      'burn_half_life',
      S.BurnHalfLife.get(storage, netuid),
      'u16',
      admin('burn_half_life', 'burn_half_life', true),
    ),
    entry(
      'burn_increase_mult',
      S.BurnIncreaseMult.get(storage, netuid),
      'U64F64',
      admin('burn_increase_mult', 'burn_increase_mult', true),
    ),
    entry(
      'bonds_moving_avg',
      S.BondsMovingAverage.get(storage, netuid),
      'u64',
      admin('bonds_moving_average', 'bonds_moving_average', true),
    ),
    entry(
      'max_regs_per_block',
      S.MaxRegistrationsPerBlock.get(storage, netuid),
      'u16',
      admin('max_registrations_per_block', 'max_registrations_per_block', false),
    ),
    entry(
      'serving_rate_limit',
      S.ServingRateLimit.get(storage, netuid),
      'u64',
      admin('serving_rate_limit', 'serving_rate_limit', true),
    ),
    entry(
      'max_validators',
      S.MaxAllowedValidators.get(storage, netuid),
      'u16',
      admin('max_allowed_validators', 'max_allowed_validators', false),
    ),
    entry(
      'commit_reveal_period',
      S.RevealPeriodEpochs.get(storage, netuid),
      'u64',
      admin('commit_reveal_weights_interval', 'interval', true),
    ),
    entry(
      'commit_reveal_weights_enabled',
      S.CommitRevealWeightsEnabled.get(storage, netuid),
      'bool',
      admin('commit_reveal_weights_enabled', 'enabled', true),
    ),
    // Both bounds go through one call (alpha_values), so neither has a setter of its own.
    entry('alpha_high', alphaHigh, 'u16'),
    entry('alpha_low', alphaLow, 'u16'),
    entry(
      'liquid_alpha_enabled',
      S.LiquidAlphaOn.get(storage, netuid),
      'bool',
      admin('liquid_alpha_enabled', 'enabled', true),
    ),
    entry(
      'alpha_sigmoid_steepness',
      S.AlphaSigmoidSteepness.get(storage, netuid),
      'i16',
      admin('alpha_sigmoid_steepness', 'steepness', true),
    ),
    entry('yuma_version', S.Yuma3On.get(storage, netuid) ? 3 : 2, 'u16'),
    entry(
      'subnet_is_active',
      S.SubtokenEnabled.get(storage, netuid),
      'bool',
      admin('subtoken_enabled', 'subtoken_enabled', false),
    ),
    entry(
      'transfers_enabled',
      S.TransferToggle.get(storage, netuid),
      'bool',
      admin('toggle_transfer', 'toggle', true),
    ),
    entry(
      'bonds_reset_enabled',
      S.BondsResetOn.get(storage, netuid),
      'bool',
      admin('bonds_reset_enabled', 'enabled', true),
    ),
    entry('user_liquidity_enabled', false, 'bool'),
    entry(
      'owner_cut_enabled',
      S.OwnerCutEnabled.get(storage, netuid),
      'bool',
      admin('owner_cut_enabled', 'enabled', true),
    ),
    entry(
      'owner_cut_auto_lock_enabled',
      A.OwnerCutAutoLockEnabled.get(storage, netuid),
      'bool',
      admin('owner_cut_auto_lock_enabled', 'enabled', true),
    ),
    // Settable through AdminUtils but absent from get_subnet_hyperparams_v3.
    entry('rho', S.Rho.get(storage, netuid), 'u16', admin('rho', 'rho', true)),
    entry('difficulty', S.Difficulty.get(storage, netuid), 'u64', admin('difficulty', 'difficulty', false)),
    entry(
      'min_difficulty',
      S.MinDifficulty.get(storage, netuid),
      'u64',
      admin('min_difficulty', 'min_difficulty', false),
    ),
    entry(
      'max_difficulty',
      S.MaxDifficulty.get(storage, netuid),
      'u64',
      admin('max_difficulty', 'max_difficulty', true),
    ),
    entry(
      'adjustment_interval',
      S.AdjustmentInterval.get(storage, netuid),
      'u16',
      admin('adjustment_interval', 'adjustment_interval', false),
    ),
    entry(
      'adjustment_alpha',
      S.AdjustmentAlpha.get(storage, netuid),
      'u64',
      admin('adjustment_alpha', 'adjustment_alpha', true),
    ),
    entry(
      'max_allowed_uids',
      S.MaxAllowedUids.get(storage, netuid),
      'u16',
      admin('max_allowed_uids', 'max_allowed_uids', true),
    ),
    entry(
      'min_allowed_uids',
      A.MinAllowedUids.get(storage, netuid),
      'u16',
      admin('min_allowed_uids', 'min_allowed_uids', false),
    ),
    entry(
      'bonds_penalty',
      S.BondsPenalty.get(storage, netuid),
      'u16',
      admin('bonds_penalty', 'bonds_penalty', true),
    ),
    entry(
      'immune_owner_uids_limit',
      S.ImmuneOwnerUidsLimit.get(storage, netuid),
      'u16',
      admin('owner_immune_neuron_limit', 'immune_neurons', true),
    ),
    entry(
      'min_non_immune_uids',
      S.MinNonImmuneUids.get(storage, netuid),
      'u16',
      admin('min_non_immune_uids', 'min', false),
    ),
    entry(
      'subnet_emission_enabled',
      S.SubnetEmissionEnabled.get(storage, netuid),
      'bool',
      admin('subnet_emission_enabled', 'enabled', false),
    ),
    entry(
      'activity_cutoff_legacy',
      S.ActivityCutoff.get(storage, netuid),
      'u16',
      admin('activity_cutoff', 'activity_cutoff', true),
    ),
  ];
}
