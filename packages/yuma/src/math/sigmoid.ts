/** exp_safe, sigmoid_safe and the liquid-alpha sigmoid, exactly as subtensor computes them. */
import { fixedExp } from '@tao-ts/primitives';
import { F, ONE, ZERO } from './fixed32.js';
import { clampValue } from './vector.js';

const MIN_EXP_INPUT = -20n << 32n;
const MAX_EXP_INPUT = 20n << 32n;
const HALF = 1n << 31n;
const MINUS_100 = -100n << 32n;

/** exp with the input clamped to [-20, 20]; on overflow 0 for x <= 0, else I32F32::MAX. */
export function expSafe(input: bigint): bigint {
  let x = input;
  if (x < MIN_EXP_INPUT) x = MIN_EXP_INPUT;
  else if (MAX_EXP_INPUT < x) x = MAX_EXP_INPUT;
  const result = fixedExp(F, x);
  if (result !== undefined) return result;
  return x <= ZERO ? ZERO : F.max;
}

/** 1 / (1 + exp(-rho * (x - kappa))) */
export function sigmoidSafe(input: bigint, rho: bigint, kappa: bigint): bigint {
  const offset = F.saturatingSub(input, kappa);
  const negRho = F.saturatingMul(rho, F.saturatingNeg(ONE));
  const expOutput = expSafe(F.saturatingMul(negRho, offset));
  return F.safeDiv(ONE, F.saturatingAdd(expOutput, ONE));
}

/** 1 / (1 + exp_safe(exponent)) with saturating ops: the sigmoid inside alpha_sigmoid. */
export function liquidSigmoid(exponent: bigint): bigint {
  return F.saturatingDiv(ONE, F.saturatingAdd(ONE, expSafe(exponent)));
}

/** Per-bond EMA coefficient of liquid alpha (run_epoch.rs alpha_sigmoid). */
export function alphaSigmoid(
  consensus: bigint,
  weight: bigint,
  bond: bigint,
  alphaLow: bigint,
  alphaHigh: bigint,
  steepness: bigint,
): bigint {
  const diffBuy = clampValue(F.saturatingSub(weight, consensus), ZERO, ONE);
  const diffSell = clampValue(F.saturatingSub(bond, weight), ZERO, ONE);
  const combinedDiff = weight >= bond ? diffBuy : diffSell;
  const exponent = F.saturatingMul(
    F.saturatingDiv(steepness, MINUS_100),
    F.saturatingSub(combinedDiff, HALF),
  );
  const sigmoid = liquidSigmoid(exponent);
  const alpha = F.saturatingAdd(alphaLow, F.saturatingMul(sigmoid, F.saturatingSub(alphaHigh, alphaLow)));
  return clampValue(alpha, alphaLow, alphaHigh);
}
