/**
 * Registration price dynamics. Current chain: the burn decays every block by a Q32 factor with
 * f^half_life ≈ 1/2 and is multiplied after each registration. Legacy chain (used for PoW
 * difficulty): an interval adjustment towards a target registration rate, in U110F18.
 */
import { U110F18, U64F64 } from '@tao-ts/primitives';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const Q32_ONE = 1n << 32n;

/** (value * factor) >> 32, clamped to u64 (utils/misc.rs mul_by_q32). */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = Q32_ONE;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if ((power & 1) === 1) result = mulByQ32(result, factor);
    power >>>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayCache = new Map<number, bigint>();

/** Largest Q32 factor f with f^halfLife <= 1/2 (binary search, as the chain does). */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32_ONE;
  const cached = decayCache.get(halfLife);
  if (cached !== undefined) return cached;
  const half = 1n << 31n;
  let lo = 0n;
  let hi = Q32_ONE;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > half) hi = mid;
    else lo = mid;
  }
  decayCache.set(halfLife, lo);
  return lo;
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  if (value < min) return min;
  if (value > max) return max;
  return value;
}

export interface BurnBounds {
  readonly minBurn: bigint;
  readonly maxBurn: bigint;
}

/** The per-block burn update in on_initialize; decay applies only after block 1. */
export function decayBurn(burn: bigint, halfLife: number, currentBlock: bigint, bounds: BurnBounds): bigint {
  let next = burn;
  if (halfLife > 0 && currentBlock > 1n) next = mulByQ32(burn, decayFactorQ32(halfLife));
  return clamp(next, bounds.minBurn, bounds.maxBurn);
}

/** After a registration: burn * max(1, mult) in U64F64, floored and clamped. `mult` is U64F64 raw. */
export function bumpBurn(burn: bigint, multU64F64: bigint, bounds: BurnBounds): bigint {
  const mult = multU64F64 > U64F64.one ? multU64F64 : U64F64.one;
  const next = U64F64.saturatingToU64(U64F64.saturatingMul(U64F64.saturatingFromInt(burn), mult));
  return clamp(next, bounds.minBurn, bounds.maxBurn);
}

/**
 * BurnIncreaseMult default as U64F64 raw: subtensor's `U64F64::from_num(1.26)` converts the f64
 * nearest 1.26 (1.26000000000000000888…), which is not the decimal 1.26.
 */
export const DEFAULT_BURN_INCREASE_MULT = 23_242_897_532_874_035_200n;

/**
 * Legacy interval adjustment (upgraded_difficulty / upgraded_burn, ≤ 2026-01):
 * next = α·cur + (1−α)·cur·(r+t)/(2t), α = adjustmentAlpha / u64::MAX, clamped to [min, max].
 */
export function adjustTowardsTarget(
  current: bigint,
  registrationsThisInterval: number,
  targetRegistrationsPerInterval: number,
  adjustmentAlpha: bigint,
  min: bigint,
  max: bigint,
): bigint {
  const F = U110F18;
  const sumRegs = Math.min(registrationsThisInterval + targetRegistrationsPerInterval, 0xffff);
  const twiceTarget = Math.min(targetRegistrationsPerInterval * 2, 0xffff);
  const updated = F.safeDiv(
    F.saturatingMul(F.saturatingFromInt(current), F.saturatingFromInt(sumRegs)),
    F.saturatingFromInt(twiceTarget),
  );
  const alpha = F.safeDiv(F.saturatingFromInt(adjustmentAlpha), F.saturatingFromInt(U64_MAX));
  const next = F.saturatingAdd(
    F.saturatingMul(alpha, F.saturatingFromInt(current)),
    F.saturatingMul(F.saturatingSub(F.one, alpha), updated),
  );
  if (next >= F.saturatingFromInt(max)) return max;
  if (next <= F.saturatingFromInt(min)) return min;
  return F.saturatingToU64(next);
}
