/**
 * Bond EMA steps of the fast path: classic (column-normalized, max-upscaled for storage) and
 * Yuma3 (absolute proportions, optionally liquid alpha).
 */
import { ONE_FX, divFx, mulFx } from './arith.js';
import { RowScratch, RowsBuilder, columnMaxes, columnSums, nnz, type Rows } from './rows.js';
import type { AlphaSigmoid } from './sigmoid.js';

/** Divide each entry by its column's divisor where that is non-zero. */
function divideColumns(rows: Rows, divisors: Float64Array): Rows {
  const end = nnz(rows);
  const val = new Float64Array(rows.val.length);
  for (let k = 0; k < end; k++) {
    const d = divisors[rows.col[k] as number] as number;
    const v = rows.val[k] as number;
    val[k] = d !== 0 ? divFx(v, d) : v;
  }
  return { rowCount: rows.rowCount, start: rows.start, col: rows.col, val };
}

/** inplace_col_normalize_sparse: divide by the column sum where it is non-zero. */
export function colNormalize(rows: Rows, columns: number): Rows {
  return divideColumns(rows, columnSums(rows, columns));
}

/** inplace_col_max_upscale_sparse: divide by the column maximum (floored at 0) where non-zero. */
export function colMaxUpscale(rows: Rows, columns: number): Rows {
  return divideColumns(rows, columnMaxes(rows, columns));
}

/**
 * mat_ema_sparse: alpha * new + (1 - alpha) * old over each densified row, keeping positive
 * entries in ascending column order.
 */
export function matEma(next: Rows, old: Rows, alpha: number, columns: number): Rows {
  const oneMinusAlpha = ONE_FX - alpha;
  const scratch = new RowScratch(columns);
  const out = new RowsBuilder(next.rowCount, nnz(next) + nnz(old));
  for (let i = 0; i < next.rowCount; i++) {
    for (let k = next.start[i] as number, end = next.start[i + 1] as number; k < end; k++) {
      const c = next.col[k] as number;
      scratch.touch(c);
      scratch.value[c] = (scratch.value[c] as number) + mulFx(alpha, next.val[k] as number);
    }
    if (i < old.rowCount) {
      for (let k = old.start[i] as number, end = old.start[i + 1] as number; k < end; k++) {
        const c = old.col[k] as number;
        if (c >= columns) continue;
        scratch.touch(c);
        scratch.value[c] = (scratch.value[c] as number) + mulFx(oneMinusAlpha, old.val[k] as number);
      }
    }
    const cols = scratch.ascending();
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k] as number;
      const v = scratch.value[c] as number;
      if (v > 0) out.push(c, v);
    }
    scratch.reset();
    out.endRow();
  }
  return out.finish();
}

/**
 * mat_ema_alpha_sparse with liquid alphas. The alpha for column j uses the weight and bond that
 * compute_liquid_alpha_values_sparse finds by walking each row with a peeking cursor, which
 * assumes ascending columns; the walk is reproduced so unsorted rows behave as on chain.
 */
export function matEmaLiquid(next: Rows, old: Rows, consensus: Float64Array, sigmoid: AlphaSigmoid): Rows {
  const columns = consensus.length;
  const weightSeen = new Float64Array(columns);
  const bondSeen = new Float64Array(columns);
  const decayed = new Float64Array(columns);
  // One alpha per (row, column): a bond and a weight on the same column share it.
  const alphaValue = new Float64Array(columns);
  const alphaRow = new Int32Array(columns);
  const out = new RowsBuilder(next.rowCount, nnz(next));
  for (let i = 0; i < next.rowCount; i++) {
    const ns = next.start[i] as number;
    const ne = next.start[i + 1] as number;
    if (ns === ne) {
      out.endRow();
      continue;
    }
    const os = old.start[i] as number;
    const oe = old.start[i + 1] as number;
    let w = ns;
    let b = os;
    for (let j = 0; j < columns; j++) {
      let weight = 0;
      while (w < ne) {
        const c = next.col[w] as number;
        if (c < j) w += 1;
        else {
          if (c === j) weight = next.val[w] as number;
          break;
        }
      }
      let bond = 0;
      while (b < oe) {
        const c = old.col[b] as number;
        if (c < j) b += 1;
        else {
          if (c === j) bond = old.val[b] as number;
          break;
        }
      }
      weightSeen[j] = weight;
      bondSeen[j] = bond;
    }
    const stamp = i + 1;
    const alphaAt = (j: number): number => {
      if (alphaRow[j] === stamp) return alphaValue[j] as number;
      const a = sigmoid.alpha(consensus[j] as number, weightSeen[j] as number, bondSeen[j] as number);
      alphaRow[j] = stamp;
      alphaValue[j] = a;
      return a;
    };
    for (let k = os; k < oe; k++) {
      const c = old.col[k] as number;
      if (c < columns) decayed[c] = mulFx(ONE_FX - alphaAt(c), old.val[k] as number);
    }
    for (let k = ns; k < ne; k++) {
      const c = next.col[k] as number;
      const a = alphaAt(c);
      const inc = Math.max(mulFx(a, next.val[k] as number), 0);
      const v = Math.min((decayed[c] as number) + inc, ONE_FX);
      if (v > 0) out.push(c, v);
    }
    for (let k = os; k < oe; k++) {
      const c = old.col[k] as number;
      if (c < columns) decayed[c] = 0;
    }
    out.endRow();
  }
  return out.finish();
}
