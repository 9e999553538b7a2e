/**
 * mat_ema_alpha_sparse with liquid alphas (Yuma3): one alpha per bond from the sigmoid of how
 * far the weight sits from consensus (or below the bond), then
 *   min(1, (1 - a)·old + max(0, a·new)), emitted only where the weights have an entry.
 * Stored bonds are read straight from their u16 rows. Rows are processed in three sweeps over
 * row-sized scratch (the diffs, then the alphas of non-zero diffs in one batch, then the EMA),
 * which keeps data-dependent branches out of the inner loops; the new Bonds storage (u16) of a
 * row is written right after its EMA, while the row is still in cache.
 */
import type { U16Matrix } from '../epoch/types.js';
import { ONE_FX, mulExact, mulProportions, proportionToU16 } from './arith.js';
import type { Arena } from './arena.js';
import { ascendingRow, ascendingU16Row } from './ema.js';
import { nnz, type Rows } from './rows.js';
import type { AlphaSigmoid } from './sigmoid.js';

export interface LiquidResult {
  readonly ema: Rows;
  /** Per column, the sum of the EMA entries. */
  readonly sums: Float64Array;
  /** The new Bonds rows: the EMA as u16 in rows holding a new permit, other rows empty. */
  readonly storage: U16Matrix;
}

/**
 * Stored u16 bond as Yuma3's proportion, floor(b·2^32 / 65535). As 2^32 = 65535·65537 + 1,
 * that is 65537·b + floor(b / 65535): 65537·b, plus 1 for b = 65535 (no division).
 */
function proportion(b: number): number {
  return b * 65_537 + +(b === 65_535);
}

export function liquidEma(
  next: Rows,
  stored: U16Matrix,
  keepColumn: Uint8Array,
  consensus: Float64Array,
  sigmoid: AlphaSigmoid,
  permits: readonly boolean[],
  arena: Arena,
): LiquidResult {
  const columns = consensus.length;
  const rowCount = next.rowCount;
  const start = arena.rowStarts(rowCount);
  const outCol = arena.i32(nnz(next));
  const outVal = arena.f64(nnz(next));
  const sums = new Float64Array(columns);
  let widest = 0;
  for (let i = 0; i < rowCount; i++) {
    widest = Math.max(widest, (next.start[i + 1] as number) - (next.start[i] as number));
  }
  const diff = arena.f64(widest);
  const bondOf = arena.f64(widest);
  const alphaOf = arena.f64(widest);
  const todo = arena.i32(widest);
  // Only rows out of column order need it (five column-sized arrays): made on first use.
  let general: GeneralRows | null = null;
  const atZero = sigmoid.atZero;
  const { uids, values } = stored;
  const nextCol = next.col;
  const nextVal = next.val;
  // A local constant compiles to an immediate; the imported one is reloaded on every use.
  const one = 4294967296;
  // New Bonds storage (rows holding a new permit, as u16), written while each row is in cache.
  const storeStart = new Uint32Array(permits.length + 1);
  let capacity = 0;
  for (let i = 0; i < permits.length && i < rowCount; i++) {
    if (permits[i] === true) capacity += (next.start[i + 1] as number) - (next.start[i] as number);
  }
  const storeUids = new Uint16Array(capacity);
  const storeValues = new Uint16Array(capacity);
  let kept = 0;
  let size = 0;
  for (let i = 0; i < rowCount; i++) {
    const ns = next.start[i] as number;
    const ne = next.start[i + 1] as number;
    const permitted = i < permits.length && permits[i] === true;
    if (ns === ne) {
      // An empty row stays empty.
    } else if (!ascendingRow(next, i) || !ascendingU16Row(stored, i)) {
      general ??= new GeneralRows(columns);
      const rowFrom = size;
      size = general.row(next, stored, keepColumn, consensus, sigmoid, i, outCol, outVal, size, sums);
      if (permitted) {
        for (let k = rowFrom; k < size; k++) {
          storeUids[kept] = outCol[k] as number;
          storeValues[kept] = proportionToU16(outVal[k] as number);
          kept += 1;
        }
      }
    } else {
      // Sweep 1: the bond beside each weight and the combined diff, clamped to [0, 1]. Weights,
      // consensus and bonds all lie in [0, 1], so the diff can only fall below 0 (weight under
      // consensus), never above 1.
      let b = stored.start[i] as number;
      const be = stored.start[i + 1] as number;
      let pending = 0;
      for (let k = ns; k < ne; k++) {
        const r = k - ns;
        const c = nextCol[k] as number;
        const w = nextVal[k] as number;
        while (b < be && (uids[b] as number) < c) b += 1;
        let bond = 0;
        if (b < be && uids[b] === c && keepColumn[c] === 1) bond = proportion(values[b] as number);
        // weight >= bond ? weight - consensus : bond - weight, selected by multiplying by 0 or 1
        // (exact on these integers): in the steady state bonds track the weights, and which side
        // wins is a coin toss a branch would mispredict.
        const above = +(w >= bond);
        const d = (w - (consensus[c] as number)) * above + (bond - w) * (1 - above);
        const clamped = Math.max(d, 0);
        diff[r] = clamped;
        bondOf[r] = bond;
        alphaOf[r] = atZero;
        todo[pending] = r;
        pending += +(clamped !== 0);
      }
      // Sweep 2: alphas for the non-zero diffs.
      if (pending > 0) sigmoid.fill(diff, todo, pending, alphaOf);
      // Sweep 3: the EMA. alpha lies in [0, 1], so a·w >= 0 and max(0, ·) is the identity; the
      // result is a floored blend of two values in [0, 1], so min(1, ·) is the identity too.
      for (let k = ns; k < ne; k++) {
        const r = k - ns;
        const a = alphaOf[r] as number;
        const w = nextVal[k] as number;
        // Weights of a dense subnet sit far below 2^21, where a·w < 2^53 is exact as a double.
        const v =
          mulProportions(one - a, bondOf[r] as number) +
          (w < 2097152 ? Math.floor(a * w * 2.3283064365386963e-10) : mulExact(a, w));
        if (v > 0) {
          const c = nextCol[k] as number;
          outCol[size] = c;
          outVal[size] = v;
          size += 1;
          sums[c] = (sums[c] as number) + v;
          // As proportionToU16: 0 < v <= 1, so floor(v · 65535) needs no clamping.
          if (permitted) {
            storeUids[kept] = c;
            storeValues[kept] = Math.floor(v * 65535 * 2.3283064365386963e-10);
            kept += 1;
          }
        }
      }
    }
    start[i + 1] = size;
    if (i < permits.length) storeStart[i + 1] = kept;
  }
  return liquidResult(next, start, outCol, outVal, sums, storeStart, storeUids, storeValues, kept);
}

/**
 * Completes the storage rows and builds the result, outside liquidEma's long loop (see
 * `clippedResult` in weights.ts: code after a loop compiled mid-run deoptimises it for epochs).
 */
function liquidResult(
  next: Rows,
  start: Int32Array,
  col: Int32Array,
  val: Float64Array,
  sums: Float64Array,
  storeStart: Uint32Array,
  storeUids: Uint16Array,
  storeValues: Uint16Array,
  kept: number,
): LiquidResult {
  const ema: Rows = { rowCount: next.rowCount, start, col, val, sorted: next.sorted === true };
  for (let i = ema.rowCount; i < storeStart.length - 1; i++) storeStart[i + 1] = kept;
  // Entries the EMA dropped (zeros) leave the arrays longer than needed.
  const uids = kept < storeUids.length ? storeUids.slice(0, kept) : storeUids;
  const values = kept < storeValues.length ? storeValues.slice(0, kept) : storeValues;
  return { ema, sums, storage: { start: storeStart, uids, values } };
}

/**
 * Rows stored out of column order, as on chain: compute_liquid_alpha_values_sparse finds the
 * weight and bond of column j by walking each row with a peeking cursor, which assumes
 * ascending columns, so some entries of such rows read as 0.
 */
class GeneralRows {
  private readonly weightSeen: Float64Array;
  private readonly bondSeen: Float64Array;
  private readonly decayed: Float64Array;
  // One alpha per (row, column): a bond and a weight on the same column share it.
  private readonly alphaValue: Float64Array;
  private readonly alphaRow: Int32Array;

  constructor(private readonly columns: number) {
    this.weightSeen = new Float64Array(columns);
    this.bondSeen = new Float64Array(columns);
    this.decayed = new Float64Array(columns);
    this.alphaValue = new Float64Array(columns);
    this.alphaRow = new Int32Array(columns);
  }

  /** Appends row i's EMA entries at `size`; returns the new size. */
  row(
    next: Rows,
    stored: U16Matrix,
    keepColumn: Uint8Array,
    consensus: Float64Array,
    sigmoid: AlphaSigmoid,
    i: number,
    outCol: Int32Array,
    outVal: Float64Array,
    size: number,
    sums: Float64Array,
  ): number {
    const { columns, weightSeen, bondSeen, decayed, alphaValue, alphaRow } = this;
    const ns = next.start[i] as number;
    const ne = next.start[i + 1] as number;
    const os = stored.start[i] as number;
    const oe = stored.start[i + 1] as number;
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
        const c = stored.uids[b] as number;
        // Masked bonds are not in the matrix the cursor walks.
        if (keepColumn[c] === 0 || c < j) b += 1;
        else {
          if (c === j) bond = proportion(stored.values[b] as number);
          break;
        }
      }
      weightSeen[j] = weight;
      bondSeen[j] = bond;
    }
    const stamp = i + 1;
    for (let k = os; k < oe; k++) {
      const c = stored.uids[k] as number;
      if (keepColumn[c] === 0) continue;
      const a = sigmoid.alpha(consensus[c] as number, weightSeen[c] as number, bondSeen[c] as number);
      alphaRow[c] = stamp;
      alphaValue[c] = a;
      decayed[c] = mulExact(ONE_FX - a, proportion(stored.values[k] as number));
    }
    let out = size;
    for (let k = ns; k < ne; k++) {
      const c = next.col[k] as number;
      let a: number;
      if (alphaRow[c] === stamp) a = alphaValue[c] as number;
      else {
        a = sigmoid.alpha(consensus[c] as number, weightSeen[c] as number, bondSeen[c] as number);
        alphaRow[c] = stamp;
        alphaValue[c] = a;
      }
      const v = Math.min((decayed[c] as number) + mulExact(a, next.val[k] as number), ONE_FX);
      if (v > 0) {
        outCol[out] = c;
        outVal[out] = v;
        out += 1;
        sums[c] = (sums[c] as number) + v;
      }
    }
    for (let k = os; k < oe; k++) decayed[stored.uids[k] as number] = 0;
    return out;
  }
}
