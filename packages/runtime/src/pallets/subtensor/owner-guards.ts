/**
 * The checks every hyperparameter setter goes through, as subtensor's utils/misc.rs and
 * utils/rate_limiting.rs define them: owner-or-root origin, the owner rate limits, and the admin
 * freeze window before each epoch. AdminUtils' setters and SubtensorModule's own owner calls
 * (set_tempo, trigger_epoch…) share them, with the rate-limit storage they read.
 */
import { blocksUntilNextAutoEpoch } from '@tao-ts/yuma';
import { badOrigin, type Origin } from '../../frame/dispatch.js';
import type { Context } from '../../frame/pallet.js';
import { storageMap, storageNMap, storageValue } from '../../storage/items.js';
import type { ReadableStorage, WritableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { bool, enumType, u16, u64, type Type } from '../../types/type.js';
import { ensure, sameAccount } from './module.js';
import { S } from './storage.js';
import { NetUid } from './types.js';

const P = 'SubtensorModule';

/** rate_limiting.rs Hyperparameter, with its explicit discriminants (they are its encoding). */
export const HYPERPARAMETERS = {
  Unknown: 0,
  ServingRateLimit: 1,
  MaxDifficulty: 2,
  AdjustmentAlpha: 3,
  MaxWeightLimit: 4,
  ImmunityPeriod: 5,
  MinAllowedWeights: 6,
  Kappa: 7,
  Rho: 8,
  ActivityCutoff: 9,
  PowRegistrationAllowed: 10,
  MinBurn: 11,
  MaxBurn: 12,
  BondsMovingAverage: 13,
  BondsPenalty: 14,
  CommitRevealEnabled: 15,
  LiquidAlphaEnabled: 16,
  AlphaValues: 17,
  WeightCommitInterval: 18,
  TransferEnabled: 19,
  AlphaSigmoidSteepness: 20,
  Yuma3Enabled: 21,
  BondsResetEnabled: 22,
  ImmuneNeuronLimit: 23,
  RecycleOrBurn: 24,
  MaxAllowedUids: 25,
  BurnHalfLife: 26,
  BurnIncreaseMult: 27,
  SubnetEmissionEnabled: 28,
  MinChildkeyTake: 29,
  ActivityCutoffFactorMilli: 30,
  TriggerEpoch: 31,
} as const;

export type HyperparameterName = keyof typeof HYPERPARAMETERS;
type HyperparameterValue = { tag: HyperparameterName; value: undefined };

const HyperparameterType: Type<HyperparameterValue> = enumType<HyperparameterValue>(
  ['pallet_subtensor', 'utils', 'rate_limiting', 'Hyperparameter'],
  (Object.entries(HYPERPARAMETERS) as [HyperparameterName, number][]).map(([name, index]) => ({
    name,
    index,
  })),
);

export type RateLimitKeyValue =
  | { tag: 'SetSNOwnerHotkey'; value: number }
  | { tag: 'OwnerHyperparamUpdate'; value: [number, HyperparameterValue] }
  | { tag: 'NetworkLastRegistered'; value: undefined }
  | { tag: 'LastTxBlock'; value: AccountId }
  | { tag: 'LastTxBlockChildKeyTake'; value: AccountId }
  | { tag: 'LastTxBlockDelegateTake'; value: AccountId }
  | { tag: 'AddStakeBurn'; value: number };

export const RateLimitKey: Type<RateLimitKeyValue> = enumType<RateLimitKeyValue>(
  ['pallet_subtensor', 'pallet', 'RateLimitKey'],
  [
    { name: 'SetSNOwnerHotkey', index: 0, fields: NetUid },
    {
      name: 'OwnerHyperparamUpdate',
      index: 1,
      fields: [
        ['', NetUid, 'NetUid'],
        ['', HyperparameterType, 'Hyperparameter'],
      ],
    },
    { name: 'NetworkLastRegistered', index: 2 },
    { name: 'LastTxBlock', index: 3, fields: AccountId32 },
    { name: 'LastTxBlockChildKeyTake', index: 4, fields: AccountId32 },
    { name: 'LastTxBlockDelegateTake', index: 5, fields: AccountId32 },
    { name: 'AddStakeBurn', index: 6, fields: NetUid },
  ],
);

/** TransactionType discriminants used as TransactionKeyLastBlock's third key. */
export const TX_SET_WEIGHTS_VERSION_KEY = 4;
export const TX_TEMPO_UPDATE = 11;

/** MIN_TEMPO: the owner's tempo floor, and the cool-down between two owner tempo changes. */
export const MIN_TEMPO = 360;
export const MAX_TEMPO = 50_400;

export const adminSubtensorStorage = {
  LastRateLimitedBlock: storageMap(
    P,
    'LastRateLimitedBlock',
    { hasher: 'Identity', type: RateLimitKey },
    u64,
    {
      default: 0n,
      docs: ['--- MAP ( RateLimitKey ) --> Block number in which the last rate limited operation occured'],
    },
  ),
  TransactionKeyLastBlock: storageNMap(
    P,
    'TransactionKeyLastBlock',
    [
      { hasher: 'Blake2_128Concat', type: AccountId32 },
      { hasher: 'Identity', type: NetUid },
      { hasher: 'Identity', type: u16 },
    ],
    u64,
    {
      default: 0n,
      docs: [
        '--- NMAP ( hot, netuid, name ) --> last_block | Last block of a transaction by key, netuid, type.',
      ],
    },
  ),
  MinAllowedUids: storageMap(P, 'MinAllowedUids', { hasher: 'Identity', type: NetUid }, u16, {
    default: 64,
    docs: ['--- MAP ( netuid ) --> min_allowed_uids'],
  }),
  MinActivityCutoff: storageValue(P, 'MinActivityCutoff', u16, {
    default: 360,
    docs: ['Lower bound of the (legacy) activity cutoff an owner may set.'],
  }),
  WeightsVersionKeyRateLimit: storageValue(P, 'WeightsVersionKeyRateLimit', u64, {
    default: 5n,
    docs: ['ITEM( weights_version_key_rate_limit ) --- Rate limit in tempos.'],
  }),
  OwnerCutAutoLockEnabled: storageMap(
    P,
    'OwnerCutAutoLockEnabled',
    { hasher: 'Identity', type: NetUid },
    bool,
    {
      default: true,
      docs: ['--- MAP ( netuid ) --> bool | Whether subnet owner cut should be auto-locked.'],
    },
  ),
};

const A = adminSubtensorStorage;

/** DefaultMaxAllowedUids (SubtensorInitialMaxAllowedUids): the cap on uids × mechanisms. */
export const DEFAULT_MAX_ALLOWED_UIDS = 256;

/** What a rate-limited owner action is recorded under. */
export type OwnerLimit = HyperparameterName | 'SetWeightsVersionKey' | 'TempoUpdate';

/** Actions recorded per (account, subnet, transaction type) rather than per subnet. */
const TRANSACTION_KEYED: Partial<Record<OwnerLimit, number>> = {
  SetWeightsVersionKey: TX_SET_WEIGHTS_VERSION_KEY,
  TempoUpdate: TX_TEMPO_UPDATE,
};

/**
 * ensure_subnet_owner_or_root: the subnet owner (returned) or root (undefined); any other signer
 * and unsigned origins are BadOrigin.
 */
export function ensureSubnetOwnerOrRoot(
  storage: ReadableStorage,
  origin: Origin,
  netuid: number,
): AccountId | undefined {
  if (origin.kind === 'root') return undefined;
  if (origin.kind === 'signed' && sameAccount(S.SubnetOwner.get(storage, netuid), origin.who))
    return origin.who;
  throw badOrigin();
}

function ownerLimitKey(netuid: number, limit: HyperparameterName): RateLimitKeyValue {
  return { tag: 'OwnerHyperparamUpdate', value: [netuid, { tag: limit, value: undefined }] };
}

/** Blocks an owner must wait between two updates of the same kind on a subnet. */
function ownerLimitBlocks(storage: ReadableStorage, netuid: number, limit: OwnerLimit): bigint {
  const tempo = BigInt(S.Tempo.get(storage, netuid));
  if (limit === 'TempoUpdate') return BigInt(MIN_TEMPO);
  if (limit === 'SetWeightsVersionKey') return tempo * A.WeightsVersionKeyRateLimit.get(storage);
  return tempo * BigInt(S.OwnerHyperparamRateLimit.get(storage));
}

function lastOwnerUpdate(
  storage: ReadableStorage,
  who: AccountId,
  netuid: number,
  limit: OwnerLimit,
): bigint {
  const txType = TRANSACTION_KEYED[limit];
  if (txType !== undefined) return A.TransactionKeyLastBlock.get(storage, who, netuid, txType);
  return A.LastRateLimitedBlock.get(storage, ownerLimitKey(netuid, limit as HyperparameterName));
}

/** check_passes_rate_limit: the first action (nothing recorded) always passes. */
function passesRateLimit(limit: bigint, now: bigint, last: bigint): boolean {
  const elapsed = now > last ? now - last : 0n;
  return last === 0n || elapsed >= limit;
}

/**
 * ensure_sn_owner_or_root_with_limits: owner-or-root, and an owner must also be past each listed
 * rate limit (root never is limited). Returns the owner, for recordOwnerRateLimit.
 */
export function ensureOwnerOrRootWithLimits(
  ctx: Context,
  origin: Origin,
  netuid: number,
  limits: readonly OwnerLimit[],
): AccountId | undefined {
  const owner = ensureSubnetOwnerOrRoot(ctx.storage, origin, netuid);
  if (owner !== undefined) ensureOwnerRateLimits(ctx, owner, netuid, limits);
  return owner;
}

/** TxRateLimitExceeded unless the owner is past each listed cool-down on the subnet. */
export function ensureOwnerRateLimits(
  ctx: Context,
  owner: AccountId,
  netuid: number,
  limits: readonly OwnerLimit[],
): void {
  for (const limit of limits) {
    const allowed = passesRateLimit(
      ownerLimitBlocks(ctx.storage, netuid, limit),
      ctx.blockNumber,
      lastOwnerUpdate(ctx.storage, owner, netuid, limit),
    );
    ensure(allowed, 'TxRateLimitExceeded');
  }
}

/** record_owner_rl: start the owner's cool-down for each listed action (root leaves no trace). */
export function recordOwnerRateLimit(
  ctx: Context,
  owner: AccountId | undefined,
  netuid: number,
  limits: readonly OwnerLimit[],
): void {
  if (owner === undefined) return;
  const storage: WritableStorage = ctx.storage;
  for (const limit of limits) {
    const txType = TRANSACTION_KEYED[limit];
    if (txType !== undefined) A.TransactionKeyLastBlock.set(storage, ctx.blockNumber, owner, netuid, txType);
    else
      A.LastRateLimitedBlock.set(
        storage,
        ctx.blockNumber,
        ownerLimitKey(netuid, limit as HyperparameterName),
      );
  }
}

/**
 * is_in_admin_freeze_window: the last AdminFreezeWindow blocks before the subnet's next automatic
 * epoch, and the whole countdown to an owner-triggered epoch, so weight setters see stable
 * parameters. Subnets with tempo 0 never run an epoch and never freeze.
 */
export function isInAdminFreezeWindow(storage: ReadableStorage, netuid: number, now: bigint): boolean {
  const tempo = S.Tempo.get(storage, netuid);
  if (tempo === 0) return false;
  const pending = S.PendingEpochAt.get(storage, netuid);
  if (pending > 0n && pending > now) return true;
  const remaining = blocksUntilNextAutoEpoch(tempo, now, S.LastEpochBlock.get(storage, netuid));
  return remaining < BigInt(S.AdminFreezeWindow.get(storage));
}

/** ensure_admin_window_open: applies to root and owner alike (subtensor makes no exception). */
export function ensureAdminWindowOpen(ctx: Context, netuid: number): void {
  ensure(
    !isInAdminFreezeWindow(ctx.storage, netuid, ctx.blockNumber),
    'AdminActionProhibitedDuringWeightsWindow',
  );
}
