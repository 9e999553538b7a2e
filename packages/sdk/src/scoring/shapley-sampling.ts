// Monte Carlo Shapley values by permutation sampling: for a uniformly random order of the players,
// each player's marginal contribution when it joins its predecessors is an unbiased sample of its
// Shapley value. Per-player mean and standard error come from Welford's running variance. Every
// sampled permutation's contributions sum to v(N) - v(∅), so the estimates keep efficiency exactly
// (up to rounding) whatever the sample size.
import type { Coalition, Plan } from './evaluate.js';
import { createRng } from './prng.js';

export interface SamplingOptions {
  /** PRNG seed; equal seeds give equal estimates (default 0). */
  readonly seed?: number;
  /** Stop after this many permutations (default 1000). */
  readonly maxPermutations?: number;
  /** Stop once every player's standard error is at or below this (checked after minPermutations). */
  readonly targetStandardError?: number;
  /** Permutations before the standard-error target is trusted (default 30). */
  readonly minPermutations?: number;
  /** Stop before starting a permutation once this many value calls were made. */
  readonly maxEvaluations?: number;
  /** Coalition values remembered across permutations (default 65536). */
  readonly cacheSize?: number;
}

export interface SamplingOutcome {
  readonly values: number[];
  readonly standardErrors: number[];
  readonly permutations: number;
  readonly evaluations: number;
  readonly grandValue: number;
  readonly emptyValue: number;
}

function positiveInteger(value: number | undefined, fallback: number, field: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`${field}: expected a positive integer, got ${v}`);
  }
  return v;
}

export function* samplingShapleyPlan(n: number, options: SamplingOptions = {}): Plan<SamplingOutcome> {
  const maxPermutations = positiveInteger(options.maxPermutations, 1000, 'maxPermutations');
  const minPermutations = positiveInteger(options.minPermutations, 30, 'minPermutations');
  const maxEvaluations = options.maxEvaluations ?? Infinity;
  const cacheSize = options.cacheSize ?? 65536;
  const target = options.targetStandardError;
  const rng = createRng(options.seed ?? 0);

  const cache = new Map<bigint, number>();
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n);
  let permutations = 0;
  let evaluations = 0;
  const order = Array.from({ length: n }, (_, i) => i);
  const prefixValues = new Float64Array(n + 1);
  const inPrefix = new Uint8Array(n);

  const standardErrors = (): number[] =>
    Array.from(m2, (m) => (permutations < 2 ? Infinity : Math.sqrt(m / (permutations - 1) / permutations)));

  while (permutations < maxPermutations && evaluations < maxEvaluations) {
    if (
      target !== undefined &&
      permutations >= minPermutations &&
      standardErrors().every((se) => se <= target)
    ) {
      break;
    }
    rng.shuffle(order);
    const masks: bigint[] = [0n];
    let mask = 0n;
    for (const p of order) masks.push((mask |= 1n << BigInt(p)));

    const missing: number[] = [];
    const batch: Coalition[] = [];
    inPrefix.fill(0);
    for (let k = 0; k <= n; k++) {
      if (k > 0) inPrefix[order[k - 1] as number] = 1;
      const known = cache.get(masks[k] as bigint);
      if (known === undefined) {
        missing.push(k);
        // Members in player order by scanning a membership table: O(n), where sorting was O(n log n).
        const members: number[] = [];
        for (let i = 0; i < n; i++) if (inPrefix[i]) members.push(i);
        batch.push(members);
      } else {
        prefixValues[k] = known;
      }
    }
    if (batch.length > 0) {
      const values = yield batch;
      evaluations += batch.length;
      missing.forEach((k, j) => {
        const v = values[j] as number;
        prefixValues[k] = v;
        // The empty and grand coalitions recur in every permutation: always keep them.
        if (cache.size < cacheSize || k === 0 || k === n) cache.set(masks[k] as bigint, v);
      });
    }

    permutations++;
    for (let k = 0; k < n; k++) {
      const player = order[k] as number;
      const x = (prefixValues[k + 1] as number) - (prefixValues[k] as number);
      const delta = x - (mean[player] as number);
      const updated = (mean[player] as number) + delta / permutations;
      mean[player] = updated;
      m2[player] = (m2[player] as number) + delta * (x - updated);
    }
  }
  return {
    values: Array.from(mean),
    standardErrors: standardErrors(),
    permutations,
    evaluations,
    grandValue: permutations > 0 ? (prefixValues[n] as number) : NaN,
    emptyValue: permutations > 0 ? (prefixValues[0] as number) : NaN,
  };
}
