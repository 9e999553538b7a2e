// Weight helpers with bittensor's semantics (bittensor/utils/weight_utils.py): scaling float weights to
// the u16 values `set_weights` carries, the inverse, and the min-allowed / max-limit / quantile processing
// subnet validators run before emitting. Python's `round` is round-half-to-even, which matters: 32767.5
// becomes 32768 but 2.5 becomes 2.
import { LengthMismatchError, ValueRangeError } from './errors.js';
import { float32Sum } from './float32.js';

export const U16_MAX = 65535;

/** Python 3 `round(x)`: nearest integer, ties to even. `x - floor(x)` is exact for doubles. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `u16_normalized_float`: a chain u16 (consensus, incentive, trust…) as a float in [0, 1]. */
export function u16NormalizedFloat(x: number): number {
  if (!Number.isInteger(x) || x < 0 || x > U16_MAX) {
    throw new ValueRangeError('x', x, `an integer in [0, ${U16_MAX}]`);
  }
  return x / U16_MAX;
}

export interface EmitWeights {
  /** Destination uids, in input order, zero weights dropped. */
  readonly uids: number[];
  /** u16 weights, max-upscaled so the largest is 65535. */
  readonly values: number[];
}

function checkUid(uid: number, field: string): void {
  if (!Number.isInteger(uid) || uid < 0 || uid > U16_MAX) {
    throw new ValueRangeError(field, uid, `an integer uid in [0, ${U16_MAX}]`);
  }
}

function checkWeight(weight: number, field: string): void {
  if (!Number.isFinite(weight) || weight < 0) {
    throw new ValueRangeError(field, weight, 'a finite, non-negative weight');
  }
}

/**
 * `convert_weights_and_uids_for_emit`: divides by the largest weight, scales to 65535, rounds like Python
 * and drops the uids whose value rounds to 0. All-zero weights give nothing to set. Unlike bittensor
 * (which only rejects negatives), NaN/Infinity and uids outside u16 are rejected too, since the chain
 * would reject them later with a less helpful error. Pass a Float32Array to reproduce numpy float32 input.
 */
export function convertWeightsAndUidsForEmit(
  uids: ArrayLike<number>,
  weights: ArrayLike<number>,
): EmitWeights {
  if (uids.length !== weights.length) {
    throw new LengthMismatchError('uids', 'weights', uids.length, weights.length);
  }
  for (let i = 0; i < uids.length; i++) checkUid(uids[i] as number, `uids[${i}]`);
  const scaled = maxUpscaledWeights(weights);
  const out: EmitWeights = { uids: [], values: [] };
  scaled.forEach((x, i) => {
    const value = pythonRound(x);
    if (value !== 0) {
      out.uids.push(uids[i] as number);
      out.values.push(value);
    }
  });
  return out;
}

/**
 * The unrounded u16 scale of convertWeightsAndUidsForEmit: `(w / max) * 65535` in Python's operation
 * order, or [] when the weights sum to 0 (nothing to set on chain).
 */
export function maxUpscaledWeights(weights: ArrayLike<number>): number[] {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    checkWeight(w, `weights[${i}]`);
    if (w > max) max = w;
    sum += w;
  }
  if (sum === 0) return [];
  return Array.from(weights, (w) => (w / max) * U16_MAX);
}

/**
 * `convert_weight_uids_and_vals_to_tensor`: one chain weight row back to a float32 vector of length `n`
 * normalised by its sum (how the metagraph's W matrix is built).
 */
export function weightRowFromChain(
  n: number,
  uids: ArrayLike<number>,
  values: ArrayLike<number>,
): Float32Array {
  if (uids.length !== values.length) {
    throw new LengthMismatchError('uids', 'values', uids.length, values.length);
  }
  const row = new Float32Array(n);
  for (let i = 0; i < uids.length; i++) {
    const uid = uids[i] as number;
    if (!Number.isInteger(uid) || uid < 0 || uid >= n) {
      throw new ValueRangeError(`uids[${i}]`, uid, `an integer uid in [0, ${n - 1}]`);
    }
    row[uid] = values[i] as number;
  }
  const sum = float32Sum(row);
  if (sum > 0) for (let i = 0; i < n; i++) row[i] = (row[i] as number) / sum;
  return row;
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * `normalize_max_weight`: normalises to sum 1 while capping every entry at `limit`, by finding the
 * cutoff above which weights are clipped. Computed in float64 (bittensor runs it on numpy float32, so
 * results can differ in the last float32 bit).
 */
export function normalizeMaxWeight(x: ArrayLike<number>, limit = 0.1): number[] {
  const epsilon = 1e-7;
  const n = x.length;
  const weights = Array.from(x);
  weights.forEach((w, i) => checkWeight(w, `x[${i}]`));
  if (n === 0) return [];
  const total = sumOf(weights);
  if (total === 0 || n * limit <= 1) return weights.map(() => 1 / n);

  const values = [...weights].sort((a, b) => a - b);
  const valuesSum = sumOf(values);
  const estimation = values.map((v) => v / valuesSum);
  if (Math.max(...estimation) <= limit) return weights.map((w) => w / total);

  const cumsum: number[] = [];
  let running = 0;
  for (const e of estimation) cumsum.push((running += e));
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const e = estimation[i] as number;
    if (e / ((n - i - 1) * e + (cumsum[i] as number) + epsilon) < limit) nValues++;
  }
  // nValues >= 1 here: the smallest entry's ratio is about 1/n < limit because n * limit > 1.
  const cutoffScale = (limit * (cumsum[nValues - 1] as number) - epsilon) / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * valuesSum;
  const clipped = weights.map((w) => (w > cutoff ? cutoff : w));
  const clippedSum = sumOf(clipped);
  // A cutoff at or below zero (bittensor's epsilon outweighing subnormal weights) clips every entry
  // to the same value, which numpy normalises to uniform; where the product underflows to zero it
  // would divide 0 by 0 instead.
  if (!(clippedSum > 0)) return weights.map(() => 1 / n);
  return clipped.map((w) => w / clippedSum);
}

/** numpy's default ('linear') quantile of an unsorted sample, with numpy's two-sided lerp. */
export function quantileLinear(sample: readonly number[], q: number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  const t = pos - lo;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export interface ProcessWeightsOptions {
  /** Neurons on the subnet (metagraph.n). */
  readonly numNeurons: number;
  /** Subnet hyperparameter `min_allowed_weights`. */
  readonly minAllowedWeights: number;
  /** Subnet hyperparameter `max_weight_limit` as a float (MaxWeightsLimit / 65535). */
  readonly maxWeightLimit: number;
  /** Drop weights below this quantile, in u16 units like bittensor (0 = keep all). */
  readonly excludeQuantile?: number;
}

export interface ProcessedWeights {
  readonly uids: number[];
  readonly weights: number[];
}

/**
 * `process_weights` (what `process_weights_for_netuid` calls with the subnet's hyperparameters):
 * keeps the positive weights, pads to `minAllowedWeights` with tiny uniform weights when too few are
 * positive, drops the lowest quantile, then caps with `normalizeMaxWeight`. As in bittensor, the padding
 * branches index weights by position, so pass `uids = 0..n-1` (the metagraph's uids) in uid order.
 * Weights are rounded to float32 first as in bittensor; the rest runs in float64 (bittensor's main branch
 * runs in float32, so expect differences around 1e-7).
 */
export function processWeights(
  uids: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: ProcessWeightsOptions,
): ProcessedWeights {
  if (uids.length !== weights.length) {
    throw new LengthMismatchError('uids', 'weights', uids.length, weights.length);
  }
  const { numNeurons, minAllowedWeights, maxWeightLimit } = options;
  if (!Number.isInteger(numNeurons) || numNeurons < 0) {
    throw new ValueRangeError('numNeurons', numNeurons, 'a non-negative integer');
  }
  // bittensor casts the weights to float32 first (`weights.astype(np.float32)`).
  const w32 = Float32Array.from(weights);
  const nonZeroIdx: number[] = [];
  for (let i = 0; i < w32.length; i++) {
    const w = w32[i] as number;
    if (Number.isNaN(w)) throw new ValueRangeError(`weights[${i}]`, w, 'a number, not NaN');
    if (w > 0) nonZeroIdx.push(i);
  }
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

  if (nonZeroIdx.length === 0 || numNeurons < minAllowedWeights) {
    return { uids: range(numNeurons), weights: range(numNeurons).map(() => 1 / numNeurons) };
  }
  if (nonZeroIdx.length < minAllowedWeights) {
    const padded = range(numNeurons).map(() => 1e-5);
    for (const i of nonZeroIdx) {
      if (i >= numNeurons) {
        throw new ValueRangeError(`weights[${i}]`, i, `a position below numNeurons (${numNeurons})`);
      }
      padded[i] = (padded[i] as number) + (w32[i] as number);
    }
    return { uids: range(numNeurons), weights: normalizeMaxWeight(padded, maxWeightLimit) };
  }

  const nzUids = nonZeroIdx.map((i) => uids[i] as number);
  const nzWeights = nonZeroIdx.map((i) => w32[i] as number);
  const quantile = (options.excludeQuantile ?? 0) / U16_MAX;
  const maxExclude = Math.max(0, nzWeights.length - minAllowedWeights) / nzWeights.length;
  const lowest = quantileLinear(nzWeights, Math.min(quantile, maxExclude));
  const keep = nzWeights.map((w) => lowest <= w);
  return {
    uids: nzUids.filter((_, i) => keep[i]),
    weights: normalizeMaxWeight(
      nzWeights.filter((_, i) => keep[i]),
      maxWeightLimit,
    ),
  };
}
