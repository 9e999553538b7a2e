/** The liquid-alpha sigmoid, exactly as subtensor computes it (exp_safe and sigmoid_safe live in primitives). */
import { expSafe } from '@tao-ts/primitives';
import { F, ONE, ZERO } from './fixed32.js';
import { clampValue } from './vector.js';

export { expSafe, sigmoidSafe } from '@tao-ts/primitives';

const HALF = 1n << 31n;
const MINUS_100 = -100n << 32n;

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
