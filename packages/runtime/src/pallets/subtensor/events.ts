/**
 * SubtensorModule events, in subtensor's declaration order with its field types. Variants the
 * runtime does not emit yet (children, coldkey swaps, leases, locks…) are left out; clients find
 * events by name through the metadata.
 */
import type { EventVariantDef } from '../../frame/pallet.js';
import { AccountId32, DispatchErrorType, H256 } from '../../types/substrate.js';
import { bool, compact, u16, u32, u64, u8, vec, type AnyType } from '../../types/type.js';
import { AlphaBalance, I16, NetUid, NetUidStorageIndex, TaoBalance, U64F64Bits } from './types.js';

/** A Rust tuple variant: unnamed fields, value is an array. */
function tupleVariant(name: string, types: readonly AnyType[], docs: string): EventVariantDef {
  return { name, fields: types.map((t) => ['', t] as const), docs: [docs] };
}

const named = (
  name: string,
  fields: readonly (readonly [string, AnyType])[],
  docs: string,
): EventVariantDef => ({
  name,
  fields,
  docs: [docs],
});

const A = AccountId32;

/** (NetUid, u16)-style hyperparameter events. */
const paramSet = (name: string, value: AnyType): EventVariantDef =>
  tupleVariant(name, [NetUid, value], `${name.replace(/Set$/, '')} was set.`);

export const SUBTENSOR_EVENTS: readonly EventVariantDef[] = [
  tupleVariant('NetworkAdded', [NetUid, u16], 'A subnet was registered: (netuid, mechanism).'),
  tupleVariant('NetworkRemoved', [NetUid], 'A subnet was removed.'),
  tupleVariant(
    'StakeAdded',
    [A, A, TaoBalance, AlphaBalance, NetUid, u64],
    'Stake added: (coldkey, hotkey, tao, alpha, netuid, fee).',
  ),
  tupleVariant(
    'StakeRemoved',
    [A, A, TaoBalance, AlphaBalance, NetUid, u64],
    'Stake removed: (coldkey, hotkey, tao, alpha, netuid, fee).',
  ),
  tupleVariant('WeightsSet', [NetUidStorageIndex, u16], 'A uid set weights: (netuid index, uid).'),
  tupleVariant('NeuronRegistered', [NetUid, u16, A], 'A neuron registered: (netuid, uid, hotkey).'),
  paramSet('MaxAllowedUidsSet', u16),
  paramSet('DifficultySet', u64),
  paramSet('AdjustmentIntervalSet', u16),
  paramSet('RegistrationPerIntervalSet', u16),
  paramSet('MaxRegistrationsPerBlockSet', u16),
  paramSet('ActivityCutoffSet', u16),
  paramSet('RhoSet', u16),
  paramSet('AlphaSigmoidSteepnessSet', I16),
  paramSet('KappaSet', u16),
  paramSet('MinAllowedWeightSet', u16),
  paramSet('WeightsSetRateLimitSet', u64),
  paramSet('ImmunityPeriodSet', u16),
  paramSet('BondsMovingAverageSet', u64),
  paramSet('BondsPenaltySet', u16),
  paramSet('BondsResetOnSet', bool),
  paramSet('MaxAllowedValidatorsSet', u16),
  tupleVariant('AxonServed', [NetUid, A], 'A hotkey served its axon: (netuid, hotkey).'),
  tupleVariant('PrometheusServed', [NetUid, A], 'A hotkey served its prometheus endpoint: (netuid, hotkey).'),
  tupleVariant('DelegateAdded', [A, A, u16], 'A hotkey became a delegate: (coldkey, hotkey, take).'),
  paramSet('WeightsVersionKeySet', u64),
  paramSet('MinDifficultySet', u64),
  paramSet('MaxDifficultySet', u64),
  paramSet('ServingRateLimitSet', u64),
  paramSet('BurnSet', TaoBalance),
  paramSet('MaxBurnSet', TaoBalance),
  paramSet('MinBurnSet', TaoBalance),
  tupleVariant('MaxEpochsPerBlockSet', [u8], 'Maximum epochs per block was set.'),
  tupleVariant('TxRateLimitSet', [u64], 'Transaction rate limit was set.'),
  tupleVariant('TxDelegateTakeRateLimitSet', [u64], 'Delegate take rate limit was set.'),
  tupleVariant('AdminFreezeWindowSet', [u16], 'Admin freeze window was set.'),
  tupleVariant('OwnerHyperparamRateLimitSet', [u16], 'Owner hyperparameter rate limit was set.'),
  paramSet('RegistrationAllowed', bool),
  paramSet('PowRegistrationAllowed', bool),
  paramSet('TempoSet', u16),
  paramSet('RAORecycledForRegistrationSet', TaoBalance),
  tupleVariant('StakeThresholdSet', [u64], 'Stake threshold was set.'),
  paramSet('AdjustmentAlphaSet', u64),
  tupleVariant('SubnetOwnerCutSet', [u16], 'Subnet owner cut was set.'),
  tupleVariant('NetworkRateLimitSet', [u64], 'Network registration rate limit was set.'),
  tupleVariant('NetworkImmunityPeriodSet', [u64], 'Network immunity period was set.'),
  tupleVariant('StartCallDelaySet', [u64], 'Start call delay was set.'),
  tupleVariant('NetworkMinLockCostSet', [TaoBalance], 'Minimum lock cost was set.'),
  tupleVariant('SubnetLimitSet', [u16], 'Subnet limit was set.'),
  tupleVariant('NetworkLockCostReductionIntervalSet', [u64], 'Lock cost reduction interval was set.'),
  tupleVariant('TakeDecreased', [A, A, u16], 'A delegate decreased its take: (coldkey, hotkey, take).'),
  tupleVariant('TakeIncreased', [A, A, u16], 'A delegate increased its take: (coldkey, hotkey, take).'),
  tupleVariant('MaxDelegateTakeSet', [u16], 'Maximum delegate take was set.'),
  tupleVariant('MinDelegateTakeSet', [u16], 'Minimum delegate take was set.'),
  tupleVariant('SubnetIdentitySet', [NetUid], 'A subnet identity was set.'),
  tupleVariant('SubnetIdentityRemoved', [NetUid], 'A subnet identity was removed.'),
  tupleVariant(
    'WeightsCommitted',
    [A, NetUidStorageIndex, H256],
    'Weights were committed: (hotkey, netuid index, hash).',
  ),
  tupleVariant(
    'WeightsRevealed',
    [A, NetUidStorageIndex, H256],
    'Weights were revealed: (hotkey, netuid index, hash).',
  ),
  tupleVariant(
    'WeightsBatchRevealed',
    [A, NetUid, vec(H256)],
    'Several commits were revealed: (hotkey, netuid, hashes).',
  ),
  tupleVariant('BatchWeightsCompleted', [vec(compact(u16)), A], 'A batch of weight sets completed.'),
  tupleVariant('BatchCompletedWithErrors', [], 'A batch completed, some items with errors.'),
  tupleVariant('BatchWeightItemFailed', [NetUid, DispatchErrorType], 'One item of a weight batch failed.'),
  tupleVariant('SubnetOwnerHotkeySet', [NetUid, A], 'The subnet owner hotkey was set.'),
  tupleVariant(
    'FirstEmissionBlockNumberSet',
    [NetUid, u64],
    'start_call set the first emission block: (netuid, block).',
  ),
  paramSet('CommitRevealPeriodsSet', u64),
  paramSet('CommitRevealEnabled', bool),
  named(
    'IncentiveAlphaEmittedToMiners',
    [
      ['netuid', NetUidStorageIndex],
      ['emissions', vec(AlphaBalance)],
    ],
    'Incentive paid to miners at an epoch.',
  ),
  paramSet('MinAllowedUidsSet', u16),
  paramSet('MinNonImmuneUidsSet', u16),
  named(
    'BurnHalfLifeSet',
    [
      ['netuid', NetUid],
      ['burn_half_life', u16],
    ],
    'Burn half-life was set.',
  ),
  named(
    'BurnIncreaseMultSet',
    [
      ['netuid', NetUid],
      ['burn_increase_mult', U64F64Bits],
    ],
    'Burn increase multiplier was set.',
  ),
  named(
    'ActivityCutoffFactorMilliSet',
    [
      ['netuid', NetUid],
      ['factor_milli', u32],
    ],
    'Activity cutoff factor was set.',
  ),
  named(
    'EpochTriggered',
    [
      ['netuid', NetUid],
      ['by', A],
      ['fires_at', u64],
    ],
    'The owner triggered an epoch.',
  ),
  named(
    'EpochDeferred',
    [
      ['netuid', NetUid],
      ['from_block', u64],
      ['to_block', u64],
    ],
    'A due epoch was deferred to a later block.',
  ),
  named(
    'EpochSkipped',
    [
      ['netuid', NetUid],
      ['block', u64],
    ],
    'A due epoch was skipped.',
  ),
  tupleVariant('TransferToggle', [NetUid, bool], 'Stake transfers were toggled: (netuid, enabled).'),
  tupleVariant('CommitRevealVersionSet', [u16], 'The required commit-reveal weights version was set.'),
];
