/**
 * Commit-reveal v2 weight commitment (subtensor subnets/weights.rs get_commit_hash):
 * BlakeTwo256(SCALE(hotkey AccountId32, netuid_index u16, uids Vec<u16>, values Vec<u16>,
 * salt Vec<u16>, version_key u64)). The chain checks reveals against it and clients compute it
 * to commit, so both sides share this one definition.
 */
import { blake2b256 } from './hashes.js';
import { AccountId32, Tuple, Vector, u16, u64 } from './scale.js';

const CommitPreimage = Tuple(AccountId32, u16, Vector(u16), Vector(u16), Vector(u16), u64);

export interface WeightCommit {
  readonly hotkey: Uint8Array;
  /** mechanism id * 4096 + netuid */
  readonly netuidIndex: number;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint;
}

export function commitHashV2(commit: WeightCommit): { preimage: Uint8Array; hash: Uint8Array } {
  const preimage = CommitPreimage.enc([
    commit.hotkey,
    commit.netuidIndex,
    [...commit.uids],
    [...commit.values],
    [...commit.salt],
    commit.versionKey,
  ]);
  return { preimage, hash: blake2b256(preimage) };
}
