/**
 * weighted_median_col_sparse on numbers: the same deterministic mid-pivot quickselect as
 * subtensor, over a column-major score table of the validators with positive stake. Partitions
 * carry (score, stake) values rather than indices so each pass reads contiguous memory.
 */
import { divFx, sumFx } from './arith.js';
import type { Arena } from './arena.js';
import type { Rows } from './rows.js';

/** Normalize (x / Σx unless Σx = 0), as inplace_normalize. */
export function normalizeFx(x: Float64Array): Float64Array {
  const total = sumFx(x);
  if (total === 0) return x.slice();
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = divFx(x[i] as number, total);
  return out;
}

class Partition {
  readonly score: Float64Array;
  readonly stake: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.score = new Float64Array(capacity);
    this.stake = new Float64Array(capacity);
  }
}

/**
 * Split (score, stake) pairs around the pivot into `lower` and `upper`, keeping their order
 * (equal scores are dropped), and return the stake below and above. Written without branches:
 * each pair is stored in both partitions and only the right one advances.
 */
function partition(
  scores: Float64Array,
  stakes: Float64Array,
  from: number,
  count: number,
  pivot: number,
  lower: Partition,
  upper: Partition,
): number {
  const ls = lower.score;
  const lk = lower.stake;
  const us = upper.score;
  const uk = upper.stake;
  let nl = 0;
  let nu = 0;
  let loStake = 0;
  let hiStake = 0;
  for (let k = 0; k < count; k++) {
    const s = scores[from + k] as number;
    const st = stakes[k] as number;
    ls[nl] = s;
    lk[nl] = st;
    us[nu] = s;
    uk[nu] = st;
    const isLow = +(s < pivot);
    const isHigh = +(s > pivot);
    nl += isLow;
    nu += isHigh;
    loStake += isLow * st;
    hiStake += isHigh * st;
  }
  lower.size = nl;
  upper.size = nu;
  partitionStakes[0] = loStake;
  partitionStakes[1] = hiStake;
  return nl;
}

/** Second result channel of partition() (returning an object per call would allocate). */
const partitionStakes = new Float64Array(2);

/**
 * One column's median; the column's scores start at `offset` in `scores`, its stakes are
 * `stake`. Mirrors math.rs weighted_median step for step (first partition = all rows).
 */
function weightedMedian(
  scores: Float64Array,
  offset: number,
  stake: Float64Array,
  minority: number,
  stakeSum: number,
  p: readonly [Partition, Partition, Partition],
): number {
  const limit = stake.length;
  let m = limit;
  let srcScore = scores;
  let srcStake = stake;
  let from = offset;
  let spare = p[0];
  let lower = p[1];
  let upper = p[2];
  let lo = 0;
  let hi = stakeSum;
  for (let iteration = 0; ;) {
    if (m === 0) return 0;
    if (m === 1) return srcScore[from] as number;
    const pivot = srcScore[from + (m >> 1)] as number;
    partition(srcScore, srcStake, from, m, pivot, lower, upper);
    const loStake = partitionStakes[0] as number;
    const hiStake = partitionStakes[1] as number;
    let chosen: Partition;
    if (minority < lo + loStake && lower.size > 0) {
      hi = lo + loStake;
      chosen = lower;
      lower = spare;
    } else if (hi - hiStake <= minority && upper.size > 0) {
      lo = hi - hiStake;
      chosen = upper;
      upper = spare;
    } else {
      return pivot;
    }
    // The chosen side is read next; the partition it came from is free for writing.
    spare = chosen;
    srcScore = chosen.score;
    srcStake = chosen.stake;
    from = 0;
    m = chosen.size;
    iteration += 1;
    if (iteration > limit) return 0;
  }
}

const TILE = 32;

/** Consensus: per column, the stake-weighted median of the positive-stake rows' weights. */
export function weightedMedianColumns(
  stake: Float64Array,
  weights: Rows,
  columns: number,
  majority: number,
  arena: Arena,
): Float64Array {
  const positive: number[] = [];
  for (let i = 0; i < stake.length; i++) if ((stake[i] as number) > 0) positive.push(i);
  const useStake = normalizeFx(Float64Array.from(positive, (i) => stake[i] as number));
  const stakeSum = sumFx(useStake);
  const minority = stakeSum - majority;
  const v = useStake.length;
  const median = new Float64Array(columns);
  if (v === 0) return median;
  // Row-major first (contiguous writes), then a tiled transpose to column-major.
  const byRow = arena.f64(v * columns).fill(0);
  positive.forEach((i, k) => {
    if (i >= weights.rowCount) return;
    const base = k * columns;
    for (let e = weights.start[i] as number, end = weights.start[i + 1] as number; e < end; e++) {
      byRow[base + (weights.col[e] as number)] = weights.val[e] as number;
    }
  });
  const byColumn = arena.f64(v * columns);
  for (let k0 = 0; k0 < v; k0 += TILE) {
    const k1 = Math.min(v, k0 + TILE);
    for (let c0 = 0; c0 < columns; c0 += TILE) {
      const c1 = Math.min(columns, c0 + TILE);
      for (let k = k0; k < k1; k++) {
        for (let c = c0; c < c1; c++) byColumn[c * v + k] = byRow[k * columns + c] as number;
      }
    }
  }
  const partitions: [Partition, Partition, Partition] = [
    new Partition(v),
    new Partition(v),
    new Partition(v),
  ];
  for (let c = 0; c < columns; c++)
    median[c] = weightedMedian(byColumn, c * v, useStake, minority, stakeSum, partitions);
  return median;
}
