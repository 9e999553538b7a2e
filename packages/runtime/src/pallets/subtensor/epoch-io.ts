/**
 * The bridge between chain state and @tao-ts/yuma: build an epoch's input from storage
 * (epoch_mechanism's reads) and persist its output (persist_mechanism_epoch_terms and
 * persist_netuid_epoch_terms).
 */
import { toU16Rows, type EpochInput, type EpochOutput, type U16Matrix } from '@tao-ts/yuma';
import type { Context } from '../../frame/pallet.js';
import type { ReadableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import { ROOT_NETUID, emit, storageIndex } from './module.js';
import { ownerUid } from './neurons.js';
import { stakeWeightOf } from './staking.js';
import { S } from './storage.js';
import { earliestUnexpiredCommitBlocks } from './weights.js';

/** Effective activity cutoff: factor (per mille) × tempo / 1000, at least 1 block. */
export function activityCutoffBlocks(storage: ReadableStorage, netuid: number): bigint {
  const factor = BigInt(S.ActivityCutoffFactorMilli.get(storage, netuid));
  const cutoff = (factor * BigInt(S.Tempo.get(storage, netuid))) / 1000n;
  return cutoff > 1n ? cutoff : 1n;
}

export function hotkeys(storage: ReadableStorage, netuid: number, n: number): AccountId[] {
  return Array.from({ length: n }, (_, uid) => S.Keys.get(storage, netuid, uid));
}

/** Stored u16 rows of uids 0..n-1, dropping columns outside the subnet (as get_weights_sparse). */
function rows(item: typeof S.Weights, storage: ReadableStorage, index: number, n: number): U16Matrix {
  let total = 0;
  const decoded = Array.from({ length: n }, (_, uid) => {
    const row = item.get(storage, index, uid).filter(([j]) => j < n);
    total += row.length;
    return row;
  });
  const start = new Uint32Array(n + 1);
  const uids = new Uint16Array(total);
  const values = new Uint16Array(total);
  let k = 0;
  decoded.forEach((row, i) => {
    for (const [j, v] of row) {
      uids[k] = j;
      values[k] = v;
      k += 1;
    }
    start[i + 1] = k;
  });
  return { start, uids, values };
}

function padded<T>(values: readonly T[], n: number, fill: T): T[] {
  return Array.from({ length: n }, (_, i) => (i < values.length ? (values[i] as T) : fill));
}

export function buildEpochInput(
  storage: ReadableStorage,
  netuid: number,
  blockNumber: bigint,
  raoEmission: bigint,
): EpochInput {
  const n = S.SubnetworkN.get(storage, netuid);
  const index = storageIndex(netuid);
  const keys = hotkeys(storage, netuid, n);
  const [alphaLow, alphaHigh] = S.AlphaValues.get(storage, netuid);
  const commitReveal = S.CommitRevealWeightsEnabled.get(storage, netuid);
  return {
    params: {
      currentBlock: blockNumber,
      tempo: S.Tempo.get(storage, netuid),
      activityCutoffBlocks: activityCutoffBlocks(storage, netuid),
      kappa: S.Kappa.get(storage, netuid),
      bondsPenalty: S.BondsPenalty.get(storage, netuid),
      bondsMovingAverage: S.BondsMovingAverage.get(storage, netuid),
      yuma3: S.Yuma3On.get(storage, netuid),
      liquidAlpha: S.LiquidAlphaOn.get(storage, netuid),
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: S.AlphaSigmoidSteepness.get(storage, netuid),
      maxAllowedValidators: S.MaxAllowedValidators.get(storage, netuid),
      stakeThreshold: S.StakeThreshold.get(storage),
      ownerUid: ownerUid(storage, netuid) ?? null,
      taoWeight: S.TaoWeight.get(storage),
      raoEmission,
      lastMechanismStepBlock: S.LastMechansimStepBlock.get(storage, netuid),
      commitRevealEnabled: commitReveal,
    },
    state: {
      blockAtRegistration: Array.from({ length: n }, (_, uid) =>
        S.Keys.exists(storage, netuid, uid) ? S.BlockAtRegistration.get(storage, netuid, uid) : 0n,
      ),
      lastUpdate: padded(S.LastUpdate.get(storage, index), n, 0n),
      alphaStake: keys.map((hotkey) => stakeWeightOf(storage, hotkey, netuid)),
      taoStake: keys.map((hotkey) => stakeWeightOf(storage, hotkey, ROOT_NETUID)),
      validatorPermits: padded(S.ValidatorPermit.get(storage, netuid), n, false),
      weights: rows(S.Weights, storage, index, n),
      bonds: rows(S.Bonds, storage, index, n),
      ...(commitReveal ? { commitBlocks: earliestUnexpiredCommitBlocks(storage, netuid, 0) } : {}),
    },
  };
}

/** Write an epoch's results back, as subtensor persists them. */
export function persistEpochOutput(ctx: Context, netuid: number, output: EpochOutput): void {
  const { storage } = ctx;
  const index = storageIndex(netuid);
  S.Incentive.set(storage, output.incentive, index);
  toU16Rows(output.bonds).forEach((row, uid) => S.Bonds.set(storage, row, index, uid));
  emit(ctx, 'IncentiveAlphaEmittedToMiners', { netuid: index, emissions: output.serverEmission });
  S.Active.set(storage, output.active, netuid);
  S.Emission.set(storage, output.emission, netuid);
  S.Consensus.set(storage, output.consensus, netuid);
  S.Dividends.set(storage, output.dividends, netuid);
  S.ValidatorTrust.set(storage, output.validatorTrust, netuid);
  S.ValidatorPermit.set(storage, output.newValidatorPermits, netuid);
  S.StakeWeight.set(storage, output.stakeWeight, netuid);
}
