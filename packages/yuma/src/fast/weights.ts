/**
 * Weight stages of the fast path: the masks and row normalization of the stored weights, then
 * clipping at consensus fused with validator trust, ranks and the stake-weighted products the
 * classic bonds need (one pass over the entries).
 */
import { OutOfFastRange, TWO16, mulSplit, splitHigh } from './arith.js';
import type { Arena } from './arena.js';
import { nnz, type Rows } from './rows.js';
import type { U16Matrix } from '../epoch/types.js';

/** An I32F32 holds values below 2^31; larger integer row sums would wrap in Rust's `sum`. */
export const I32F32_INT_LIMIT = 2 ** 31;

export interface WeightMasks {
  readonly forbid: readonly boolean[];
  readonly ownerUid: number | null;
  readonly lastUpdate: Float64Array;
  readonly registered: Float64Array;
  /** Earliest unexpired commit block per uid (Infinity: none); null when commit-reveal is off. */
  readonly commitBlocks: Float64Array | null;
}

/**
 * Rows of permitted validators, minus the diagonal (but the owner's), minus weights set before
 * the target re-registered (and, under commit-reveal, committed before it), each row then
 * divided by its sum. Values are u16 integers until then, so entries are floor(w·2^32/Σw):
 * with w·2^32 < 2^48 and Σw < 2^31 the rounded double quotient cannot reach the next integer
 * (that needs numerator + divisor >= 2^53), so a plain division is exact.
 */
export function maskedNormalizedWeights(weights: U16Matrix, masks: WeightMasks, arena: Arena): Rows {
  const n = weights.start.length - 1;
  const start = arena.rowStarts(n);
  const col = arena.i32(weights.uids.length);
  const val = arena.f64(weights.uids.length);
  const { forbid, ownerUid, lastUpdate, registered, commitBlocks } = masks;
  const { uids, values } = weights;
  let size = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    if (!forbid[i]) {
      const updated = lastUpdate[i] as number;
      const commit = commitBlocks !== null ? (commitBlocks[i] as number) : Infinity;
      const from = size;
      let total = 0;
      let previous = -1;
      for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
        const j = uids[k] as number;
        if (j === i && ownerUid !== i) continue;
        const reg = registered[j] as number;
        if (updated <= reg || commit < reg) continue;
        const w = values[k] as number;
        col[size] = j;
        val[size] = w;
        total += w;
        size += 1;
        if (j <= previous) sorted = false;
        previous = j;
      }
      if (total >= I32F32_INT_LIMIT) throw new OutOfFastRange('weight row sum');
      // All-zero rows are left as they are (their raw values are 0).
      if (total > 0)
        for (let k = from; k < size; k++) val[k] = Math.floor(((val[k] as number) * 4294967296) / total);
    }
    start[i + 1] = size;
  }
  return { rowCount: n, start, col, val, sorted };
}

export interface Clipped {
  readonly clipped: Rows;
  /** Σ_j clipped_ij per row. */
  readonly validatorTrust: Float64Array;
  /** Σ_i activeStake_i · clipped_ij per column (before normalization). */
  readonly ranks: Float64Array;
  /** activeStake_i · clipped_ij per entry of `clipped` (row_hadamard_sparse), when asked for. */
  readonly products: Float64Array | null;
}

/**
 * col_clip_sparse (entries above consensus clipped, dropped when consensus <= 0), row_sum and
 * matmul in one pass. Consensus is a median of non-negative weights, so an entry is only ever
 * dropped in a zero-consensus column; without such columns the clipped matrix keeps the
 * weights' row structure and only its values are new.
 */
export function clipTrustRanks(
  weights: Rows,
  consensus: Float64Array,
  activeStake: Float64Array,
  arena: Arena,
  keepProducts: boolean,
): Clipped {
  let dropping = false;
  for (let c = 0; c < consensus.length; c++) if (!((consensus[c] as number) > 0)) dropping = true;
  if (dropping) return clipDropping(weights, consensus, activeStake, arena, keepProducts);
  const total = nnz(weights);
  const val = arena.f64(total);
  const products = keepProducts ? arena.f64(total) : null;
  const validatorTrust = new Float64Array(weights.rowCount);
  const ranks = new Float64Array(consensus.length);
  const { start, col } = weights;
  const source = weights.val;
  for (let i = 0; i < weights.rowCount; i++) {
    const scale = activeStake[i] as number;
    const hi = splitHigh(scale);
    const lo = scale - hi * TWO16;
    let trust = 0;
    for (let k = start[i] as number, end = start[i + 1] as number; k < end; k++) {
      const c = col[k] as number;
      const v = source[k] as number;
      const th = consensus[c] as number;
      // min(v, th) without a branch: which side wins is data-dependent and mispredicts.
      const clipped = v + (th - v) * +(th < v);
      val[k] = clipped;
      trust += clipped;
      const product = mulSplit(hi, lo, clipped);
      ranks[c] = (ranks[c] as number) + product;
      if (products !== null) products[k] = product;
    }
    validatorTrust[i] = trust;
  }
  return clippedResult(weights, start, col, val, validatorTrust, ranks, products);
}

/**
 * The result objects of a clip, built outside the function's long loop: V8 compiles that loop
 * mid-run (on-stack replacement) before the code after it has ever run, and code without type
 * feedback there deoptimises the whole compiled loop again on every epoch for several epochs.
 */
function clippedResult(
  weights: Rows,
  start: Int32Array,
  col: Int32Array,
  val: Float64Array,
  validatorTrust: Float64Array,
  ranks: Float64Array,
  products: Float64Array | null,
): Clipped {
  const clipped: Rows = { rowCount: weights.rowCount, start, col, val, sorted: weights.sorted === true };
  return { clipped, validatorTrust, ranks, products };
}

function clipDropping(
  weights: Rows,
  consensus: Float64Array,
  activeStake: Float64Array,
  arena: Arena,
  keepProducts: boolean,
): Clipped {
  const total = nnz(weights);
  const start = arena.rowStarts(weights.rowCount);
  const col = arena.i32(total);
  const val = arena.f64(total);
  const products = keepProducts ? arena.f64(total) : null;
  const validatorTrust = new Float64Array(weights.rowCount);
  const ranks = new Float64Array(consensus.length);
  let size = 0;
  for (let i = 0; i < weights.rowCount; i++) {
    const scale = activeStake[i] as number;
    const hi = splitHigh(scale);
    const lo = scale - hi * TWO16;
    let trust = 0;
    for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
      const c = weights.col[k] as number;
      let v = weights.val[k] as number;
      const th = consensus[c] as number;
      if (th < v) {
        if (th <= 0) continue;
        v = th;
      }
      const product = mulSplit(hi, lo, v);
      col[size] = c;
      val[size] = v;
      if (products !== null) products[size] = product;
      size += 1;
      trust += v;
      ranks[c] = (ranks[c] as number) + product;
    }
    validatorTrust[i] = trust;
    start[i + 1] = size;
  }
  return clippedResult(weights, start, col, val, validatorTrust, ranks, products);
}
