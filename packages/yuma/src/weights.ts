/**
 * Pure weight-setting rules of subtensor (subnets/weights.rs) shared by the runtime's
 * set_weights checks and by clients that want to pre-validate before submitting.
 */
import { checkVecMaxLimited } from './math/vector.js';

/** Accepted iff the subnet has no version key, or the caller's is at least it. */
export function checkVersionKey(networkVersionKey: bigint, versionKey: bigint): boolean {
  return networkVersionKey === 0n || versionKey >= networkVersionKey;
}

/** Exactly one weight, and it is the caller's own uid (its value does not matter). */
export function isSelfWeight(uid: number, uids: readonly number[], weights: readonly number[]): boolean {
  return weights.length === 1 && uids[0] === uid;
}

/** A self weight (off the root network), or at least min(MinAllowedWeights, n) weights. */
export function checkWeightsLength(
  uid: number,
  uids: readonly number[],
  weights: readonly number[],
  minAllowedWeights: number,
  subnetworkN: number,
  isRoot = false,
): boolean {
  if (!isRoot && isSelfWeight(uid, uids, weights)) return true;
  return weights.length >= Math.min(subnetworkN, minAllowedWeights);
}

/** Self weights may exceed the limit; 65535 disables it; else the normalized max must fit. */
export function maxWeightLimited(
  uid: number,
  uids: readonly number[],
  weights: readonly number[],
  maxWeightLimit: number,
): boolean {
  if (isSelfWeight(uid, uids, weights)) return true;
  if (maxWeightLimit === 0xffff) return true;
  return checkVecMaxLimited(weights, maxWeightLimit);
}

export function hasDuplicateUids(uids: readonly number[]): boolean {
  return new Set(uids).size !== uids.length;
}
