/**
 * AdminUtils' per-subnet setters of registration, uid, burn and emission parameters: call
 * indices, argument names and types, guards, validation and events as in subtensor's
 * admin-utils lib.rs at HEAD (including where subtensor skips a guard, e.g. serving_rate_limit
 * writes even for a subnet that does not exist).
 */
import { U64F64 } from '@tao-ts/primitives';
import { call, type AnyCallDef } from '../../frame/pallet.js';
import { bool } from '../../types/type.js';
import { ensure } from '../subtensor/module.js';
import { S } from '../subtensor/storage.js';
import { NetUid, U64F64Bits } from '../subtensor/types.js';
import { adminEmit, adminEnsure, adminFail } from './defs.js';
import { adminSubtensorStorage as A, DEFAULT_MAX_ALLOWED_UIDS } from '../subtensor/owner-guards.js';
import { OPERATIONAL, ROOT_ONLY, boolRow, put, row, taoRow, u16Row, u64Row, weightOf } from './setter.js';

/** T::MinBurnUpperBound and T::MaxBurnLowerBound of subtensor's runtime (1 TAO, 0.1 TAO). */
export const MIN_BURN_UPPER_BOUND = 1_000_000_000n;
export const MAX_BURN_LOWER_BOUND = 100_000_000n;
/** MaxBurnHalfLife. */
export const MAX_BURN_HALF_LIFE = 36_100;
/** MinImmuneOwnerUidsLimit ..= MaxImmuneOwnerUidsLimit. */
export const IMMUNE_OWNER_UIDS_LIMIT_RANGE = [1, 10] as const;

const U16_MAX = 0xffff;
const U64F64_ONE = U64F64.fromInt(1);
const U64F64_THREE = U64F64.fromInt(3);
/** Inline weight of the burn and owner-cut setters: 25 µs, 4 reads, 1 write. */
const BURN_WEIGHT = weightOf(25_000_000n, 4, 1);

export const registrationCalls: AnyCallDef[] = [
  u64Row({
    name: 'sudo_set_serving_rate_limit',
    index: 3,
    arg: 'serving_rate_limit',
    weight: weightOf(28_633_000n, 4, 1),
    access: 'owner',
    limit: 'ServingRateLimit',
    window: true,
    exists: false,
    apply: put(S.ServingRateLimit, 'ServingRateLimitSet'),
  }),
  u64Row({
    name: 'sudo_set_min_difficulty',
    index: 4,
    arg: 'min_difficulty',
    weight: weightOf(34_554_000n, 5, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    apply: put(S.MinDifficulty, 'MinDifficultySet'),
  }),
  u64Row({
    name: 'sudo_set_max_difficulty',
    index: 5,
    arg: 'max_difficulty',
    weight: weightOf(34_704_000n, 5, 1),
    access: 'owner',
    limit: 'MaxDifficulty',
    window: true,
    exists: true,
    apply: put(S.MaxDifficulty, 'MaxDifficultySet'),
  }),
  u16Row({
    name: 'sudo_set_adjustment_interval',
    index: 8,
    arg: 'adjustment_interval',
    weight: weightOf(16_320_000n, 1, 1),
    ...ROOT_ONLY,
    window: false,
    exists: true,
    apply: put(S.AdjustmentInterval, 'AdjustmentIntervalSet'),
  }),
  u64Row({
    name: 'sudo_set_adjustment_alpha',
    index: 9,
    arg: 'adjustment_alpha',
    weight: weightOf(14_000_000n, 1, 1),
    access: 'owner',
    limit: 'AdjustmentAlpha',
    window: true,
    exists: true,
    apply: put(S.AdjustmentAlpha, 'AdjustmentAlphaSet'),
  }),
  u16Row({
    name: 'sudo_set_max_allowed_uids',
    index: 15,
    arg: 'max_allowed_uids',
    weight: weightOf(43_381_000n, 8, 1),
    access: 'owner',
    limit: 'MaxAllowedUids',
    window: true,
    exists: true,
    check: (ctx, netuid, value) => {
      adminEnsure(value >= A.MinAllowedUids.get(ctx.storage, netuid), 'MaxAllowedUidsLessThanMinAllowedUids');
      adminEnsure(S.SubnetworkN.get(ctx.storage, netuid) <= value, 'MaxAllowedUIdsLessThanCurrentUIds');
      adminEnsure(value <= DEFAULT_MAX_ALLOWED_UIDS, 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids');
      // Every mechanism keeps its own uid set: cap the total (u16 saturating product).
      const total = Math.min(value * S.MechanismCountCurrent.get(ctx.storage, netuid), U16_MAX);
      ensure(total <= DEFAULT_MAX_ALLOWED_UIDS, 'TooManyUIDsPerMechanism');
    },
    apply: put(S.MaxAllowedUids, 'MaxAllowedUidsSet'),
  }),
  boolRow({
    name: 'sudo_set_network_registration_allowed',
    index: 19,
    arg: 'registration_allowed',
    weight: weightOf(7_113_000n, 0, 1),
    ...ROOT_ONLY,
    window: false,
    exists: false,
    apply: put(S.NetworkRegistrationAllowed, 'RegistrationAllowed'),
  }),
  call<{ netuid: number; registration_allowed: boolean }>({
    name: 'sudo_set_network_pow_registration_allowed',
    index: 20,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['registration_allowed', bool, 'bool'],
    ],
    docs: ['Deprecated: proof-of-work registration is disabled; always fails, whoever calls.'],
    weight: () => weightOf(14_000_000n, 0, 1),
    dispatch: () => {
      throw adminFail('POWRegistrationDisabled');
    },
  }),
  u16Row({
    name: 'sudo_set_target_registrations_per_interval',
    index: 21,
    arg: 'target_registrations_per_interval',
    weight: weightOf(34_103_000n, 5, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    apply: put(S.TargetRegistrationsPerInterval, 'RegistrationPerIntervalSet'),
  }),
  taoRow({
    name: 'sudo_set_min_burn',
    index: 22,
    arg: 'min_burn',
    weight: weightOf(37_780_000n, 6, 1),
    access: 'owner',
    limit: 'MinBurn',
    window: true,
    exists: true,
    check: (ctx, netuid, value) => {
      adminEnsure(value < MIN_BURN_UPPER_BOUND, 'ValueNotInBounds');
      adminEnsure(value < S.MaxBurn.get(ctx.storage, netuid), 'ValueNotInBounds');
    },
    apply: put(S.MinBurn, 'MinBurnSet'),
  }),
  taoRow({
    name: 'sudo_set_max_burn',
    index: 23,
    arg: 'max_burn',
    weight: weightOf(36_949_000n, 6, 1),
    access: 'owner',
    limit: 'MaxBurn',
    window: true,
    exists: true,
    check: (ctx, netuid, value) => {
      adminEnsure(value > MAX_BURN_LOWER_BOUND, 'ValueNotInBounds');
      adminEnsure(value > S.MinBurn.get(ctx.storage, netuid), 'ValueNotInBounds');
    },
    apply: put(S.MaxBurn, 'MaxBurnSet'),
  }),
  u64Row({
    name: 'sudo_set_difficulty',
    index: 24,
    arg: 'difficulty',
    weight: weightOf(34_434_000n, 5, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    apply: put(S.Difficulty, 'DifficultySet'),
  }),
  u16Row({
    name: 'sudo_set_max_allowed_validators',
    index: 25,
    arg: 'max_allowed_validators',
    weight: weightOf(35_896_000n, 6, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    check: (ctx, netuid, value) =>
      adminEnsure(value <= S.MaxAllowedUids.get(ctx.storage, netuid), 'MaxValidatorsLargerThanMaxUIds'),
    apply: put(S.MaxAllowedValidators, 'MaxAllowedValidatorsSet'),
  }),
  u16Row({
    name: 'sudo_set_max_registrations_per_block',
    index: 27,
    arg: 'max_registrations_per_block',
    weight: weightOf(34_604_000n, 5, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    apply: put(S.MaxRegistrationsPerBlock, 'MaxRegistrationsPerBlockSet'),
  }),
  taoRow({
    name: 'sudo_set_rao_recycled',
    index: 39,
    arg: 'rao_recycled',
    weight: weightOf(16_541_000n, 1, 1),
    ...ROOT_ONLY,
    window: false,
    exists: true,
    apply: put(S.RAORecycledForRegistration, 'RAORecycledForRegistrationSet'),
  }),
  boolRow({
    name: 'sudo_set_toggle_transfer',
    index: 61,
    arg: 'toggle',
    weight: weightOf(28_343_000n, 4, 1),
    access: 'owner',
    limit: 'TransferEnabled',
    window: true,
    exists: false,
    apply: put(S.TransferToggle, 'TransferToggle'),
  }),
  boolRow({
    name: 'sudo_set_subtoken_enabled',
    index: 66,
    arg: 'subtoken_enabled',
    weight: weightOf(25_467_000n, 4, 1),
    ...ROOT_ONLY,
    window: true,
    exists: false,
    apply: put(S.SubtokenEnabled),
  }),
  u16Row({
    name: 'sudo_set_owner_immune_neuron_limit',
    index: 72,
    arg: 'immune_neurons',
    weight: weightOf(25_107_000n, 4, 1),
    access: 'owner',
    limit: 'ImmuneNeuronLimit',
    window: true,
    exists: false,
    check: (_ctx, _netuid, value) =>
      ensure(
        value >= IMMUNE_OWNER_UIDS_LIMIT_RANGE[0] && value <= IMMUNE_OWNER_UIDS_LIMIT_RANGE[1],
        'InvalidValue',
      ),
    apply: put(S.ImmuneOwnerUidsLimit),
  }),
  u16Row({
    name: 'sudo_set_min_allowed_uids',
    index: 79,
    arg: 'min_allowed_uids',
    weight: weightOf(37_890_000n, 7, 1),
    ...ROOT_ONLY,
    window: true,
    exists: true,
    check: (ctx, netuid, value) => {
      adminEnsure(
        value < S.MaxAllowedUids.get(ctx.storage, netuid),
        'MinAllowedUidsGreaterThanMaxAllowedUids',
      );
      adminEnsure(value < S.SubnetworkN.get(ctx.storage, netuid), 'MinAllowedUidsGreaterThanCurrentUids');
    },
    apply: put(A.MinAllowedUids, 'MinAllowedUidsSet'),
  }),
  u16Row({
    name: 'sudo_set_min_non_immune_uids',
    index: 84,
    arg: 'min',
    weight: weightOf(6_783_000n, 0, 1),
    ...ROOT_ONLY,
    window: false,
    exists: false,
    apply: put(S.MinNonImmuneUids, 'MinNonImmuneUidsSet'),
  }),
  u16Row({
    name: 'sudo_set_burn_half_life',
    index: 89,
    arg: 'burn_half_life',
    weight: BURN_WEIGHT,
    ...OPERATIONAL,
    access: 'owner',
    limit: 'BurnHalfLife',
    window: true,
    exists: true,
    notRoot: true,
    check: (_ctx, _netuid, value) => adminEnsure(value > 0 && value <= MAX_BURN_HALF_LIFE, 'InvalidValue'),
    apply: (ctx, netuid, value) => {
      S.BurnHalfLife.set(ctx.storage, value, netuid);
      adminEmit(ctx, 'BurnHalfLifeSet', { netuid, burn_half_life: value });
    },
  }),
  row<bigint>({
    name: 'sudo_set_burn_increase_mult',
    index: 90,
    arg: 'burn_increase_mult',
    type: U64F64Bits,
    rustType: 'U64F64',
    weight: BURN_WEIGHT,
    ...OPERATIONAL,
    access: 'owner',
    limit: 'BurnIncreaseMult',
    window: true,
    exists: true,
    notRoot: true,
    // 1 ..= 3 as fixed-point numbers (the argument is U64F64 bits).
    check: (_ctx, _netuid, value) =>
      adminEnsure(value >= U64F64_ONE && value <= U64F64_THREE, 'InvalidValue'),
    apply: (ctx, netuid, value) => {
      S.BurnIncreaseMult.set(ctx.storage, value, netuid);
      adminEmit(ctx, 'BurnIncreaseMultSet', { netuid, burn_increase_mult: value });
    },
  }),
  boolRow({
    name: 'sudo_set_owner_cut_enabled',
    index: 92,
    arg: 'enabled',
    weight: BURN_WEIGHT,
    ...OPERATIONAL,
    access: 'owner-unlimited',
    window: true,
    exists: true,
    notRoot: true,
    apply: put(S.OwnerCutEnabled),
  }),
  boolRow({
    name: 'sudo_set_subnet_emission_enabled',
    index: 94,
    arg: 'enabled',
    weight: weightOf(16_351_000n, 1, 1),
    ...ROOT_ONLY,
    window: false,
    exists: true,
    notRoot: true,
    apply: (ctx, netuid, enabled) => {
      S.SubnetEmissionEnabled.set(ctx.storage, enabled, netuid);
      adminEmit(ctx, 'SubnetEmissionEnabledSet', { netuid, enabled });
    },
  }),
  boolRow({
    name: 'sudo_set_owner_cut_auto_lock_enabled',
    index: 95,
    arg: 'enabled',
    weight: BURN_WEIGHT,
    ...OPERATIONAL,
    access: 'owner-unlimited',
    window: true,
    exists: true,
    notRoot: true,
    apply: put(A.OwnerCutAutoLockEnabled),
  }),
];
