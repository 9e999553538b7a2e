/**
 * Bond stages of the fast path. Classic Yuma: bonds and the stake-weighted weights are column-
 * normalized, blended by EMA, normalized again for dividends and max-upscaled for storage.
 * Yuma3: bonds are absolute proportions blended by a fixed or per-bond (liquid) alpha.
 * Passes are fused where the Rust code's results allow it; entry order follows the Rust code.
 */
import type { U16Matrix } from '../epoch/types.js';
import { ONE_FX, OutOfFastRange, TWO32, divFxBy, mulFx, proportionToU16 } from './arith.js';
import type { Arena } from './arena.js';
import { RowScratch, nnz, type Rows } from './rows.js';
import type { AlphaSigmoid } from './sigmoid.js';
import { I32F32_INT_LIMIT } from './weights.js';

/** u16 / 65535 as I32F32: the division is exact for u16 numerators (see divFxBy). */
const U16_PROPORTION = Float64Array.from({ length: 65_536 }, (_, b) => Math.floor((b * TWO32) / 65_535));

/** Stored bonds without the masked columns; `proportion` maps u16 to u16/65535 (Yuma3). */
export function storedBonds(
  bonds: U16Matrix,
  keepColumn: Uint8Array,
  proportion: boolean,
  arena: Arena,
): Rows {
  const rowCount = bonds.start.length - 1;
  const start = arena.rowStarts(rowCount);
  const col = arena.i32(bonds.uids.length);
  const val = arena.f64(bonds.uids.length);
  let size = 0;
  for (let i = 0; i < rowCount; i++) {
    for (let k = bonds.start[i] as number, end = bonds.start[i + 1] as number; k < end; k++) {
      const j = bonds.uids[k] as number;
      if (keepColumn[j] !== 1) continue;
      const v = bonds.values[k] as number;
      col[size] = j;
      val[size] = proportion ? (U16_PROPORTION[v] as number) : v;
      size += 1;
    }
    start[i + 1] = size;
  }
  return { rowCount, start, col, val };
}

/** Divide every entry by its column's sum where that is non-zero (inplace_col_normalize_sparse). */
function normalizeColumnsInPlace(rows: Rows, sums: Float64Array, integerValues: boolean): void {
  const inverse = sums.map((s) => 1 / s);
  const end = nnz(rows);
  for (let k = 0; k < end; k++) {
    const c = rows.col[k] as number;
    const s = sums[c] as number;
    const v = rows.val[k] as number;
    if (s !== 0) rows.val[k] = divFxBy(v, s, inverse[c] as number);
    else if (integerValues) rows.val[k] = v * ONE_FX;
  }
}

function columnSums(rows: Rows, columns: number): Float64Array {
  const sums = new Float64Array(columns);
  const end = nnz(rows);
  for (let k = 0; k < end; k++) {
    const c = rows.col[k] as number;
    sums[c] = (sums[c] as number) + (rows.val[k] as number);
  }
  return sums;
}

function ascendingRow(rows: Rows, i: number): boolean {
  for (let k = (rows.start[i] as number) + 1, end = rows.start[i + 1] as number; k < end; k++) {
    if ((rows.col[k] as number) <= (rows.col[k - 1] as number)) return false;
  }
  return true;
}

/**
 * mat_ema_sparse: alpha·new + (1 - alpha)·old over each densified row, positives kept in
 * ascending column order. Rows already in column order are merged directly; others go through
 * a dense scratch row, which is what the Rust code does for every row.
 */
export function matEma(next: Rows, old: Rows, alpha: number, columns: number, arena: Arena): Rows {
  const oneMinusAlpha = ONE_FX - alpha;
  const scratch = new RowScratch(columns);
  const capacity = nnz(next) + nnz(old);
  const start = arena.rowStarts(next.rowCount);
  const col = arena.i32(capacity);
  const val = arena.f64(capacity);
  let size = 0;
  for (let i = 0; i < next.rowCount; i++) {
    const hasOld = i < old.rowCount;
    let a = next.start[i] as number;
    const aEnd = next.start[i + 1] as number;
    let b = hasOld ? (old.start[i] as number) : 0;
    const bEnd = hasOld ? (old.start[i + 1] as number) : 0;
    if (ascendingRow(next, i) && (!hasOld || ascendingRow(old, i))) {
      while (a < aEnd || b < bEnd) {
        const ca = a < aEnd ? (next.col[a] as number) : columns;
        const cb = b < bEnd ? (old.col[b] as number) : columns;
        if (ca >= columns && cb >= columns) break;
        let c: number;
        let v: number;
        if (ca <= cb) {
          c = ca;
          v = mulFx(alpha, next.val[a] as number);
          a += 1;
          if (cb === ca) {
            v += mulFx(oneMinusAlpha, old.val[b] as number);
            b += 1;
          }
        } else {
          c = cb;
          v = mulFx(oneMinusAlpha, old.val[b] as number);
          b += 1;
        }
        if (v > 0) {
          col[size] = c;
          val[size] = v;
          size += 1;
        }
      }
    } else {
      for (; a < aEnd; a++) {
        const c = next.col[a] as number;
        scratch.touch(c);
        scratch.value[c] = (scratch.value[c] as number) + mulFx(alpha, next.val[a] as number);
      }
      for (; b < bEnd; b++) {
        const c = old.col[b] as number;
        if (c >= columns) continue;
        scratch.touch(c);
        scratch.value[c] = (scratch.value[c] as number) + mulFx(oneMinusAlpha, old.val[b] as number);
      }
      const cols = scratch.ascending();
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k] as number;
        const v = scratch.value[c] as number;
        if (v > 0) {
          col[size] = c;
          val[size] = v;
          size += 1;
        }
      }
      scratch.reset();
    }
    start[i + 1] = size;
  }
  return { rowCount: next.rowCount, start, col, val };
}

/**
 * mat_ema_alpha_sparse with liquid alphas. The alpha for column j uses the weight and bond that
 * compute_liquid_alpha_values_sparse finds by walking each row with a peeking cursor, which
 * assumes ascending columns; the walk is reproduced so unsorted rows behave as on chain.
 */
export function matEmaLiquid(
  next: Rows,
  old: Rows,
  consensus: Float64Array,
  sigmoid: AlphaSigmoid,
  arena: Arena,
): Rows {
  const columns = consensus.length;
  const weightSeen = new Float64Array(columns);
  const bondSeen = new Float64Array(columns);
  const decayed = new Float64Array(columns);
  // One alpha per (row, column): a bond and a weight on the same column share it.
  const alphaValue = new Float64Array(columns);
  const alphaRow = new Int32Array(columns);
  const start = arena.rowStarts(next.rowCount);
  const outCol = arena.i32(nnz(next));
  const outVal = arena.f64(nnz(next));
  let size = 0;
  for (let i = 0; i < next.rowCount; i++) {
    const ns = next.start[i] as number;
    const ne = next.start[i + 1] as number;
    if (ns === ne) {
      start[i + 1] = size;
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
    for (let k = os; k < oe; k++) {
      const c = old.col[k] as number;
      if (c >= columns) continue;
      const a = sigmoid.alpha(consensus[c] as number, weightSeen[c] as number, bondSeen[c] as number);
      alphaRow[c] = stamp;
      alphaValue[c] = a;
      decayed[c] = mulFx(ONE_FX - a, old.val[k] as number);
    }
    for (let k = ns; k < ne; k++) {
      const c = next.col[k] as number;
      let a: number;
      if (alphaRow[c] === stamp) a = alphaValue[c] as number;
      else {
        a = sigmoid.alpha(consensus[c] as number, weightSeen[c] as number, bondSeen[c] as number);
        alphaRow[c] = stamp;
        alphaValue[c] = a;
      }
      const inc = Math.max(mulFx(a, next.val[k] as number), 0);
      const v = Math.min((decayed[c] as number) + inc, ONE_FX);
      if (v > 0) {
        outCol[size] = c;
        outVal[size] = v;
        size += 1;
      }
    }
    for (let k = os; k < oe; k++) {
      const c = old.col[k] as number;
      if (c < columns) decayed[c] = 0;
    }
    start[i + 1] = size;
  }
  return { rowCount: next.rowCount, start, col: outCol, val: outVal };
}

/** Row offsets of the stored bonds: rows with a new permit keep their entries, others are empty. */
function storageStart(rows: Rows, permits: readonly boolean[]): Uint32Array {
  const start = new Uint32Array(permits.length + 1);
  let total = 0;
  for (let i = 0; i < permits.length; i++) {
    if (permits[i] && i < rows.rowCount) total += (rows.start[i + 1] as number) - (rows.start[i] as number);
    start[i + 1] = total;
  }
  return start;
}

/** floor(x · 65535) of each kept entry, optionally after dividing by its column's maximum. */
function forStorage(rows: Rows, permits: readonly boolean[], columnMax: Float64Array | null): U16Matrix {
  const start = storageStart(rows, permits);
  const total = start[permits.length] as number;
  const uids = new Uint16Array(total);
  const values = new Uint16Array(total);
  const inverse = columnMax?.map((m) => 1 / m);
  let out = 0;
  for (let i = 0; i < permits.length; i++) {
    if (!permits[i] || i >= rows.rowCount) continue;
    for (let k = rows.start[i] as number, end = rows.start[i + 1] as number; k < end; k++) {
      const c = rows.col[k] as number;
      let v = rows.val[k] as number;
      if (columnMax !== null && inverse !== undefined) {
        const m = columnMax[c] as number;
        if (m !== 0) v = divFxBy(v, m, inverse[c] as number);
      }
      uids[out] = c;
      values[out] = proportionToU16(v);
      out += 1;
    }
  }
  return { start, uids, values };
}

export interface BondsOutcome {
  /** Dividends before normalization. */
  readonly dividends: Float64Array;
  readonly storage: U16Matrix;
}

/** Classic Yuma (Yuma3 off). */
export function classicBonds(
  stored: U16Matrix,
  keepColumn: Uint8Array,
  weightsForBonds: Rows,
  activeStake: Float64Array,
  incentive: Float64Array,
  alpha: number,
  permits: readonly boolean[],
  arena: Arena,
): BondsOutcome {
  const columns = incentive.length;
  const bonds = storedBonds(stored, keepColumn, false, arena);
  const bondSums = columnSums(bonds, columns);
  for (const s of bondSums) if (s >= I32F32_INT_LIMIT) throw new OutOfFastRange('bond column sum');
  normalizeColumnsInPlace(bonds, bondSums, true);

  // ΔB = W_b ∘ S (row_hadamard_sparse), column-normalized.
  const deltaVal = arena.f64(nnz(weightsForBonds));
  const deltaSums = new Float64Array(columns);
  for (let i = 0; i < weightsForBonds.rowCount; i++) {
    const scale = activeStake[i] as number;
    for (
      let k = weightsForBonds.start[i] as number, end = weightsForBonds.start[i + 1] as number;
      k < end;
      k++
    ) {
      const v = mulFx(weightsForBonds.val[k] as number, scale);
      deltaVal[k] = v;
      const c = weightsForBonds.col[k] as number;
      deltaSums[c] = (deltaSums[c] as number) + v;
    }
  }
  const delta: Rows = {
    rowCount: weightsForBonds.rowCount,
    start: weightsForBonds.start,
    col: weightsForBonds.col,
    val: deltaVal,
  };
  normalizeColumnsInPlace(delta, deltaSums, false);

  // EMA, column-normalized; dividends d_i = Σ_j B'_ij · I_j ride along, as do column maxima.
  const ema = matEma(delta, bonds, alpha, columns, arena);
  const emaSums = columnSums(ema, columns);
  const inverse = emaSums.map((s) => 1 / s);
  const maxes = new Float64Array(columns);
  const dividends = new Float64Array(ema.rowCount);
  for (let i = 0; i < ema.rowCount; i++) {
    let acc = 0;
    for (let k = ema.start[i] as number, end = ema.start[i + 1] as number; k < end; k++) {
      const c = ema.col[k] as number;
      const s = emaSums[c] as number;
      const v = s !== 0 ? divFxBy(ema.val[k] as number, s, inverse[c] as number) : (ema.val[k] as number);
      ema.val[k] = v;
      if ((maxes[c] as number) < v) maxes[c] = v;
      acc += mulFx(incentive[c] as number, v);
    }
    dividends[i] = acc;
  }
  // Storage: each column max-upscaled, then floor(x · 65535).
  return { dividends, storage: forStorage(ema, permits, maxes) };
}

/** Yuma3: absolute bonds, EMA by a fixed alpha or liquid alpha (when given a sigmoid). */
export function yuma3Bonds(
  stored: U16Matrix,
  keepColumn: Uint8Array,
  weightsForBonds: Rows,
  activeStake: Float64Array,
  incentive: Float64Array,
  consensus: Float64Array,
  fixedAlpha: number,
  sigmoid: AlphaSigmoid | null,
  permits: readonly boolean[],
  arena: Arena,
): BondsOutcome {
  const columns = incentive.length;
  const bonds = storedBonds(stored, keepColumn, true, arena);
  const ema =
    sigmoid !== null
      ? matEmaLiquid(weightsForBonds, bonds, consensus, sigmoid, arena)
      : matEma(weightsForBonds, bonds, fixedAlpha, columns, arena);
  const sums = columnSums(ema, columns);
  const inverse = sums.map((s) => 1 / s);
  // Dividends: Σ_j colnorm(B')_ij · I_j, times the validator's active stake.
  const dividends = new Float64Array(ema.rowCount);
  for (let i = 0; i < ema.rowCount; i++) {
    let acc = 0;
    for (let k = ema.start[i] as number, end = ema.start[i + 1] as number; k < end; k++) {
      const c = ema.col[k] as number;
      const s = sums[c] as number;
      const v = s !== 0 ? divFxBy(ema.val[k] as number, s, inverse[c] as number) : (ema.val[k] as number);
      acc += mulFx(v, incentive[c] as number);
    }
    dividends[i] = mulFx(acc, activeStake[i] as number);
  }
  return { dividends, storage: forStorage(ema, permits, null) };
}
