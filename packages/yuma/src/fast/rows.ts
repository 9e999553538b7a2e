/**
 * Sparse matrices for the fast path: compressed rows (CSR) of [column, raw I32F32] with the
 * entries of each row kept in the order the algorithm produced them (several subtensor steps
 * depend on that order), plus reusable per-column scratch for densifying one row at a time.
 */
export interface Rows {
  readonly rowCount: number;
  /** Entries of row i are start[i] .. start[i+1]-1. */
  readonly start: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
  /** True when every row's columns are known to ascend (most stages then merge rows directly). */
  readonly sorted?: boolean;
}

export class RowsBuilder {
  private col: Int32Array;
  private val: Float64Array;
  private readonly start: Int32Array;
  private size = 0;
  private row = 0;

  constructor(
    private readonly rowCount: number,
    capacity: number,
  ) {
    this.col = new Int32Array(Math.max(16, capacity));
    this.val = new Float64Array(Math.max(16, capacity));
    this.start = new Int32Array(rowCount + 1);
  }

  push(col: number, val: number): void {
    if (this.size === this.col.length) this.grow();
    this.col[this.size] = col;
    this.val[this.size] = val;
    this.size += 1;
  }

  endRow(): void {
    this.row += 1;
    this.start[this.row] = this.size;
  }

  finish(): Rows {
    while (this.row < this.rowCount) this.endRow();
    return { rowCount: this.rowCount, start: this.start, col: this.col, val: this.val };
  }

  private grow(): void {
    const col = new Int32Array(this.col.length * 2);
    col.set(this.col);
    const val = new Float64Array(this.val.length * 2);
    val.set(this.val);
    this.col = col;
    this.val = val;
  }
}

export function nnz(rows: Rows): number {
  return rows.start[rows.rowCount] as number;
}

/**
 * A dense accumulator for one row at a time: add to columns, then read the touched columns
 * back in ascending order (what densify-then-scan loops in the Rust code produce).
 */
export class RowScratch {
  readonly value: Float64Array;
  private readonly touched: Uint8Array;
  private readonly list: Int32Array;
  private count = 0;

  constructor(readonly columns: number) {
    this.value = new Float64Array(columns);
    this.touched = new Uint8Array(columns);
    this.list = new Int32Array(columns);
  }

  touch(col: number): void {
    if (this.touched[col] === 0) {
      this.touched[col] = 1;
      this.list[this.count] = col;
      this.count += 1;
    }
  }

  /** Touched columns ascending; dense rows are scanned, sparse ones sorted. */
  ascending(): Int32Array {
    const cols = this.list.subarray(0, this.count);
    if (this.count * 8 > this.columns) {
      let k = 0;
      for (let c = 0; c < this.columns; c++) if (this.touched[c] === 1) this.list[k++] = c;
    } else {
      cols.sort();
    }
    return cols;
  }

  reset(): void {
    for (let k = 0; k < this.count; k++) {
      const c = this.list[k] as number;
      this.touched[c] = 0;
      this.value[c] = 0;
    }
    this.count = 0;
  }
}
