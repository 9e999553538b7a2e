/**
 * subtensor's CheckWeights and CheckRateLimits guards (guards/check_weights.rs,
 * check_rate_limits.rs) for the weight calls: batch shapes, the weights min stake, reveal
 * preconditions and rate limits, checked before the call itself. On chain a failure here makes
 * the transaction invalid (InvalidTransaction::Custom, see CUSTOM_TX_ERRORS) so it never enters a
 * block; this runtime has no validation hook for pallets yet, so the calls run these first and
 * fail with the same error names.
 */
import type { ReadableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import type { SubtensorErrorName } from './errors.js';
import { ensure, fail, sameAccount } from './module.js';
import { commitHash, isRevealEpoch, type Reveal } from './commit-reveal.js';
import { uidOf } from './neurons.js';
import { checkRateLimit, currentBlock, hasWeightsMinStake } from './set-weights.js';
import { S } from './storage.js';

/** subtensor's CustomTransactionError codes for the errors these guards (and the take guard) raise. */
export const CUSTOM_TX_ERRORS: Partial<Record<SubtensorErrorName, number>> = {
  NotEnoughStakeToSetWeights: 1,
  CommittingWeightsTooFast: 6,
  SettingWeightsTooFast: 6,
  NoWeightsCommitFound: 16,
  RevealTooEarly: 17,
  InputLengthsUnequal: 18,
  HotKeyAccountNotExists: 4,
  NonAssociatedColdKey: 25,
  DelegateTakeTooLow: 26,
  DelegateTakeTooHigh: 27,
};

export function guardLengths(equal: boolean): void {
  ensure(equal, 'InputLengthsUnequal');
}

export function guardMinStake(storage: ReadableStorage, who: AccountId, netuids: readonly number[]): void {
  for (const netuid of netuids)
    ensure(hasWeightsMinStake(storage, who, netuid), 'NotEnoughStakeToSetWeights');
}

/** Rate limit of a registered hotkey (an unregistered one is left to the call to reject). */
export function guardRateLimit(
  storage: ReadableStorage,
  who: AccountId,
  netuid: number,
  netuidIndex: number,
  error: 'SettingWeightsTooFast' | 'CommittingWeightsTooFast',
): void {
  const uid = uidOf(storage, netuid, who);
  if (uid === undefined) return;
  ensure(checkRateLimit(storage, netuidIndex, uid, currentBlock(storage)), error);
}

/**
 * A reveal needs a stored commit with its hash (expired ones included: those fail as too early,
 * being outside their reveal epoch) in its reveal epoch.
 */
export function guardReveals(
  storage: ReadableStorage,
  who: AccountId,
  netuid: number,
  netuidIndex: number,
  reveals: readonly Reveal[],
): void {
  const commits = S.WeightCommits.tryGet(storage, netuidIndex, who);
  if (commits === undefined) throw fail('NoWeightsCommitFound');
  for (const r of reveals) {
    const hash = commitHash(who, netuidIndex, r.uids, r.values, r.salt, r.versionKey);
    const commit = commits.find(([h]) => sameAccount(h, hash));
    if (commit === undefined) throw fail('NoWeightsCommitFound');
    ensure(isRevealEpoch(storage, netuid, commit[1]), 'RevealTooEarly');
  }
}
