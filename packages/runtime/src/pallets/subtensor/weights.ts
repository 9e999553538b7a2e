/**
 * SubtensorModule weight calls: plain set_weights (subnets without commit-reveal), commit-reveal
 * v2 commits and reveals, their per-mechanism and batch forms. All are free (Pays::No): setting
 * weights is how validators do their job. The logic lives in set-weights.ts and commit-reveal.ts.
 */
import { DispatchError, ensureSigned } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';
import { H256, type AccountId } from '../../types/substrate.js';
import { compact, tuple, u16, u64, vec } from '../../types/type.js';
import { doBatchRevealWeights, doCommitWeights, doRevealWeights, type Reveal } from './commit-reveal.js';
import { emit, fail } from './module.js';
import { commitRevealEnabled, doSetWeights, mechanismIndex } from './set-weights.js';
import { MechId, NetUid } from './types.js';
import { guardLengths, guardMinStake, guardRateLimit, guardReveals } from './weights-guard.js';

export {
  currentEpochWithLookahead,
  earliestUnexpiredCommitBlocks,
  isCommitExpired,
  isRevealEpoch,
} from './commit-reveal.js';

/** Per uid in a weight row: set_weights is benchmarked at 15.5 ms for 4096 uids. */
const PER_UID_WEIGHT = 3_763_088n;
const rowWeight = (base: bigint, uids: number): bigint => base + PER_UID_WEIGHT * BigInt(uids);

/** A batch: per-item failures are reported as events; the batch itself succeeds. */
function runBatch(
  ctx: Context,
  who: AccountId,
  netuids: readonly number[],
  item: (netuid: number, index: number) => void,
): void {
  const failures: [number, DispatchError][] = [];
  netuids.forEach((netuid, i) => {
    try {
      item(netuid, i);
    } catch (error) {
      // Items check before they write, so a failed one leaves no state behind.
      if (!(error instanceof DispatchError)) throw error;
      failures.push([netuid, error]);
    }
  });
  if (failures.length > 0) emit(ctx, 'BatchCompletedWithErrors', []);
  for (const [netuid, error] of failures) emit(ctx, 'BatchWeightItemFailed', [netuid, error.value]);
  emit(ctx, 'BatchWeightsCompleted', [netuids, who]);
}

interface SetWeightsArgs {
  netuid: number;
  dests: number[];
  weights: number[];
  version_key: bigint;
}

interface SetMechanismWeightsArgs extends SetWeightsArgs {
  mecid: number;
}

interface BatchSetWeightsArgs {
  netuids: number[];
  weights: [number, number][][];
  version_keys: bigint[];
}

interface CommitArgs {
  netuid: number;
  commit_hash: Uint8Array;
}

interface CommitMechanismArgs extends CommitArgs {
  mecid: number;
}

interface BatchCommitArgs {
  netuids: number[];
  commit_hashes: Uint8Array[];
}

interface RevealArgs {
  netuid: number;
  uids: number[];
  values: number[];
  salt: number[];
  version_key: bigint;
}

interface RevealMechanismArgs extends RevealArgs {
  mecid: number;
}

interface BatchRevealArgs {
  netuid: number;
  uids_list: number[][];
  values_list: number[][];
  salts_list: number[][];
  version_keys: bigint[];
}

const U16s = vec(u16);

/** set_weights / set_mechanism_weights after the guards: plain weights need commit-reveal off. */
function setWeightsCall(ctx: Context, who: AccountId, args: SetWeightsArgs, mecid: number): void {
  const { storage } = ctx;
  const commitReveal = commitRevealEnabled(storage, args.netuid);
  guardMinStake(storage, who, [args.netuid]);
  if (!commitReveal) {
    guardRateLimit(storage, who, args.netuid, mechanismIndex(args.netuid, mecid), 'SettingWeightsTooFast');
  }
  if (commitReveal) throw fail('CommitRevealEnabled');
  doSetWeights(ctx, who, {
    netuid: args.netuid,
    mecid,
    uids: args.dests,
    values: args.weights,
    versionKey: args.version_key,
  });
}

function commitCall(ctx: Context, who: AccountId, args: CommitArgs, mecid: number): void {
  guardMinStake(ctx.storage, who, [args.netuid]);
  guardRateLimit(
    ctx.storage,
    who,
    args.netuid,
    mechanismIndex(args.netuid, mecid),
    'CommittingWeightsTooFast',
  );
  doCommitWeights(ctx, who, args.netuid, mecid, args.commit_hash);
}

function revealCall(ctx: Context, who: AccountId, args: RevealArgs, mecid: number): void {
  const reveal: Reveal = {
    uids: args.uids,
    values: args.values,
    salt: args.salt,
    versionKey: args.version_key,
  };
  guardMinStake(ctx.storage, who, [args.netuid]);
  guardReveals(ctx.storage, who, args.netuid, mechanismIndex(args.netuid, mecid), [reveal]);
  doRevealWeights(ctx, who, args.netuid, mecid, reveal);
}

export const weightsCalls: AnyCallDef[] = [
  call<SetWeightsArgs>({
    name: 'set_weights',
    index: 0,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['dests', U16s, 'Vec<u16>'],
      ['weights', U16s, 'Vec<u16>'],
      ['version_key', u64, 'u64'],
    ],
    docs: ['Set the calling hotkey\u2019s weights on a subnet without commit-reveal (main mechanism).'],
    weight: (a) => rowWeight(100_000_000n, a.dests.length),
    pays: 'No',
    dispatch: (ctx, origin, args) => setWeightsCall(ctx, ensureSigned(origin), args, 0),
  }),
  call<BatchSetWeightsArgs>({
    name: 'batch_set_weights',
    index: 80,
    args: [
      ['netuids', vec(compact(u16)), 'Vec<Compact<NetUid>>'],
      ['weights', vec(vec(tuple(compact(u16), compact(u16)))), 'Vec<Vec<(Compact<u16>, Compact<u16>)>>'],
      ['version_keys', vec(compact(u64)), 'Vec<Compact<u64>>'],
    ],
    docs: ['Set weights on several subnets; items that fail are reported and skipped.'],
    weight: (a) => a.weights.reduce((sum, row) => sum + rowWeight(103_092_000n, row.length), 103_092_000n),
    pays: 'No',
    dispatch: (ctx, origin, { netuids, weights, version_keys }) => {
      const who = ensureSigned(origin);
      guardLengths(netuids.length === weights.length && netuids.length === version_keys.length);
      guardMinStake(ctx.storage, who, netuids);
      runBatch(ctx, who, netuids, (netuid, i) => {
        if (commitRevealEnabled(ctx.storage, netuid)) throw fail('CommitRevealEnabled');
        const row = weights[i] ?? [];
        doSetWeights(ctx, who, {
          netuid,
          mecid: 0,
          uids: row.map(([uid]) => uid),
          values: row.map(([, value]) => value),
          versionKey: version_keys[i] ?? 0n,
        });
      });
    },
  }),
  call<CommitArgs>({
    name: 'commit_weights',
    index: 96,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['commit_hash', H256, 'H256'],
    ],
    docs: ['Commit the hash of weights to reveal RevealPeriodEpochs epochs later (commit-reveal v2).'],
    weight: () => 69_049_000n,
    pays: 'No',
    dispatch: (ctx, origin, args) => commitCall(ctx, ensureSigned(origin), args, 0),
  }),
  call<RevealArgs>({
    name: 'reveal_weights',
    index: 97,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['uids', U16s, 'Vec<u16>'],
      ['values', U16s, 'Vec<u16>'],
      ['salt', U16s, 'Vec<u16>'],
      ['version_key', u64, 'u64'],
    ],
    docs: ['Reveal committed weights in their reveal epoch, setting them.'],
    weight: (a) => rowWeight(111_227_000n, a.uids.length),
    pays: 'No',
    dispatch: (ctx, origin, args) => revealCall(ctx, ensureSigned(origin), args, 0),
  }),
  call<BatchRevealArgs>({
    name: 'batch_reveal_weights',
    index: 98,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['uids_list', vec(U16s), 'Vec<Vec<u16>>'],
      ['values_list', vec(U16s), 'Vec<Vec<u16>>'],
      ['salts_list', vec(U16s), 'Vec<Vec<u16>>'],
      ['version_keys', vec(u64), 'Vec<u64>'],
    ],
    docs: ['Reveal several commits at once; all must be valid or none is applied.'],
    weight: (a) => a.uids_list.reduce((sum, uids) => sum + rowWeight(0n, uids.length), 421_363_000n),
    pays: 'No',
    dispatch: (ctx, origin, args) => {
      const n = args.uids_list.length;
      const equal =
        n === args.values_list.length && n === args.salts_list.length && n === args.version_keys.length;
      const reveals: Reveal[] = args.uids_list.map((uids, i) => ({
        uids,
        values: args.values_list[i] ?? [],
        salt: args.salts_list[i] ?? [],
        versionKey: args.version_keys[i] ?? 0n,
      }));
      // Both the guard and the call check the shapes first (the call even before the origin).
      guardLengths(equal);
      const who = ensureSigned(origin);
      guardMinStake(ctx.storage, who, [args.netuid]);
      guardReveals(ctx.storage, who, args.netuid, mechanismIndex(args.netuid, 0), reveals);
      doBatchRevealWeights(ctx, who, args.netuid, reveals);
    },
  }),
  call<BatchCommitArgs>({
    name: 'batch_commit_weights',
    index: 100,
    args: [
      ['netuids', vec(compact(u16)), 'Vec<Compact<NetUid>>'],
      ['commit_hashes', vec(H256), 'Vec<H256>'],
    ],
    docs: ['Commit weight hashes on several subnets; items that fail are reported and skipped.'],
    weight: (a) => 147_224_000n * BigInt(Math.max(1, a.netuids.length)),
    pays: 'No',
    dispatch: (ctx, origin, { netuids, commit_hashes }) => {
      const who = ensureSigned(origin);
      guardLengths(netuids.length === commit_hashes.length);
      guardMinStake(ctx.storage, who, netuids);
      runBatch(ctx, who, netuids, (netuid, i) =>
        doCommitWeights(ctx, who, netuid, 0, commit_hashes[i] ?? new Uint8Array(32)),
      );
    },
  }),
  call<CommitMechanismArgs>({
    name: 'commit_mechanism_weights',
    index: 115,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['mecid', MechId, 'MechId'],
      ['commit_hash', H256, 'H256'],
    ],
    docs: ['commit_weights for one mechanism (sub-subnet) of a subnet.'],
    weight: () => 55_130_000n,
    pays: 'No',
    dispatch: (ctx, origin, args) => commitCall(ctx, ensureSigned(origin), args, args.mecid),
  }),
  call<RevealMechanismArgs>({
    name: 'reveal_mechanism_weights',
    index: 116,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['mecid', MechId, 'MechId'],
      ['uids', U16s, 'Vec<u16>'],
      ['values', U16s, 'Vec<u16>'],
      ['salt', U16s, 'Vec<u16>'],
      ['version_key', u64, 'u64'],
    ],
    docs: ['reveal_weights for one mechanism (sub-subnet) of a subnet.'],
    weight: (a) => rowWeight(122_000_000n, a.uids.length),
    pays: 'No',
    dispatch: (ctx, origin, args) => revealCall(ctx, ensureSigned(origin), args, args.mecid),
  }),
  call<SetMechanismWeightsArgs>({
    name: 'set_mechanism_weights',
    index: 119,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['mecid', MechId, 'MechId'],
      ['dests', U16s, 'Vec<u16>'],
      ['weights', U16s, 'Vec<u16>'],
      ['version_key', u64, 'u64'],
    ],
    docs: ['set_weights for one mechanism (sub-subnet) of a subnet.'],
    weight: (a) => rowWeight(100_000_000n, a.dests.length),
    pays: 'No',
    dispatch: (ctx, origin, args) => setWeightsCall(ctx, ensureSigned(origin), args, args.mecid),
  }),
];

/** Storage items declared by this module (besides storage.ts). */
export const weightsStorage: { meta: StorageItemMeta }[] = [];
