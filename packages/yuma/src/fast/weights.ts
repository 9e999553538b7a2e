/**
 * Weight stages of the fast path: the masks and row normalization of the stored weights, then
 * clipping at consensus fused with validator trust and ranks (one pass over the entries).
 */
import { OutOfFastRange, divFxBy, mulFx } from './arith.js';
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
 * divided by its sum. Values are u16 integers until then, so entries are trunc(w·2^32/Σw).
 */
export function maskedNormalizedWeights(weights: U16Matrix, masks: WeightMasks, arena: Arena): Rows {
  const n = weights.start.length - 1;
  const start = arena.rowStarts(n);
  const col = arena.i32(weights.uids.length);
  const val = arena.f64(weights.uids.length);
  // One row is gathered in cache-sized scratch, then written out normalized.
  const keptCol = new Int32Array(n);
  const keptValue = new Float64Array(n);
  const { forbid, ownerUid, lastUpdate, registered, commitBlocks } = masks;
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (!forbid[i]) {
      const updated = lastUpdate[i] as number;
      const commit = commitBlocks !== null ? (commitBlocks[i] as number) : Infinity;
      let total = 0;
      let count = 0;
      for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
        const j = weights.uids[k] as number;
        if (j === i && ownerUid !== i) continue;
        const reg = registered[j] as number;
        if (updated <= reg || commit < reg) continue;
        const w = weights.values[k] as number;
        keptCol[count] = j;
        keptValue[count] = w;
        total += w;
        count += 1;
      }
      if (total >= I32F32_INT_LIMIT) throw new OutOfFastRange('weight row sum');
      const inv = 1 / total;
      for (let k = 0; k < count; k++) {
        col[size] = keptCol[k] as number;
        // All-zero rows are left as they are (their raw values are 0).
        val[size] = total > 0 ? divFxBy(keptValue[k] as number, total, inv) : 0;
        size += 1;
      }
    }
    start[i + 1] = size;
  }
  return { rowCount: n, start, col, val };
}

export interface Clipped {
  readonly clipped: Rows;
  /** Σ_j clipped_ij per row. */
  readonly validatorTrust: Float64Array;
  /** Σ_i activeStake_i · clipped_ij per column (before normalization). */
  readonly ranks: Float64Array;
}

/** col_clip_sparse (entries above consensus clipped, dropped when consensus <= 0), row_sum, matmul. */
export function clipTrustRanks(
  weights: Rows,
  consensus: Float64Array,
  activeStake: Float64Array,
  arena: Arena,
): Clipped {
  const total = nnz(weights);
  const start = arena.rowStarts(weights.rowCount);
  const col = arena.i32(total);
  const val = arena.f64(total);
  const validatorTrust = new Float64Array(weights.rowCount);
  const ranks = new Float64Array(consensus.length);
  let size = 0;
  for (let i = 0; i < weights.rowCount; i++) {
    const scale = activeStake[i] as number;
    let trust = 0;
    for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
      const c = weights.col[k] as number;
      let v = weights.val[k] as number;
      const th = consensus[c] as number;
      if (th < v) {
        if (th <= 0) continue;
        v = th;
      }
      col[size] = c;
      val[size] = v;
      size += 1;
      trust += v;
      if (scale !== 0) ranks[c] = (ranks[c] as number) + mulFx(scale, v);
    }
    validatorTrust[i] = trust;
    start[i + 1] = size;
  }
  return { clipped: { rowCount: weights.rowCount, start, col, val }, validatorTrust, ranks };
}
