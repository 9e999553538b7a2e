/**
 * subtensor's own helpers on top of substrate_fixed (pallets/subtensor/src/epoch/math.rs): the
 * clamped exponential and sigmoid, and the u16 "proportion" conventions used to store weights,
 * bonds, incentive and friends.
 */
import { fixedExp } from './transcendental.js';
import { I32F32 } from './types.js';

const ONE = I32F32.one;
/** I32F32::from_num(u16::MAX) */
export const U16_MAX_FX = 65_535n << 32n;
const MIN_EXP_INPUT = -20n << 32n;
const MAX_EXP_INPUT = 20n << 32n;

export function u16ToFixed(x: number): bigint {
  return BigInt(x) << 32n;
}

/** u16 / 65535 as I32F32. */
export function u16ProportionToFixed(x: number): bigint {
  return I32F32.safeDiv(u16ToFixed(x), U16_MAX_FX);
}

export function fixedToFixedU16Proportion(x: bigint): bigint {
  return I32F32.safeDiv(x, U16_MAX_FX);
}

/** floor(x * 65535), saturating into u16: how the chain stores proportions. */
export function fixedProportionToU16(x: bigint): number {
  return I32F32.saturatingToU16(I32F32.saturatingMul(x, U16_MAX_FX));
}

/** exp with the input clamped to [-20, 20]; on overflow 0 for x <= 0, else I32F32::MAX. */
export function expSafe(input: bigint): bigint {
  let x = input;
  if (x < MIN_EXP_INPUT) x = MIN_EXP_INPUT;
  else if (MAX_EXP_INPUT < x) x = MAX_EXP_INPUT;
  const result = fixedExp(I32F32, x);
  if (result !== undefined) return result;
  return x <= 0n ? 0n : I32F32.max;
}

/** 1 / (1 + exp(-rho * (x - kappa))) with subtensor's saturating steps. */
export function sigmoidSafe(input: bigint, rho: bigint, kappa: bigint): bigint {
  const offset = I32F32.saturatingSub(input, kappa);
  const negRho = I32F32.saturatingMul(rho, I32F32.saturatingNeg(ONE));
  const expOutput = expSafe(I32F32.saturatingMul(negRho, offset));
  return I32F32.safeDiv(ONE, I32F32.saturatingAdd(expOutput, ONE));
}
