/**
 * AdminUtils' root-only setters of chain-wide parameters (call indices, argument names and
 * events as in subtensor's admin-utils lib.rs at HEAD), plus its deprecated stubs and the EVM
 * precompile switch.
 */
import { ensureRoot } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { StorageItem } from '../../storage/items.js';
import { bool, u16, u64, u8, type Type } from '../../types/type.js';
import { emit } from '../subtensor/module.js';
import { S } from '../subtensor/storage.js';
import { TaoBalance } from '../subtensor/types.js';
import {
  AdminUtilsStorage,
  PrecompileEnum,
  adminEmit,
  adminEnsure,
  adminFail,
  type PrecompileValue,
} from './defs.js';
import { globalSetter, weightOf } from './setter.js';
import { clearSmallNominations } from '../subtensor/staking.js';

/** Write a chain-wide value and emit SubtensorModule's one-field event for it. */
function put<V>(item: StorageItem<[], V>, event?: string): (ctx: Context, value: V) => void {
  return (ctx, value) => {
    item.set(ctx.storage, value);
    if (event !== undefined) emit(ctx, event, [value]);
  };
}

/** Calls subtensor keeps for their index but which always fail, whoever calls them. */
function deprecated(
  name: string,
  index: number,
  arg: string,
  type: Type<bigint>,
  rustType: string,
): AnyCallDef {
  return call<Record<string, unknown>>({
    name,
    index,
    args: [[arg, type, rustType]],
    docs: ['DEPRECATED'],
    weight: () => weightOf(5_931_000n, 0, 0),
    dispatch: () => {
      throw adminFail('Deprecated');
    },
  });
}

const TAO = TaoBalance;
const QUICK = (refTime: bigint): bigint => weightOf(refTime, 0, 1);
const INLINE = weightOf(14_000_000n, 0, 1);

export const globalCalls: AnyCallDef[] = [
  globalSetter<number>({
    name: 'sudo_set_default_take',
    index: 1,
    arg: 'default_take',
    type: u16,
    rustType: 'u16',
    docs: 'Set the default (and maximum) delegate take.',
    weight: QUICK(5_400_000n),
    apply: put(S.MaxDelegateTake, 'MaxDelegateTakeSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_tx_rate_limit',
    index: 2,
    arg: 'tx_rate_limit',
    type: u64,
    rustType: 'u64',
    docs: 'Set the generic per-key transaction rate limit (blocks).',
    weight: QUICK(5_440_000n),
    apply: put(S.TxRateLimit, 'TxRateLimitSet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_subnet_owner_cut',
    index: 28,
    arg: 'subnet_owner_cut',
    type: u16,
    rustType: 'u16',
    docs: 'Set the share of subnet emission paid to subnet owners (u16 proportion).',
    weight: INLINE,
    apply: put(S.SubnetOwnerCut, 'SubnetOwnerCutSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_network_rate_limit',
    index: 29,
    arg: 'rate_limit',
    type: u64,
    rustType: 'u64',
    docs: 'Set the blocks between subnet registrations.',
    weight: INLINE,
    apply: put(S.NetworkRateLimit, 'NetworkRateLimitSet'),
  }),
  deprecated('sudo_set_total_issuance', 33, 'total_issuance', TAO, 'TaoBalance'),
  globalSetter<bigint>({
    name: 'sudo_set_network_immunity_period',
    index: 35,
    arg: 'immunity_period',
    type: u64,
    rustType: 'u64',
    docs: 'Set the blocks a new subnet is safe from pruning.',
    weight: INLINE,
    apply: put(S.NetworkImmunityPeriod, 'NetworkImmunityPeriodSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_network_min_lock_cost',
    index: 36,
    arg: 'lock_cost',
    type: TAO,
    rustType: 'TaoBalance',
    docs: 'Set the minimum lock to register a subnet.',
    weight: INLINE,
    apply: put(S.NetworkMinLockCost, 'NetworkMinLockCostSet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_subnet_limit',
    index: 37,
    arg: 'max_subnets',
    type: u16,
    rustType: 'u16',
    docs: 'Set the maximum number of subnets.',
    weight: INLINE,
    apply: put(S.SubnetLimit, 'SubnetLimitSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_lock_reduction_interval',
    index: 38,
    arg: 'interval',
    type: u64,
    rustType: 'u64',
    docs: 'Set the blocks over which the subnet lock cost decays back.',
    weight: INLINE,
    apply: put(S.NetworkLockReductionInterval, 'NetworkLockCostReductionIntervalSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_stake_threshold',
    index: 42,
    arg: 'min_stake',
    type: u64,
    rustType: 'u64',
    docs: 'Set the minimum stake to set weights.',
    weight: QUICK(5_500_000n),
    apply: put(S.StakeThreshold, 'StakeThresholdSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_nominator_min_required_stake',
    index: 43,
    arg: 'min_stake',
    type: u64,
    rustType: 'u64',
    docs: 'Set the minimum nomination (per-mille factor of DefaultMinStake).',
    weight: weightOf(30_697_000n, 5, 1),
    apply: (ctx, value) => {
      const previous = S.NominatorMinRequiredStake.get(ctx.storage);
      S.NominatorMinRequiredStake.set(ctx.storage, value);
      // Raising the minimum removes the nominations now below it (clear_small_nominations).
      if (value > previous) clearSmallNominations(ctx);
    },
  }),
  globalSetter<bigint>({
    name: 'sudo_set_tx_delegate_take_rate_limit',
    index: 45,
    arg: 'tx_rate_limit',
    type: u64,
    rustType: 'u64',
    docs: 'Set the blocks between delegate take increases.',
    weight: QUICK(5_420_000n),
    apply: put(S.TxDelegateTakeRateLimit, 'TxDelegateTakeRateLimitSet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_min_delegate_take',
    index: 46,
    arg: 'take',
    type: u16,
    rustType: 'u16',
    docs: 'Set the minimum delegate take.',
    weight: QUICK(5_490_000n),
    apply: put(S.MinDelegateTake, 'MinDelegateTakeSet'),
  }),
  call<{ precompile_id: PrecompileValue; enabled: boolean }>({
    name: 'sudo_toggle_evm_precompile',
    index: 62,
    args: [
      ['precompile_id', PrecompileEnum, 'PrecompileEnum'],
      ['enabled', bool, 'bool'],
    ],
    docs: ['Enable or disable an EVM precompile.'],
    weight: () => weightOf(6_162_000n, 1, 0),
    dispatch: (ctx, origin, { precompile_id, enabled }) => {
      ensureRoot(origin);
      // Only a change is written and announced.
      if (AdminUtilsStorage.PrecompileEnable.get(ctx.storage, precompile_id) === enabled) return;
      AdminUtilsStorage.PrecompileEnable.set(ctx.storage, enabled, precompile_id);
      adminEmit(ctx, 'PrecompileUpdated', { precompile_id, enabled });
    },
  }),
  globalSetter<number>({
    name: 'sudo_set_commit_reveal_version',
    index: 71,
    arg: 'version',
    type: u16,
    rustType: 'u16',
    docs: 'Set the commit-reveal version weights commits must use.',
    weight: QUICK(6_052_000n),
    apply: put(S.CommitRevealWeightsVersion, 'CommitRevealVersionSet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_admin_freeze_window',
    index: 74,
    arg: 'window',
    type: u16,
    rustType: 'u16',
    docs: 'Set the blocks before each epoch in which hyperparameters cannot change.',
    weight: QUICK(5_450_000n),
    apply: put(S.AdminFreezeWindow, 'AdminFreezeWindowSet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_owner_hparam_rate_limit',
    index: 75,
    arg: 'epochs',
    type: u16,
    rustType: 'u16',
    docs: 'Set the tempos an owner waits between changes of the same hyperparameter.',
    weight: QUICK(5_471_000n),
    apply: put(S.OwnerHyperparamRateLimit, 'OwnerHyperparamRateLimitSet'),
  }),
  globalSetter<bigint>({
    name: 'sudo_set_start_call_delay',
    index: 85,
    arg: 'delay',
    type: u64,
    rustType: 'u64',
    docs: 'Set the blocks after registration before start_call is allowed.',
    weight: INLINE,
    apply: put(S.StartCallDelay, 'StartCallDelaySet'),
  }),
  globalSetter<number>({
    name: 'sudo_set_max_epochs_per_block',
    index: 96,
    arg: 'max_epochs_per_block',
    type: u8,
    rustType: 'u8',
    docs: 'Set how many subnet epochs may run in one block (at least 1).',
    weight: QUICK(5_530_000n),
    check: (_ctx, value) => adminEnsure(value >= 1, 'ValueNotInBounds'),
    apply: put(S.MaxEpochsPerBlock, 'MaxEpochsPerBlockSet'),
  }),
];
