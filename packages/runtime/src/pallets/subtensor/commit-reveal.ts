/**
 * Commit-reveal v2 (subnets/weights.rs): a validator first commits the hash of its weights, then
 * reveals them exactly RevealPeriodEpochs epochs later, so nobody can copy weights they have not
 * seen. Epochs are counted by SubnetEpochIndex; a commit or reveal in a block whose epoch is about
 * to fire (but has not yet, the coinbase having deferred it) belongs to the next epoch.
 */
import { commitHashV2 } from '@tao-ts/primitives';
import { isEpochDue } from '@tao-ts/yuma';
import type { DispatchError } from '../../frame/dispatch.js';
import type { Context } from '../../frame/pallet.js';
import type { ReadableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import { U64_MAX, emit, ensure, fail, sameAccount } from './module.js';
import {
  checkRateLimit,
  commitRevealEnabled,
  currentBlock,
  doSetWeights,
  ensureMechanismExists,
  mechanismIndex,
} from './set-weights.js';
import { setLastUpdateForUid, uidOf } from './neurons.js';
import { S } from './storage.js';

/** Unrevealed commits a hotkey may hold per mechanism. */
export const MAX_PENDING_COMMITS = 10;

/** (hash, commit epoch, commit block, unused reveal bound) as stored in WeightCommits. */
export type Commit = [hash: Uint8Array, commitEpoch: bigint, commitBlock: bigint, unused: bigint];

const min64 = (value: bigint): bigint => (value > U64_MAX ? U64_MAX : value);

/**
 * current_epoch_with_lookahead: SubnetEpochIndex, plus one when the subnet's epoch slot is due in
 * the current block (should_run_epoch) but has not been consumed yet.
 */
export function currentEpochWithLookahead(storage: ReadableStorage, netuid: number): bigint {
  const base = S.SubnetEpochIndex.get(storage, netuid);
  const due = isEpochDue({
    tempo: S.Tempo.get(storage, netuid),
    block: currentBlock(storage),
    lastEpochBlock: S.LastEpochBlock.get(storage, netuid),
    blocksSinceLastStep: S.BlocksSinceLastStep.get(storage, netuid),
    pendingEpochAt: S.PendingEpochAt.get(storage, netuid),
  });
  return due ? min64(base + 1n) : base;
}

/** A commit has expired once the current epoch is past its reveal epoch. */
export function isCommitExpired(storage: ReadableStorage, netuid: number, commitEpoch: bigint): boolean {
  const revealEpoch = min64(commitEpoch + S.RevealPeriodEpochs.get(storage, netuid));
  return currentEpochWithLookahead(storage, netuid) > revealEpoch;
}

/** is_reveal_block_range: a commit may be revealed only in exactly its reveal epoch. */
export function isRevealEpoch(storage: ReadableStorage, netuid: number, commitEpoch: bigint): boolean {
  const revealEpoch = min64(commitEpoch + S.RevealPeriodEpochs.get(storage, netuid));
  return currentEpochWithLookahead(storage, netuid) === revealEpoch;
}

/**
 * Per uid of the subnet, the block of the hotkey's earliest unexpired commit on this mechanism,
 * or null. The epoch masks weights to uids registered after a validator committed (its weights
 * could not have known them).
 */
export function earliestUnexpiredCommitBlocks(
  storage: ReadableStorage,
  netuid: number,
  mecid: number,
): (bigint | null)[] {
  const blocks: (bigint | null)[] = new Array<bigint | null>(S.SubnetworkN.get(storage, netuid)).fill(null);
  for (const [[who], commits] of S.WeightCommits.entries(storage, mechanismIndex(netuid, mecid))) {
    const uid = uidOf(storage, netuid, who as AccountId);
    const live = commits.find(([, epoch]) => !isCommitExpired(storage, netuid, epoch));
    if (uid === undefined || uid >= blocks.length || live === undefined) continue;
    const current = blocks[uid] ?? null;
    blocks[uid] = current === null || live[2] < current ? live[2] : current;
  }
  return blocks;
}

export function commitHash(
  hotkey: AccountId,
  netuidIndex: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): Uint8Array {
  return commitHashV2({ hotkey, netuidIndex, uids, values, salt, versionKey }).hash;
}

/** Drop the expired commits at the front of the queue, returning what is left and their hashes. */
function dropExpired(
  storage: ReadableStorage,
  netuid: number,
  commits: readonly Commit[],
): { live: Commit[]; expired: Uint8Array[] } {
  let k = 0;
  while (k < commits.length && isCommitExpired(storage, netuid, (commits[k] as Commit)[1])) k += 1;
  return { live: commits.slice(k), expired: commits.slice(0, k).map(([hash]) => hash) };
}

const holds = (hashes: readonly Uint8Array[], hash: Uint8Array): boolean =>
  hashes.some((h) => sameAccount(h, hash));

/** internal_commit_weights: queue a weight hash for a later reveal. */
export function doCommitWeights(
  ctx: Context,
  who: AccountId,
  netuid: number,
  mecid: number,
  hash: Uint8Array,
): void {
  const { storage } = ctx;
  ensureMechanismExists(storage, netuid, mecid);
  const netuidIndex = mechanismIndex(netuid, mecid);
  ensure(commitRevealEnabled(storage, netuid), 'CommitRevealDisabled');
  const uid = uidOf(storage, netuid, who);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(checkRateLimit(storage, netuidIndex, uid, ctx.blockNumber), 'CommittingWeightsTooFast');
  const commitEpoch = currentEpochWithLookahead(storage, netuid);
  const { live } = dropExpired(storage, netuid, S.WeightCommits.tryGet(storage, netuidIndex, who) ?? []);
  ensure(live.length < MAX_PENDING_COMMITS, 'TooManyUnrevealedCommits');
  live.push([hash, commitEpoch, ctx.blockNumber, 0n]);
  S.WeightCommits.set(storage, live, netuidIndex, who);
  emit(ctx, 'WeightsCommitted', [who, netuidIndex, hash]);
  // The commit counts as weight-setting activity (and for the rate limit).
  setLastUpdateForUid(storage, netuidIndex, uid, ctx.blockNumber);
}

export interface Reveal {
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint;
}

function storeCommits(ctx: Context, netuidIndex: number, who: AccountId, commits: Commit[]): void {
  if (commits.length === 0) S.WeightCommits.remove(ctx.storage, netuidIndex, who);
  else S.WeightCommits.set(ctx.storage, commits, netuidIndex, who);
}

/**
 * internal_reveal_weights: reveal one commit in its reveal epoch and set those weights. The
 * revealed commit and every commit queued before it are consumed.
 */
export function doRevealWeights(
  ctx: Context,
  who: AccountId,
  netuid: number,
  mecid: number,
  reveal: Reveal,
): void {
  const { storage } = ctx;
  const netuidIndex = mechanismIndex(netuid, mecid);
  ensure(commitRevealEnabled(storage, netuid), 'CommitRevealDisabled');
  const stored = S.WeightCommits.tryGet(storage, netuidIndex, who);
  if (stored === undefined) throw fail('NoWeightsCommitFound');
  const { live, expired } = dropExpired(storage, netuid, stored);
  const hash = commitHash(who, netuidIndex, reveal.uids, reveal.values, reveal.salt, reveal.versionKey);
  if (live.length === 0) throw fail(holds(expired, hash) ? 'ExpiredWeightCommit' : 'NoWeightsCommitFound');
  const position = live.findIndex(([h]) => sameAccount(h, hash));
  if (position < 0)
    throw fail(holds(expired, hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  ensure(isRevealEpoch(storage, netuid, (live[position] as Commit)[1]), 'RevealTooEarly');
  doSetWeights(ctx, who, {
    netuid,
    mecid,
    uids: reveal.uids,
    values: reveal.values,
    versionKey: reveal.versionKey,
  });
  storeCommits(ctx, netuidIndex, who, live.slice(position + 1));
  emit(ctx, 'WeightsRevealed', [who, netuidIndex, hash]);
}

/**
 * do_batch_reveal_weights (main mechanism): every reveal is validated before any is applied;
 * each consumes only its own commit.
 */
export function doBatchRevealWeights(
  ctx: Context,
  who: AccountId,
  netuid: number,
  reveals: readonly Reveal[],
): void {
  const { storage } = ctx;
  const netuidIndex = mechanismIndex(netuid, 0);
  ensure(commitRevealEnabled(storage, netuid), 'CommitRevealDisabled');
  const stored = S.WeightCommits.tryGet(storage, netuidIndex, who);
  if (stored === undefined) throw fail('NoWeightsCommitFound');
  const { live, expired } = dropExpired(storage, netuid, stored);
  const hashes = reveals.map((r) => commitHash(who, netuidIndex, r.uids, r.values, r.salt, r.versionKey));
  const notFound = (hash: Uint8Array): DispatchError =>
    fail(holds(expired, hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  for (const hash of hashes) {
    const commit = live.find(([h]) => sameAccount(h, hash));
    if (commit === undefined) throw notFound(hash);
    ensure(isRevealEpoch(storage, netuid, commit[1]), 'RevealTooEarly');
  }
  const revealed: Uint8Array[] = [];
  reveals.forEach((reveal, i) => {
    const hash = hashes[i] as Uint8Array;
    const position = live.findIndex(([h]) => sameAccount(h, hash));
    // A hash listed twice finds its commit already consumed the second time.
    if (position < 0) throw notFound(hash);
    live.splice(position, 1);
    doSetWeights(ctx, who, {
      netuid,
      mecid: 0,
      uids: reveal.uids,
      values: reveal.values,
      versionKey: reveal.versionKey,
    });
    revealed.push(hash);
  });
  storeCommits(ctx, netuidIndex, who, live);
  emit(ctx, 'WeightsBatchRevealed', [who, netuid, revealed]);
}
