/**
 * Epoch stages that are the same in every implementation (sparse reference, dense reference,
 * fast path): they run once per uid, so bigint exactness costs nothing here.
 */
import { I32F32, I64F64, I96F32, U96F32 } from '@tao-ts/primitives';
import {
  F,
  ZERO,
  fixed64ToFixed32,
  fixed64ToU64,
  fixedProportionToU16,
  isZero,
  normalize,
  normalize64,
  normalizeUsingSum,
  sum,
} from '../math/index.js';
import type { EpochParams, EpochState } from './types.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** TaoWeight / u64::MAX in U96F32, widened to I64F64 as get_stake_weights_for_network does. */
export function taoWeightI64F64(taoWeight: bigint): bigint {
  const fixed = U96F32.safeDiv(U96F32.saturatingFromInt(taoWeight), U96F32.saturatingFromInt(U64_MAX));
  return I64F64.saturatingFromFixed(U96F32, fixed);
}

/** total_i = alpha_i + tao_i * tao_weight (I64F64). */
export function totalStake(state: EpochState, taoWeight: bigint): bigint[] {
  const tw = taoWeightI64F64(taoWeight);
  return state.alphaStake.map((alpha, i) => {
    const a = I64F64.saturatingFromInt(alpha);
    const t = I64F64.saturatingFromInt(state.taoStake[i] ?? 0n);
    return I64F64.saturatingAdd(a, I64F64.saturatingMul(t, tw));
  });
}

/**
 * Stake below the threshold is zeroed (the owner is exempt in the production path), then the
 * vector is normalized in I64F64 and truncated to I32F32.
 */
export function normalizedStake(
  total: readonly bigint[],
  params: EpochParams,
  exemptOwner: boolean,
): bigint[] {
  const filtered = total.map((s, uid) => {
    const exempt = exemptOwner && params.ownerUid === uid;
    return !exempt && fixed64ToU64(s) < params.stakeThreshold ? 0n : s;
  });
  return normalize64(filtered).map(fixed64ToFixed32);
}

export function inactiveMask(state: EpochState, params: EpochParams): boolean[] {
  return state.lastUpdate.map((updated) => {
    const cutoff = updated + params.activityCutoffBlocks;
    return (cutoff > U64_MAX ? U64_MAX : cutoff) < params.currentBlock;
  });
}

/** LastMechansimStepBlock + 1, or current_block - tempo when no coinbase epoch ran yet. */
export function lastTempoBlock(params: EpochParams): bigint {
  if (params.lastMechanismStepBlock === 0n) {
    const t = params.currentBlock - BigInt(params.tempo);
    return t < 0n ? 0n : t;
  }
  const next = params.lastMechanismStepBlock + 1n;
  return next > U64_MAX ? U64_MAX : next;
}

export function kappaFixed(params: EpochParams): bigint {
  return F.safeDiv(BigInt(params.kappa) << 32n, 65_535n << 32n);
}

export function bondsPenaltyFixed(params: EpochParams): bigint {
  return F.safeDiv(BigInt(params.bondsPenalty) << 32n, 65_535n << 32n);
}

/** 1 - I32F32(I64F64(bonds_moving_average) / 1e6) — the classic (non-liquid) EMA coefficient. */
export function disabledLiquidAlpha(params: EpochParams): bigint {
  const bma = I64F64.safeDiv(I64F64.saturatingFromInt(params.bondsMovingAverage), I64F64.fromInt(1_000_000n));
  return F.saturatingSub(F.one, I32F32.saturatingFromFixed(I64F64, bma));
}

export interface EmissionSplit {
  readonly server: bigint[];
  readonly validator: bigint[];
  readonly combined: bigint[];
}

/** x * rao_emission in I96F32, floored to u64. */
function toRao(proportion: bigint, raoEmission: bigint): bigint {
  const amount = I96F32.saturatingMul(
    I96F32.saturatingFromFixed(I32F32, proportion),
    I96F32.saturatingFromInt(raoEmission),
  );
  return I96F32.saturatingToU64(amount);
}

/**
 * Servers get incentive, validators dividends, both normalized by Σ(I + D); when that sum is
 * zero the emission follows (active) stake instead.
 */
export function splitEmission(
  incentive: readonly bigint[],
  dividends: readonly bigint[],
  stake: readonly bigint[],
  activeStake: readonly bigint[],
  raoEmission: bigint,
): EmissionSplit {
  const combinedRaw = incentive.map((ii, i) => F.saturatingAdd(ii, dividends[i] ?? ZERO));
  const emissionSum = sum(combinedRaw);
  const server = normalizeUsingSum(incentive, emissionSum);
  let validator = normalizeUsingSum(dividends, emissionSum);
  let combined = normalize(combinedRaw);
  if (emissionSum === ZERO) {
    const fallback = isZero(activeStake) ? stake : activeStake;
    validator = fallback.slice();
    combined = fallback.slice();
  }
  return {
    server: server.map((x) => toRao(x, raoEmission)),
    validator: validator.map((x) => toRao(x, raoEmission)),
    combined: combined.map((x) => toRao(x, raoEmission)),
  };
}

export function toU16Proportions(values: readonly bigint[]): number[] {
  return values.map(fixedProportionToU16);
}

export function stakeToU64(total: readonly bigint[]): bigint[] {
  return total.map((s) => I64F64.saturatingToU64(s));
}
