/**
 * Bond stages of the fast path. Classic Yuma: bonds and the stake-weighted weights are column-
 * normalized, blended by EMA, normalized again for dividends and max-upscaled for storage.
 * Yuma3: bonds are absolute proportions blended by a fixed or per-bond (liquid) alpha.
 * Passes are fused where the Rust code's results allow it; entry order follows the Rust code.
 */
import type { U16Matrix } from '../epoch/types.js';
import {
  ONE_FX,
  OutOfFastRange,
  TWO16,
  divFx,
  divFxBy,
  mulExact,
  mulSplit,
  proportionToU16,
  splitHigh,
} from './arith.js';
import type { Arena } from './arena.js';
import { emaMerge, permittedEntries } from './ema.js';
import { liquidEma } from './liquid.js';
import { nnz, type Rows } from './rows.js';
import type { AlphaSigmoid } from './sigmoid.js';
import { I32F32_INT_LIMIT } from './weights.js';

export interface BondsOutcome {
  /** Dividends before normalization. */
  readonly dividends: Float64Array;
  readonly storage: U16Matrix;
}

/** The stake-weighted weights (row_hadamard_sparse) with their column sums. */
export interface Products {
  readonly values: Float64Array;
  readonly sums: Float64Array;
}

/** W_b ∘ S: each entry times its row's active stake, with column sums. */
export function stakeProducts(
  weights: Rows,
  activeStake: Float64Array,
  columns: number,
  arena: Arena,
): Products {
  const values = arena.f64(nnz(weights));
  const sums = new Float64Array(columns);
  for (let i = 0; i < weights.rowCount; i++) {
    const scale = activeStake[i] as number;
    const hi = splitHigh(scale);
    const lo = scale - hi * TWO16;
    for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
      const v = mulSplit(hi, lo, weights.val[k] as number);
      values[k] = v;
      const c = weights.col[k] as number;
      sums[c] = (sums[c] as number) + v;
    }
  }
  return { values, sums };
}

/** Per-column sums of the kept stored bonds (raw u16), which the classic EMA normalizes by. */
function storedColumnSums(stored: U16Matrix, keepColumn: Uint8Array, columns: number): Float64Array {
  const sums = new Float64Array(columns);
  const { uids, values } = stored;
  for (let k = 0; k < uids.length; k++) {
    const j = uids[k] as number;
    sums[j] = (sums[j] as number) + (values[k] as number) * (keepColumn[j] as number);
  }
  for (let j = 0; j < columns; j++) {
    const s = sums[j] as number;
    if (s >= I32F32_INT_LIMIT) throw new OutOfFastRange('bond column sum');
    // A zero sum means every stored value of the column is 0: any divisor leaves them 0.
    if (s === 0) sums[j] = 1;
  }
  return sums;
}

/** The EMA coefficient must be a proportion for the split products; outside, go exact. */
function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && alpha <= ONE_FX)) throw new OutOfFastRange('bonds alpha');
}

/** Splits of each column's incentive for mulSplit. */
function splitColumns(values: Float64Array): [Float64Array, Float64Array] {
  const high = values.map(splitHigh);
  const low = values.map((v, j) => v - (high[j] as number) * TWO16);
  return [high, low];
}

/** Classic Yuma (Yuma3 off). `products` are W_b ∘ S when the caller already has them. */
export function classicBonds(
  stored: U16Matrix,
  keepColumn: Uint8Array,
  weightsForBonds: Rows,
  products: Products | null,
  activeStake: Float64Array,
  incentive: Float64Array,
  alpha: number,
  permits: readonly boolean[],
  arena: Arena,
): BondsOutcome {
  checkAlpha(alpha);
  const columns = incentive.length;
  // ΔB = colnorm(W_b ∘ S) and B = colnorm(stored) are formed inside the EMA merge.
  const delta = products ?? stakeProducts(weightsForBonds, activeStake, columns, arena);
  const { ema, sums, maxes } = emaMerge(
    {
      next: weightsForBonds,
      nextVal: delta.values,
      nextSums: delta.sums,
      stored,
      keepColumn,
      storedDivisor: storedColumnSums(stored, keepColumn, columns),
      alpha,
    },
    columns,
    arena,
  );

  // B' = colnorm(EMA); dividends d_i = Σ_j B'_ij · I_j; storage: B' max-upscaled per column.
  // floor(x·2^32/s) is monotone in x, so a column's largest B' is its largest entry normalized.
  const top = maxes.map((m, j) => {
    const s = sums[j] as number;
    return s !== 0 ? divFx(m, s) : m;
  });
  normalizeColumns(ema, sums);
  return { dividends: rowProducts(ema, incentive), storage: storageRows(ema, permits, top) };
}

// The final sweeps are separate simple loops: fused, their many live values spill to the stack
// and the loop runs at half the speed.

/** In place: entries divided by their column's sum where it is non-zero. */
function normalizeColumns(rows: Rows, sums: Float64Array): void {
  const inverse = sums.map((s) => 1 / s);
  const { col, val } = rows;
  for (let k = 0, end = nnz(rows); k < end; k++) {
    const c = col[k] as number;
    const s = sums[c] as number;
    if (s !== 0) val[k] = divFxBy(val[k] as number, s, inverse[c] as number);
  }
}

/** Σ_j rows_ij · vector_j per row (I32F32 products). */
function rowProducts(rows: Rows, vector: Float64Array): Float64Array {
  const [high, low] = splitColumns(vector);
  const out = new Float64Array(rows.rowCount);
  const { start, col, val } = rows;
  for (let i = 0; i < rows.rowCount; i++) {
    // Two running sums halve the chain of dependent additions; the terms are integers and the
    // sums stay below 2^53, so the order of addition does not change the result.
    let even = 0;
    let odd = 0;
    const end = start[i + 1] as number;
    let k = start[i] as number;
    for (; k + 1 < end; k += 2) {
      const c = col[k] as number;
      const d = col[k + 1] as number;
      even += mulSplit(high[c] as number, low[c] as number, val[k] as number);
      odd += mulSplit(high[d] as number, low[d] as number, val[k + 1] as number);
    }
    if (k < end) {
      const c = col[k] as number;
      even += mulSplit(high[c] as number, low[c] as number, val[k] as number);
    }
    out[i] = even + odd;
  }
  return out;
}

/**
 * New Bonds rows: floor(x · 65535) of each entry of a row holding a new permit, after dividing
 * by its column's divisor where that is given and non-zero; other rows are empty.
 */
function storageRows(rows: Rows, permits: readonly boolean[], divisors: Float64Array | null): U16Matrix {
  const start = new Uint32Array(permits.length + 1);
  const total = permittedEntries(rows, permits);
  const uids = new Uint16Array(total);
  const values = new Uint16Array(total);
  const { col, val } = rows;
  if (divisors !== null) {
    const inverse = divisors.map((m) => 1 / m);
    let out = 0;
    for (let i = 0; i < permits.length; i++) {
      if (permits[i] === true && i < rows.rowCount) {
        for (let k = rows.start[i] as number, end = rows.start[i + 1] as number; k < end; k++) {
          const c = col[k] as number;
          let v = val[k] as number;
          const m = divisors[c] as number;
          if (m !== 0) v = divFxBy(v, m, inverse[c] as number);
          uids[out] = c;
          values[out] = proportionToU16(v);
          out += 1;
        }
      }
      start[i + 1] = out;
    }
    return { start, uids, values };
  }
  // Without divisors a permitted row is copied as it is: its columns in one block copy.
  let out = 0;
  for (let i = 0; i < permits.length; i++) {
    if (permits[i] === true && i < rows.rowCount) {
      const from = rows.start[i] as number;
      const end = rows.start[i + 1] as number;
      uids.set(col.subarray(from, end), out);
      for (let k = from; k < end; k++) {
        values[out] = proportionToU16(val[k] as number);
        out += 1;
      }
    }
    start[i + 1] = out;
  }
  return { start, uids, values };
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
  let ema: Rows;
  let sums: Float64Array;
  let storage: U16Matrix;
  if (sigmoid !== null) {
    // The liquid EMA writes the u16 storage (B' as u16) itself, row by row.
    ({ ema, sums, storage } = liquidEma(
      weightsForBonds,
      stored,
      keepColumn,
      consensus,
      sigmoid,
      permits,
      arena,
    ));
  } else {
    checkAlpha(fixedAlpha);
    ({ ema, sums } = emaMerge(
      {
        next: weightsForBonds,
        nextVal: weightsForBonds.val,
        nextSums: null,
        stored,
        keepColumn,
        storedDivisor: new Float64Array(columns).fill(65_535),
        alpha: fixedAlpha,
      },
      columns,
      arena,
    ));
    storage = storageRows(ema, permits, null);
  }
  // Dividends: Σ_j colnorm(B')_ij · I_j, times the validator's active stake.
  normalizeColumns(ema, sums);
  const dividends = rowProducts(ema, incentive);
  for (let i = 0; i < dividends.length; i++) {
    dividends[i] = mulExact(dividends[i] as number, activeStake[i] as number);
  }
  return { dividends, storage };
}
