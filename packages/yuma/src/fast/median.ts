/**
 * weighted_median_col_sparse on numbers, over a column-major score table of the validators with
 * positive stake. Partitions carry (score, stake) values rather than indices so each pass reads
 * contiguous memory.
 *
 * subtensor's mid-pivot quickselect returns, for 0 <= minority < Σstake, the unique score q with
 * stake(< q) <= minority < stake(<= q): a partition always covers the stake positions [lo, hi)
 * with lo <= minority < hi, and the search only descends into a side whose stake range holds
 * minority (which is then non-empty). For minority < 0 it descends to the smallest score, for
 * minority >= Σstake to the largest. So any narrowing that keeps (lo, hi) right gives the same
 * value; columns first go to one of four buckets split by sampled pivots, and the quickselect
 * runs on the bucket holding minority only.
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
  stakeFrom: number,
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
    const st = stakes[stakeFrom + k] as number;
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
  return select(scores, stake, offset, 0, stake.length, 0, stakeSum, minority, p);
}

/**
 * The quickselect from a partition of m (score, stake) pairs (scores from `from`, stakes from
 * `stakeFrom`) covering stake positions [lo, hi).
 */
function select(
  scores: Float64Array,
  stakes: Float64Array,
  from: number,
  stakeFrom: number,
  m: number,
  lo: number,
  hi: number,
  minority: number,
  p: readonly [Partition, Partition, Partition],
): number {
  const limit = m;
  let srcScore = scores;
  let srcStake = stakes;
  let spare = p[0];
  let lower = p[1];
  let upper = p[2];
  for (let iteration = 0; ;) {
    if (m === 0) return 0;
    if (m === 1) return srcScore[from] as number;
    const pivot = srcScore[from + (m >> 1)] as number;
    partition(srcScore, srcStake, from, stakeFrom, m, pivot, lower, upper);
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
    stakeFrom = 0;
    m = chosen.size;
    iteration += 1;
    if (iteration > limit) return 0;
  }
}

/** Four buckets of up to `capacity` pairs each, bucket b from b·capacity, their counts and stakes. */
class Buckets {
  readonly score: Float64Array;
  readonly stake: Float64Array;
  readonly count = new Int32Array(4);
  readonly total = new Float64Array(4);
  readonly sample = new Float64Array(7);
  /** After split(): the stake of the buckets before the chosen one. */
  lo = 0;
  constructor(readonly capacity: number) {
    this.score = new Float64Array(4 * capacity);
    this.stake = new Float64Array(4 * capacity);
  }

  /**
   * Splits the m pairs at scores[scoreFrom..], stakes[stakeFrom..] (covering stake positions
   * from lo, with lo <= minority < lo + their stake) into four buckets: three pivots, the 2nd,
   * 4th and 6th of seven scores sampled across them, separate scores <= p0, (p0, p1], (p1, p2]
   * and > p2. Returns the bucket where the running stake passes minority (it holds the median)
   * and leaves the stake before it in `lo`.
   */
  split(
    scores: Float64Array,
    scoreFrom: number,
    stakes: Float64Array,
    stakeFrom: number,
    m: number,
    lo: number,
    minority: number,
  ): number {
    const { sample, count, total, capacity } = this;
    for (let j = 0; j < 7; j++) {
      const s = scores[scoreFrom + Math.floor(((2 * j + 1) * m) / 14)] as number;
      let at = j;
      while (at > 0 && (sample[at - 1] as number) > s) {
        sample[at] = sample[at - 1] as number;
        at -= 1;
      }
      sample[at] = s;
    }
    const p0 = sample[1] as number;
    const p1 = sample[3] as number;
    const p2 = sample[5] as number;
    count.fill(0);
    total.fill(0);
    const bs = this.score;
    const bk = this.stake;
    for (let k = 0; k < m; k++) {
      const s = scores[scoreFrom + k] as number;
      const st = stakes[stakeFrom + k] as number;
      const b = +(s > p0) + +(s > p1) + +(s > p2);
      const n = count[b] as number;
      bs[b * capacity + n] = s;
      bk[b * capacity + n] = st;
      count[b] = n + 1;
      total[b] = (total[b] as number) + st;
    }
    let b = 0;
    while (b < 3 && lo + (total[b] as number) <= minority) {
      lo += total[b] as number;
      b += 1;
    }
    this.lo = lo;
    return b;
  }
}

/** Below this many validators the plain quickselect is as quick. */
const BUCKET_MIN = 32;
/** A chosen bucket at least this large is split once more before the quickselect. */
const SECOND_SPLIT_MIN = 32;

/**
 * The median of a column of v >= BUCKET_MIN scores, for 0 <= minority < stakeSum: the pairs
 * go to four buckets (see Buckets.split), a large chosen bucket is split again into four, and
 * the quickselect runs on the bucket holding minority only, with the stake before it as lo.
 * Each split is one branch-free pass; the quickselect's passes write every pair twice.
 */
function bucketedMedian(
  scores: Float64Array,
  offset: number,
  stake: Float64Array,
  minority: number,
  p: readonly [Partition, Partition, Partition],
  first: Buckets,
  second: Buckets,
): number {
  const v = first.capacity;
  const b = first.split(scores, offset, stake, 0, v, 0, minority);
  const m = first.count[b] as number;
  const lo = first.lo;
  if (m < SECOND_SPLIT_MIN) {
    return select(
      first.score,
      first.stake,
      b * v,
      b * v,
      m,
      lo,
      lo + (first.total[b] as number),
      minority,
      p,
    );
  }
  const c = second.split(first.score, b * v, first.stake, b * v, m, lo, minority);
  const w = second.capacity;
  const lo2 = second.lo;
  return select(
    second.score,
    second.stake,
    c * w,
    c * w,
    second.count[c] as number,
    lo2,
    lo2 + (second.total[c] as number),
    minority,
    p,
  );
}

const TILE = 32;
/**
 * Columns gathered at a time when rows are sorted: 16 columns of 256 validators fill 32 KiB, which
 * stays in L1 (32 columns measured slower).
 */
const BLOCK = 16;

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
  const partitions: [Partition, Partition, Partition] = [
    new Partition(v),
    new Partition(v),
    new Partition(v),
  ];
  const byColumn = weights.sorted === true ? null : transposed(positive, weights, columns, arena);
  if (byColumn !== null) {
    for (let c = 0; c < columns; c++)
      median[c] = weightedMedian(byColumn, c * v, useStake, minority, stakeSum, partitions);
    return median;
  }
  // Rows with ascending columns: gather a few columns at a time into a small column-major block
  // (one cursor per row) and take their medians while the block is in cache, instead of
  // building and transposing the whole validators × columns table.
  const cursor = new Int32Array(v);
  const end = new Int32Array(v);
  positive.forEach((i, k) => {
    if (i >= weights.rowCount) return;
    cursor[k] = weights.start[i] as number;
    end[k] = weights.start[i + 1] as number;
  });
  const { col, val } = weights;
  // Columns sit `stride` apart: at a power-of-two distance (256 validators: 2 KiB) every column
  // of the block maps to the same two L1 sets and the gather's stores evict each other.
  const stride = v + 8;
  const block = arena.f64(BLOCK * stride);
  const bucketed = v >= BUCKET_MIN && minority >= 0 && minority < stakeSum;
  const first = new Buckets(bucketed ? v : 0);
  const second = new Buckets(bucketed ? v : 0);
  for (let c0 = 0; c0 < columns; c0 += BLOCK) {
    const c1 = Math.min(columns, c0 + BLOCK);
    block.fill(0, 0, (c1 - c0) * stride);
    for (let k = 0; k < v; k++) {
      let e = cursor[k] as number;
      const stop = end[k] as number;
      while (e < stop && (col[e] as number) < c1) {
        block[((col[e] as number) - c0) * stride + k] = val[e] as number;
        e += 1;
      }
      cursor[k] = e;
    }
    for (let c = c0; c < c1; c++) {
      median[c] = bucketed
        ? bucketedMedian(block, (c - c0) * stride, useStake, minority, partitions, first, second)
        : weightedMedian(block, (c - c0) * stride, useStake, minority, stakeSum, partitions);
    }
  }
  return median;
}

/** The positive-stake rows as a column-major table (rows in any column order). */
function transposed(positive: readonly number[], weights: Rows, columns: number, arena: Arena): Float64Array {
  const v = positive.length;
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
  return byColumn;
}
