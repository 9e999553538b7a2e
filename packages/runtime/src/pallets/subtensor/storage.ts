/**
 * SubtensorModule storage: names, hashers, key and value types and defaults as subtensor declares
 * them (pallets/subtensor/src/lib.rs at spec 425), the part this runtime implements. Defaults are
 * the storage defaults; new subnets get their own values from init_new_network (subnets.ts).
 */
import { DEFAULT_BURN_INCREASE_MULT } from '@tao-ts/yuma';
import {
  storageDoubleMap,
  storageMap,
  storageNMap,
  storageValue,
  type StorageItem,
} from '../../storage/items.js';
import { AccountId32, H256, type AccountId } from '../../types/substrate.js';
import { bool, bytes, tuple, u16, u32, u64, u8, vec, type Type } from '../../types/type.js';
import {
  AlphaBalance,
  AxonInfoType,
  I16,
  I96F32Bits,
  MechId,
  NetUid,
  NetUidStorageIndex,
  PrometheusInfoType,
  SubnetIdentityV3Type,
  TaoBalance,
  U16Pairs,
  U64F64Bits,
  WeightCommit,
} from './types.js';

const P = 'SubtensorModule';
const ZERO_ACCOUNT: AccountId = new Uint8Array(32);
const U64_MAX = 0xffff_ffff_ffff_ffffn;

function perNet<V>(
  name: string,
  value: Type<V>,
  defaultValue: V | undefined,
  docs: string,
): StorageItem<[number], V> {
  return storageMap(P, name, { hasher: 'Identity', type: NetUid }, value, {
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    docs: [docs],
  });
}

function perIndex<V>(name: string, value: Type<V>, defaultValue: V, docs: string): StorageItem<[number], V> {
  return storageMap(P, name, { hasher: 'Identity', type: NetUidStorageIndex }, value, {
    default: defaultValue,
    docs: [docs],
  });
}

function global<V>(
  name: string,
  value: Type<V>,
  defaultValue: V | undefined,
  docs: string,
): StorageItem<[], V> {
  return storageValue(P, name, value, {
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    docs: [docs],
  });
}

export const S = {
  // ---- global ------------------------------------------------------------------------------
  TotalIssuance: global(
    'TotalIssuance',
    TaoBalance,
    0n,
    'All TAO in existence: balances, stake and subnet pools.',
  ),
  TotalStake: global('TotalStake', TaoBalance, 0n, 'Total TAO staked (held in subnet pools).'),
  BlockEmission: global('BlockEmission', u64, 1_000_000_000n, 'The block emission at the current issuance.'),
  TotalNetworks: global('TotalNetworks', u16, 0, 'Number of subnets.'),
  SubnetLimit: global('SubnetLimit', u16, 128, 'Maximum number of subnets.'),
  SubnetOwnerCut: global(
    'SubnetOwnerCut',
    u16,
    11_796,
    'Share of subnet emission paid to its owner (u16 proportion; 18%).',
  ),
  NetworkRateLimit: global('NetworkRateLimit', u64, 7200n, 'Blocks between subnet registrations.'),
  NetworkMinLockCost: global(
    'NetworkMinLockCost',
    TaoBalance,
    1_000_000_000_000n,
    'Minimum lock to register a subnet.',
  ),
  NetworkLastLockCost: global(
    'NetworkLastLockCost',
    TaoBalance,
    1_000_000_000_000n,
    'Lock paid by the last subnet registration.',
  ),
  NetworkLockReductionInterval: global(
    'NetworkLockReductionInterval',
    u64,
    100_800n,
    'Blocks over which the lock cost decays back.',
  ),
  NetworkLastLockBlock: global(
    'NetworkLastLockBlock',
    u64,
    0n,
    'Block of the last subnet registration (lock).',
  ),
  NetworkImmunityPeriod: global(
    'NetworkImmunityPeriod',
    u64,
    1_296_000n,
    'Blocks a new subnet is safe from pruning.',
  ),
  StakeThreshold: global('StakeThreshold', u64, 0n, 'Minimum stake to set weights or count in consensus.'),
  TaoWeight: global(
    'TaoWeight',
    u64,
    971_718_665_099_567_868n,
    'Weight of root TAO stake in stake weight (u64 proportion).',
  ),
  MaxDelegateTake: global('MaxDelegateTake', u16, 11_796, 'Maximum delegate take.'),
  MinDelegateTake: global('MinDelegateTake', u16, 0, 'Minimum delegate take.'),
  TxRateLimit: global('TxRateLimit', u64, 1000n, 'Generic per-key transaction rate limit (blocks).'),
  TxDelegateTakeRateLimit: global('TxDelegateTakeRateLimit', u64, 216_000n, 'Blocks between take increases.'),
  StartCallDelay: global(
    'StartCallDelay',
    u64,
    0n,
    'Blocks after registration before start_call is allowed.',
  ),
  AdminFreezeWindow: global(
    'AdminFreezeWindow',
    u16,
    10,
    'Blocks before an epoch in which owners cannot change hyperparameters.',
  ),
  OwnerHyperparamRateLimit: global(
    'OwnerHyperparamRateLimit',
    u16,
    2,
    'Tempos between an owner\u2019s hyperparameter changes.',
  ),
  MaxEpochsPerBlock: global(
    'MaxEpochsPerBlock',
    u8,
    2,
    'Subnet epochs that may run in one block; more are deferred.',
  ),
  CommitRevealWeightsVersion: global(
    'CommitRevealWeightsVersion',
    u16,
    4,
    'Accepted commit-reveal version (timelocked commits).',
  ),
  NominatorMinRequiredStake: global(
    'NominatorMinRequiredStake',
    u64,
    0n,
    'Minimum stake a nominator may hold.',
  ),

  // ---- subnets -----------------------------------------------------------------------------
  NetworksAdded: perNet('NetworksAdded', bool, false, 'Whether the subnet exists.'),
  NetworkRegisteredAt: perNet('NetworkRegisteredAt', u64, 0n, 'Block at which the subnet was registered.'),
  SubnetMechanism: perNet('SubnetMechanism', u16, 0, 'Pool mechanism: 0 stable, 1 dynamic.'),
  SubnetOwner: perNet('SubnetOwner', AccountId32, ZERO_ACCOUNT, 'Coldkey that owns the subnet.'),
  SubnetOwnerHotkey: perNet(
    'SubnetOwnerHotkey',
    AccountId32,
    ZERO_ACCOUNT,
    'Hotkey of the subnet owner (uid 0 at registration).',
  ),
  SubnetLocked: perNet('SubnetLocked', TaoBalance, 0n, 'TAO locked when the subnet was registered.'),
  SubnetIdentitiesV3: storageMap(
    P,
    'SubnetIdentitiesV3',
    { hasher: 'Blake2_128Concat', type: NetUid },
    SubnetIdentityV3Type,
    {
      docs: ['Identity of a subnet.'],
    },
  ),
  FirstEmissionBlockNumber: perNet(
    'FirstEmissionBlockNumber',
    u64,
    undefined,
    'Block from which the subnet receives emission (set by start_call).',
  ),
  SubtokenEnabled: perNet(
    'SubtokenEnabled',
    bool,
    false,
    'Whether the subnet token is live (after start_call).',
  ),
  SubnetEmissionEnabled: perNet(
    'SubnetEmissionEnabled',
    bool,
    true,
    'Whether the subnet takes a share of block emission.',
  ),
  NetworkRegistrationAllowed: perNet(
    'NetworkRegistrationAllowed',
    bool,
    true,
    'Whether neurons may register (by burn).',
  ),
  NetworkPowRegistrationAllowed: perNet(
    'NetworkPowRegistrationAllowed',
    bool,
    false,
    'Whether neurons may register by proof of work.',
  ),
  SubnetTAO: perNet('SubnetTAO', TaoBalance, 0n, 'TAO held by the subnet (locks and stake).'),
  SubnetAlphaIn: perNet('SubnetAlphaIn', AlphaBalance, 0n, 'Alpha in the subnet pool.'),
  SubnetAlphaOut: perNet('SubnetAlphaOut', AlphaBalance, 0n, 'Alpha outside the pool (staked).'),
  SubnetMovingPrice: perNet('SubnetMovingPrice', I96F32Bits, 0n, 'EMA of the subnet price (I96F32 bits).'),
  TransferToggle: perNet('TransferToggle', bool, true, 'Whether stake transfers are allowed on the subnet.'),
  OwnerCutEnabled: perNet('OwnerCutEnabled', bool, true, 'Whether the owner takes its cut of emission.'),
  MechanismCountCurrent: storageMap(
    P,
    'MechanismCountCurrent',
    { hasher: 'Twox64Concat', type: NetUid },
    MechId,
    {
      default: 1,
      docs: ['Number of mechanisms (sub-subnets) of the subnet.'],
    },
  ),

  // ---- hyperparameters ---------------------------------------------------------------------
  Tempo: perNet('Tempo', u16, 360, 'Blocks between epochs.'),
  Kappa: perNet('Kappa', u16, 32_767, 'Consensus majority (u16 proportion).'),
  Rho: perNet('Rho', u16, 10, 'Rho (unused by the current epoch).'),
  ActivityCutoff: perNet('ActivityCutoff', u16, 5000, 'Legacy activity cutoff in blocks.'),
  ActivityCutoffFactorMilli: perNet(
    'ActivityCutoffFactorMilli',
    u32,
    13_889,
    'Activity cutoff as tempo × factor / 1000.',
  ),
  MaxAllowedUids: perNet('MaxAllowedUids', u16, 256, 'Maximum neurons on the subnet.'),
  MinAllowedWeights: perNet(
    'MinAllowedWeights',
    u16,
    1024,
    'Minimum number of weights a validator must set.',
  ),
  MaxWeightsLimit: perNet(
    'MaxWeightsLimit',
    u16,
    65_535,
    'Maximum normalized weight (65535 disables the check).',
  ),
  WeightsSetRateLimit: perNet('WeightsSetRateLimit', u64, 100n, 'Blocks between weight sets by a neuron.'),
  WeightsVersionKey: perNet('WeightsVersionKey', u64, 0n, 'Minimum weights version key.'),
  ImmunityPeriod: perNet('ImmunityPeriod', u16, 4096, 'Blocks a new neuron is safe from pruning.'),
  MaxAllowedValidators: perNet('MaxAllowedValidators', u16, 128, 'Number of validator permits.'),
  BondsMovingAverage: perNet('BondsMovingAverage', u64, 900_000n, 'Bond EMA (alpha = 1 - value / 1e6).'),
  BondsPenalty: perNet('BondsPenalty', u16, 65_535, 'Penalty on weights above consensus for bonds.'),
  BondsResetOn: perNet('BondsResetOn', bool, false, 'Whether a miner commitment resets its bonds.'),
  Yuma3On: storageMap(P, 'Yuma3On', { hasher: 'Blake2_128Concat', type: NetUid }, bool, {
    default: false,
    docs: ['Yuma3 bonds.'],
  }),
  LiquidAlphaOn: storageMap(P, 'LiquidAlphaOn', { hasher: 'Blake2_128Concat', type: NetUid }, bool, {
    default: false,
    docs: ['Liquid alpha (per-bond EMA coefficient).'],
  }),
  AlphaValues: perNet<[number, number]>(
    'AlphaValues',
    tuple(u16, u16),
    [45_875, 58_982],
    'Liquid alpha low and high (u16 proportions).',
  ),
  AlphaSigmoidSteepness: perNet('AlphaSigmoidSteepness', I16, 1000, 'Steepness of the liquid-alpha sigmoid.'),
  CommitRevealWeightsEnabled: perNet(
    'CommitRevealWeightsEnabled',
    bool,
    true,
    'Whether weights go through commit-reveal.',
  ),
  RevealPeriodEpochs: storageMap(P, 'RevealPeriodEpochs', { hasher: 'Twox64Concat', type: NetUid }, u64, {
    default: 1n,
    docs: ['Epochs between a commit and its reveal.'],
  }),
  ServingRateLimit: perNet('ServingRateLimit', u64, 50n, 'Blocks between serve_axon calls.'),
  ImmuneOwnerUidsLimit: perNet('ImmuneOwnerUidsLimit', u16, 1, 'Owner hotkeys protected from pruning.'),
  MinNonImmuneUids: perNet(
    'MinNonImmuneUids',
    u16,
    10,
    'Below this many non-immune uids, immune ones are pruned first.',
  ),

  // ---- registration ------------------------------------------------------------------------
  Burn: perNet('Burn', TaoBalance, 1_000_000_000n, 'Current registration burn.'),
  MinBurn: perNet('MinBurn', TaoBalance, 500_000n, 'Lower bound of the burn.'),
  MaxBurn: perNet('MaxBurn', TaoBalance, 100_000_000_000n, 'Upper bound of the burn.'),
  BurnHalfLife: perNet('BurnHalfLife', u16, 360, 'Blocks for the burn to decay by half.'),
  BurnIncreaseMult: perNet(
    'BurnIncreaseMult',
    U64F64Bits,
    DEFAULT_BURN_INCREASE_MULT,
    'Burn multiplier per registration (U64F64 bits).',
  ),
  Difficulty: perNet('Difficulty', u64, 10_000_000n, 'Proof-of-work difficulty.'),
  MinDifficulty: perNet('MinDifficulty', u64, 10_000_000n, 'Lower bound of the difficulty.'),
  MaxDifficulty: perNet('MaxDifficulty', u64, U64_MAX / 4n, 'Upper bound of the difficulty.'),
  AdjustmentInterval: perNet('AdjustmentInterval', u16, 100, 'Blocks between difficulty adjustments.'),
  AdjustmentAlpha: perNet('AdjustmentAlpha', u64, 0n, 'Weight of the previous difficulty (u64 proportion).'),
  TargetRegistrationsPerInterval: perNet(
    'TargetRegistrationsPerInterval',
    u16,
    2,
    'Registrations per interval the difficulty aims for.',
  ),
  MaxRegistrationsPerBlock: perNet('MaxRegistrationsPerBlock', u16, 1, 'Registrations allowed per block.'),
  RegistrationsThisBlock: perNet('RegistrationsThisBlock', u16, 0, 'Registrations in the current block.'),
  RegistrationsThisInterval: perNet(
    'RegistrationsThisInterval',
    u16,
    0,
    'Registrations in the current interval.',
  ),
  POWRegistrationsThisInterval: perNet(
    'POWRegistrationsThisInterval',
    u16,
    0,
    'PoW registrations in the current interval.',
  ),
  BurnRegistrationsThisInterval: perNet(
    'BurnRegistrationsThisInterval',
    u16,
    0,
    'Burn registrations in the current interval.',
  ),
  LastAdjustmentBlock: perNet('LastAdjustmentBlock', u64, 0n, 'Block of the last difficulty adjustment.'),
  RAORecycledForRegistration: perNet(
    'RAORecycledForRegistration',
    TaoBalance,
    0n,
    'TAO recycled by registrations.',
  ),
  UsedWork: storageMap(P, 'UsedWork', { hasher: 'Identity', type: bytes }, u64, {
    default: 0n,
    docs: ['Seals already used, with their block.'],
  }),

  // ---- neurons -----------------------------------------------------------------------------
  SubnetworkN: perNet('SubnetworkN', u16, 0, 'Number of neurons (uids) on the subnet.'),
  Keys: storageDoubleMap(
    P,
    'Keys',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Identity', type: u16 },
    AccountId32,
    {
      default: ZERO_ACCOUNT,
      docs: ['Hotkey of each uid.'],
    },
  ),
  Uids: storageDoubleMap(
    P,
    'Uids',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    u16,
    {
      docs: ['Uid of each registered hotkey.'],
    },
  ),
  IsNetworkMember: storageDoubleMap(
    P,
    'IsNetworkMember',
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    { hasher: 'Identity', type: NetUid },
    bool,
    {
      default: false,
      docs: ['Whether a hotkey is registered on a subnet.'],
    },
  ),
  BlockAtRegistration: storageDoubleMap(
    P,
    'BlockAtRegistration',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Identity', type: u16 },
    u64,
    {
      default: 0n,
      docs: ['Block at which each uid was (last) registered.'],
    },
  ),
  Owner: storageMap(P, 'Owner', { hasher: 'Blake2_128Concat', type: AccountId32 }, AccountId32, {
    default: ZERO_ACCOUNT,
    docs: ['Coldkey owning each hotkey.'],
  }),
  OwnedHotkeys: storageMap(
    P,
    'OwnedHotkeys',
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    vec(AccountId32),
    {
      default: [],
      docs: ['Hotkeys owned by each coldkey.'],
    },
  ),
  StakingHotkeys: storageMap(
    P,
    'StakingHotkeys',
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    vec(AccountId32),
    {
      default: [],
      docs: ['Hotkeys each coldkey has stake on.'],
    },
  ),
  Delegates: storageMap(P, 'Delegates', { hasher: 'Blake2_128Concat', type: AccountId32 }, u16, {
    default: 11_796,
    docs: ['Take of each hotkey (u16 proportion).'],
  }),
  LastTxBlock: storageMap(P, 'LastTxBlock', { hasher: 'Identity', type: AccountId32 }, u64, {
    default: 0n,
    docs: ['Last rate-limited transaction block of a key.'],
  }),
  LastTxBlockDelegateTake: storageMap(
    P,
    'LastTxBlockDelegateTake',
    { hasher: 'Identity', type: AccountId32 },
    u64,
    {
      default: 0n,
      docs: ['Last take increase block of a hotkey.'],
    },
  ),
  Axons: storageDoubleMap(
    P,
    'Axons',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    AxonInfoType,
    {
      docs: ['Axon endpoint served by each hotkey.'],
    },
  ),
  Prometheus: storageDoubleMap(
    P,
    'Prometheus',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    PrometheusInfoType,
    {
      docs: ['Prometheus endpoint served by each hotkey.'],
    },
  ),

  // ---- consensus state and outputs -----------------------------------------------------------
  Weights: storageDoubleMap(
    P,
    'Weights',
    { hasher: 'Identity', type: NetUidStorageIndex },
    { hasher: 'Identity', type: u16 },
    U16Pairs,
    {
      default: [],
      docs: ['Weights set by each uid (max-upscaled u16).'],
    },
  ),
  Bonds: storageDoubleMap(
    P,
    'Bonds',
    { hasher: 'Identity', type: NetUidStorageIndex },
    { hasher: 'Identity', type: u16 },
    U16Pairs,
    {
      default: [],
      docs: ['Bonds of each validator uid.'],
    },
  ),
  LastUpdate: perIndex('LastUpdate', vec(u64), [], 'Block of each uid\u2019s last weight set.'),
  Incentive: perIndex('Incentive', vec(u16), [], 'Incentive of each uid.'),
  Active: perNet('Active', vec(bool), [], 'Whether each uid is active.'),
  Emission: perNet('Emission', vec(AlphaBalance), [], 'Emission of each uid at the last epoch.'),
  Consensus: perNet('Consensus', vec(u16), [], 'Consensus of each uid.'),
  Dividends: perNet('Dividends', vec(u16), [], 'Dividends of each uid.'),
  ValidatorTrust: perNet('ValidatorTrust', vec(u16), [], 'Validator trust of each uid.'),
  ValidatorPermit: perNet('ValidatorPermit', vec(bool), [], 'Validator permit of each uid.'),
  StakeWeight: perNet('StakeWeight', vec(u16), [], 'Normalized stake weight of each uid.'),
  WeightCommits: storageDoubleMap(
    P,
    'WeightCommits',
    { hasher: 'Twox64Concat', type: NetUidStorageIndex },
    { hasher: 'Twox64Concat', type: AccountId32 },
    vec(WeightCommit),
    {
      docs: ['Pending commit-reveal v2 commits: (hash, commit epoch, commit block, reveal placeholder).'],
    },
  ),

  // ---- epochs and emission -------------------------------------------------------------------
  BlocksSinceLastStep: perNet('BlocksSinceLastStep', u64, 0n, 'Blocks since the subnet\u2019s last epoch.'),
  LastEpochBlock: perNet('LastEpochBlock', u64, 0n, 'Block of the subnet\u2019s last epoch.'),
  PendingEpochAt: perNet('PendingEpochAt', u64, 0n, 'Block of an owner-triggered epoch (0: none).'),
  SubnetEpochIndex: perNet('SubnetEpochIndex', u64, 0n, 'Number of epochs the subnet has run.'),
  LastMechansimStepBlock: perNet(
    'LastMechansimStepBlock',
    u64,
    0n,
    'Block of the last coinbase-driven epoch (sic).',
  ),
  PendingServerEmission: perNet(
    'PendingServerEmission',
    AlphaBalance,
    0n,
    'Miner emission accumulated since the last epoch.',
  ),
  PendingValidatorEmission: perNet(
    'PendingValidatorEmission',
    AlphaBalance,
    0n,
    'Validator emission accumulated since the last epoch.',
  ),
  PendingRootAlphaDivs: perNet(
    'PendingRootAlphaDivs',
    AlphaBalance,
    0n,
    'Root dividends accumulated since the last epoch.',
  ),
  PendingOwnerCut: perNet('PendingOwnerCut', AlphaBalance, 0n, 'Owner cut accumulated since the last epoch.'),
  SubnetEmission: perNet('SubnetEmission', TaoBalance, 0n, 'TAO emission of the subnet in the last block.'),

  // ---- stake ---------------------------------------------------------------------------------
  Alpha: storageNMap(
    P,
    'Alpha',
    [
      { hasher: 'Blake2_128Concat', type: AccountId32 },
      { hasher: 'Blake2_128Concat', type: AccountId32 },
      { hasher: 'Identity', type: NetUid },
    ],
    U64F64Bits,
    {
      default: 0n,
      docs: ['Shares of (hotkey, coldkey) in the hotkey\u2019s pool on a subnet (U64F64 bits).'],
    },
  ),
  TotalHotkeyAlpha: storageDoubleMap(
    P,
    'TotalHotkeyAlpha',
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    { hasher: 'Identity', type: NetUid },
    AlphaBalance,
    {
      default: 0n,
      docs: ['Alpha staked to a hotkey on a subnet.'],
    },
  ),
  TotalHotkeyShares: storageDoubleMap(
    P,
    'TotalHotkeyShares',
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    { hasher: 'Identity', type: NetUid },
    U64F64Bits,
    {
      default: 0n,
      docs: ['Shares issued by a hotkey\u2019s pool on a subnet (U64F64 bits).'],
    },
  ),
  AlphaDividendsPerSubnet: storageDoubleMap(
    P,
    'AlphaDividendsPerSubnet',
    { hasher: 'Identity', type: NetUid },
    { hasher: 'Blake2_128Concat', type: AccountId32 },
    AlphaBalance,
    {
      default: 0n,
      docs: ['Dividends a hotkey earned at the subnet\u2019s last epoch.'],
    },
  ),
};

export const subtensorStorageItems = Object.values(S);
export { H256 };
