/**
 * mat_ema_sparse between the weights for bonds and the stored bonds, read straight from their
 * u16 rows: masking, the conversion of stored values and the normalization of the new term
 * happen inside the merge, and the column sums and maxima the next stage needs ride along, so
 * the bond matrix is swept once instead of once per Rust step.
 */
import type { U16Matrix } from '../epoch/types.js';
import { ONE_FX, TWO16, TWO32, divFx, divFxBy, mulExact, mulSplit, splitHigh } from './arith.js';
import type { Arena } from './arena.js';
import { RowScratch, nnz, type Rows } from './rows.js';

export interface EmaTerms {
  /** Row structure of the new term (the weights for bonds); its values are `nextVal`. */
  readonly next: Rows;
  readonly nextVal: Float64Array;
  /**
   * Per column, what the new term is divided by (inplace_col_normalize_sparse: columns summing
   * to 0 are left as they are); null when it is used as it is.
   */
  readonly nextSums: Float64Array | null;
  readonly stored: U16Matrix;
  /** 0 for columns whose stored bonds are dropped (the uid re-registered since the last tempo). */
  readonly keepColumn: Uint8Array;
  /**
   * Per column, d >= 1 turning a stored u16 b into the old term floor(b·2^32 / d): its column
   * sum (classic) or 65535 (Yuma3's u16 proportion). Exact as a plain division: b·2^32 < 2^48.
   */
  readonly storedDivisor: Float64Array;
  /** The EMA coefficient of the new term, within [0, 1]. */
  readonly alpha: number;
}

export interface EmaResult {
  readonly ema: Rows;
  /** Per column, the sum and the largest of the EMA entries. */
  readonly sums: Float64Array;
  readonly maxes: Float64Array;
}

/** Whether row i's columns strictly ascend (stored rows hold each uid at most once). */
export function ascendingRow(rows: Rows, i: number): boolean {
  if (rows.sorted === true) return true;
  for (let k = (rows.start[i] as number) + 1, end = rows.start[i + 1] as number; k < end; k++) {
    if ((rows.col[k] as number) <= (rows.col[k - 1] as number)) return false;
  }
  return true;
}

export function ascendingU16Row(rows: U16Matrix, i: number): boolean {
  for (let k = (rows.start[i] as number) + 1, end = rows.start[i + 1] as number; k < end; k++) {
    if ((rows.uids[k] as number) <= (rows.uids[k - 1] as number)) return false;
  }
  return true;
}

/**
 * alpha·next + (1 - alpha)·old over each row, positives kept in ascending column order. Rows
 * whose columns ascend on both sides are merged directly, in runs where both sides hold the same
 * column (all of a dense subnet); others go through a dense scratch row, which is what the Rust
 * code does for every row.
 */
export function emaMerge(terms: EmaTerms, columns: number, arena: Arena): EmaResult {
  const { next, nextVal, nextSums, stored, keepColumn, storedDivisor, alpha } = terms;
  const rowCount = next.rowCount;
  const capacity = nnz(next) + stored.uids.length;
  const start = arena.rowStarts(rowCount);
  const col = arena.i32(capacity);
  const val = arena.f64(capacity);
  const sums = new Float64Array(columns);
  const maxes = new Float64Array(columns);
  const normalize = nextSums !== null;
  const sumOf = nextSums ?? new Float64Array(columns);
  const inverse = sumOf.map((s) => 1 / s);
  const ah = splitHigh(alpha);
  const al = alpha - ah * TWO16;
  const beta = ONE_FX - alpha;
  const bh = splitHigh(beta);
  const bl = beta - bh * TWO16;
  const { uids, values } = stored;
  const nextCol = next.col;
  const nextStart = next.start;
  const storedStart = stored.start;
  let scratch: RowScratch | null = null;
  let size = 0;
  for (let i = 0; i < rowCount; i++) {
    let a = nextStart[i] as number;
    const aEnd = nextStart[i + 1] as number;
    let b = storedStart[i] as number;
    const bEnd = storedStart[i + 1] as number;
    if (!ascendingRow(next, i) || !ascendingU16Row(stored, i)) {
      scratch ??= new RowScratch(columns);
      size = scratchRow(terms, scratch, i, col, val, size, sums, maxes);
      start[i + 1] = size;
      continue;
    }
    for (;;) {
      // Both sides at the same kept column: the whole row of a dense subnet.
      while (a < aEnd && b < bEnd) {
        const c = nextCol[a] as number;
        if (uids[b] !== c || keepColumn[c] === 0) break;
        let x = nextVal[a] as number;
        if (normalize) {
          const s = sumOf[c] as number;
          // Below 2^21 the numerator x·2^32 stays under 2^53 and a plain division is exact.
          if (s !== 0)
            x = x < 2097152 ? Math.floor((x * 4294967296) / s) : divFxBy(x, s, inverse[c] as number);
        }
        const v =
          mulSplit(ah, al, x) +
          mulSplit(bh, bl, Math.floor(((values[b] as number) * 4294967296) / (storedDivisor[c] as number)));
        a += 1;
        b += 1;
        if (v > 0) {
          col[size] = c;
          val[size] = v;
          size += 1;
          sums[c] = (sums[c] as number) + v;
          if ((maxes[c] as number) < v) maxes[c] = v;
        }
      }
      while (b < bEnd && keepColumn[uids[b] as number] === 0) b += 1;
      const ca = a < aEnd ? (nextCol[a] as number) : columns;
      const cb = b < bEnd ? (uids[b] as number) : columns;
      if (ca === columns && cb === columns) break;
      if (ca === cb) continue;
      let c: number;
      let v: number;
      if (ca < cb) {
        c = ca;
        let x = nextVal[a] as number;
        const s = sumOf[c] as number;
        if (normalize && s !== 0) x = divFxBy(x, s, inverse[c] as number);
        v = mulSplit(ah, al, x);
        a += 1;
      } else {
        c = cb;
        v = mulSplit(bh, bl, Math.floor(((values[b] as number) * 4294967296) / (storedDivisor[c] as number)));
        b += 1;
      }
      if (v > 0) {
        col[size] = c;
        val[size] = v;
        size += 1;
        sums[c] = (sums[c] as number) + v;
        if ((maxes[c] as number) < v) maxes[c] = v;
      }
    }
    start[i + 1] = size;
  }
  return { ema: { rowCount, start, col, val, sorted: true }, sums, maxes };
}

/** Row i of emaMerge through a dense scratch row; returns the new output size. */
function scratchRow(
  terms: EmaTerms,
  scratch: RowScratch,
  i: number,
  col: Int32Array,
  val: Float64Array,
  size: number,
  sums: Float64Array,
  maxes: Float64Array,
): number {
  const { next, nextVal, nextSums, stored, keepColumn, storedDivisor, alpha } = terms;
  const beta = ONE_FX - alpha;
  for (let a = next.start[i] as number, end = next.start[i + 1] as number; a < end; a++) {
    const c = next.col[a] as number;
    const s = nextSums !== null ? (nextSums[c] as number) : 0;
    const x = s !== 0 ? divFx(nextVal[a] as number, s) : (nextVal[a] as number);
    scratch.touch(c);
    scratch.value[c] = (scratch.value[c] as number) + mulExact(alpha, x);
  }
  for (let b = stored.start[i] as number, end = stored.start[i + 1] as number; b < end; b++) {
    const c = stored.uids[b] as number;
    if (keepColumn[c] === 0) continue;
    const old = Math.floor(((stored.values[b] as number) * TWO32) / (storedDivisor[c] as number));
    scratch.touch(c);
    scratch.value[c] = (scratch.value[c] as number) + mulExact(beta, old);
  }
  const cols = scratch.ascending();
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k] as number;
    const v = scratch.value[c] as number;
    if (v > 0) {
      col[size] = c;
      val[size] = v;
      size += 1;
      sums[c] = (sums[c] as number) + v;
      if ((maxes[c] as number) < v) maxes[c] = v;
    }
  }
  scratch.reset();
  return size;
}

/** Capacity for the new Bonds storage: the entries of permitted rows. */
export function permittedEntries(rows: Rows, permits: readonly boolean[]): number {
  let total = 0;
  for (let i = 0; i < permits.length && i < rows.rowCount; i++) {
    if (permits[i]) total += (rows.start[i + 1] as number) - (rows.start[i] as number);
  }
  return total;
}
