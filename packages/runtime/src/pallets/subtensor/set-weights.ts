/**
 * Setting weights (subnets/weights.rs internal_set_weights): a registered hotkey stores a row of
 * max-upscaled u16 weights over the subnet's uids, for one mechanism (sub-subnet) of a subnet.
 * The checks run in subtensor's order, since clients see which error comes first.
 */
import {
  checkVersionKey,
  checkWeightsLength,
  hasDuplicateUids,
  isSelfWeight,
  maxWeightLimited,
  vecU16MaxUpscaleToU16,
} from '@tao-ts/yuma';
import type { Context } from '../../frame/pallet.js';
import { SystemStorage } from '../../frame/system.js';
import type { ReadableStorage } from '../../storage/kv.js';
import { I64F64 } from '@tao-ts/primitives';
import type { AccountId } from '../../types/substrate.js';
import { MAX_SUBNETS, ROOT_NETUID, emit, ensure, fail, storageIndex } from './module.js';
import { ownerUid, setLastUpdateForUid, uidOf } from './neurons.js';
import { subnetExists } from './subnets.js';
import { totalStakeWeight } from './staking.js';
import { S } from './storage.js';

/** get_mechanism_storage_index (saturating at u16::MAX). */
export const mechanismIndex = (netuid: number, mecid: number): number => storageIndex(netuid, mecid);

/** The block being executed (frame_system's block number). */
export function currentBlock(storage: ReadableStorage): bigint {
  return BigInt(SystemStorage.Number.get(storage));
}

/** ensure_mechanism_exists: the subnet exists and mecid is below its mechanism count. */
export function ensureMechanismExists(storage: ReadableStorage, netuid: number, mecid: number): void {
  ensure(subnetExists(storage, netuid), 'MechanismDoesNotExist');
  ensure(mecid < S.MechanismCountCurrent.get(storage, netuid), 'MechanismDoesNotExist');
}

export function uidExists(storage: ReadableStorage, netuid: number, uid: number): boolean {
  return S.Keys.exists(storage, netuid, uid);
}

/**
 * check_weights_min_stake: the subnet owner's hotkey may always set weights; anyone else needs a
 * stake weight (alpha + TaoWeight × root stake) of at least StakeThreshold.
 */
export function hasWeightsMinStake(storage: ReadableStorage, hotkey: AccountId, netuid: number): boolean {
  const owner = ownerUid(storage, netuid);
  if (owner !== undefined && uidOf(storage, netuid, hotkey) === owner) return true;
  // A fixed-point value compared with an integer compares exactly (no conversion of the integer).
  return totalStakeWeight(storage, hotkey, netuid) >= S.StakeThreshold.get(storage) << I64F64.frac;
}

function lastUpdateOf(storage: ReadableStorage, netuidIndex: number, uid: number): bigint {
  return S.LastUpdate.get(storage, netuidIndex)[uid] ?? 0n;
}

/**
 * check_rate_limit: a uid that never set weights (LastUpdate 0) may; otherwise
 * WeightsSetRateLimit blocks must have passed. Unknown subnets, mechanisms or uids never pass.
 */
export function checkRateLimit(
  storage: ReadableStorage,
  netuidIndex: number,
  uid: number,
  now: bigint,
): boolean {
  const netuid = netuidIndex % MAX_SUBNETS;
  const mecid = Math.floor(netuidIndex / MAX_SUBNETS);
  if (!subnetExists(storage, netuid) || mecid >= S.MechanismCountCurrent.get(storage, netuid)) return false;
  if (!uidExists(storage, netuid, uid)) return false;
  const last = lastUpdateOf(storage, netuidIndex, uid);
  if (last === 0n) return true;
  const elapsed = now > last ? now - last : 0n;
  return elapsed >= S.WeightsSetRateLimit.get(storage, netuid);
}

function hasValidatorPermit(storage: ReadableStorage, netuid: number, uid: number): boolean {
  return S.ValidatorPermit.get(storage, netuid)[uid] ?? false;
}

export function commitRevealEnabled(storage: ReadableStorage, netuid: number): boolean {
  return S.CommitRevealWeightsEnabled.get(storage, netuid);
}

export interface WeightsInput {
  readonly netuid: number;
  readonly mecid: number;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
}

/**
 * internal_set_weights: validate and store a weight row for `hotkey`. With commit-reveal on (the
 * reveal path) there is no rate limit and LastUpdate is left to the commit.
 */
export function doSetWeights(ctx: Context, hotkey: AccountId, input: WeightsInput): void {
  const { storage } = ctx;
  const { netuid, mecid, uids, values, versionKey } = input;
  const netuidIndex = mechanismIndex(netuid, mecid);
  ensure(netuid !== ROOT_NETUID, 'CanNotSetRootNetworkWeights');
  ensure(uids.length === values.length, 'WeightVecNotEqualSize');
  ensureMechanismExists(storage, netuid, mecid);
  const n = S.SubnetworkN.get(storage, netuid);
  ensure(uids.length <= n, 'UidsLengthExceedUidsInSubNet');
  const uid = uidOf(storage, netuid, hotkey);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(hasWeightsMinStake(storage, hotkey, netuid), 'NotEnoughStakeToSetWeights');
  ensure(checkVersionKey(S.WeightsVersionKey.get(storage, netuid), versionKey), 'IncorrectWeightVersionKey');
  const commitReveal = commitRevealEnabled(storage, netuid);
  if (!commitReveal)
    ensure(checkRateLimit(storage, netuidIndex, uid, ctx.blockNumber), 'SettingWeightsTooFast');
  const selfWeight = isSelfWeight(uid, uids, values);
  ensure(
    selfWeight || ownerUid(storage, netuid) === uid || hasValidatorPermit(storage, netuid, uid),
    'NeuronNoValidatorPermit',
  );
  ensure(!hasDuplicateUids(uids), 'DuplicateUids');
  ensure(
    uids.every((u) => uidExists(storage, netuid, u)),
    'UidVecContainInvalidOne',
  );
  ensure(
    checkWeightsLength(uid, uids, values, S.MinAllowedWeights.get(storage, netuid), n, false),
    'WeightVecLengthIsLow',
  );
  const upscaled = vecU16MaxUpscaleToU16(values);
  ensure(maxWeightLimited(uid, uids, upscaled, S.MaxWeightsLimit.get(storage, netuid)), 'MaxWeightExceeded');
  S.Weights.set(
    storage,
    uids.map((u, i) => [u, upscaled[i] ?? 0] as [number, number]),
    netuidIndex,
    uid,
  );
  if (!commitReveal) setLastUpdateForUid(storage, netuidIndex, uid, ctx.blockNumber);
  emit(ctx, 'WeightsSet', [netuidIndex, uid]);
}
