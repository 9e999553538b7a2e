/**
 * Sparse-matrix functions of subtensor's epoch math library. A row is a list of [column, value]
 * in whatever order the chain stored it; several functions here densify a row and so emit
 * columns in ascending order, others keep the input order — exactly as the Rust code does.
 */
import { F, ONE, ZERO, type SparseEntry, type SparseMatrix, type SparseRow, sum } from './fixed32.js';

export function rowNormalizeSparse(matrix: SparseMatrix): SparseEntry[][] {
  return matrix.map((row) => {
    const total = sum(row.map(([, v]) => v));
    return total > ZERO ? row.map(([j, v]) => [j, F.safeDiv(v, total)] as const) : row.slice();
  });
}

function columnFoldSparse(
  matrix: SparseMatrix,
  columns: number,
  fold: (acc: bigint, v: bigint) => bigint,
): bigint[] {
  const acc = new Array<bigint>(columns).fill(ZERO);
  for (const row of matrix) {
    for (const [j, v] of row) if (j < columns) acc[j] = fold(acc[j] as bigint, v);
  }
  return acc;
}

function divideColumnsSparse(matrix: SparseMatrix, divisors: readonly bigint[]): SparseEntry[][] {
  return matrix.map((row) =>
    row.map(([j, v]) => {
      const d = divisors[j] ?? ZERO;
      return d !== ZERO ? ([j, F.safeDiv(v, d)] as const) : ([j, v] as const);
    }),
  );
}

export function colNormalizeSparse(matrix: SparseMatrix, columns: number): SparseEntry[][] {
  return divideColumnsSparse(
    matrix,
    columnFoldSparse(matrix, columns, (a, v) => F.saturatingAdd(a, v)),
  );
}

export function colMaxUpscaleSparse(matrix: SparseMatrix, columns: number): SparseEntry[][] {
  return divideColumnsSparse(
    matrix,
    columnFoldSparse(matrix, columns, (a, v) => (a < v ? v : a)),
  );
}

export function rowSumSparse(matrix: SparseMatrix): bigint[] {
  return matrix.map((row) => sum(row.map(([, v]) => v)));
}

/** Drop entry (i, j) where maskFn(scalar, vector[j]) holds; missing vector entries read 0. */
export function scalarVecMaskSparseMatrix(
  matrix: SparseMatrix,
  scalar: bigint,
  vector: readonly bigint[],
  maskFn: (scalar: bigint, vj: bigint) => boolean,
): SparseEntry[][] {
  return matrix.map((row) => row.filter(([j]) => !maskFn(scalar, vector[j] ?? 0n)));
}

/** Drop entry (i, j) where maskFn(first[i], second[j]) holds; missing entries read 0. */
export function vecMaskSparseMatrix(
  matrix: SparseMatrix,
  first: readonly bigint[],
  second: readonly bigint[],
  maskFn: (a: bigint, b: bigint) => boolean,
): SparseEntry[][] {
  return matrix.map((row, i) => {
    const fv = first[i] ?? 0n;
    return row.filter(([j]) => !maskFn(fv, second[j] ?? 0n));
  });
}

/** Rows with mask[i] = true (or beyond the mask) become empty. */
export function maskRowsSparse(mask: readonly boolean[], matrix: SparseMatrix): SparseEntry[][] {
  return matrix.map((row, i) => ((mask[i] ?? true) ? [] : row.slice()));
}

export function maskDiagSparse(matrix: SparseMatrix): SparseEntry[][] {
  return matrix.map((row, i) => row.filter(([j]) => i !== j));
}

export function maskDiagSparseExceptIndex(matrix: SparseMatrix, exceptIndex: number): SparseEntry[][] {
  return matrix.map((row, i) => row.filter(([j]) => i !== j || (i === exceptIndex && j === exceptIndex)));
}

export function rowHadamardSparse(matrix: SparseMatrix, vector: readonly bigint[]): SparseEntry[][] {
  const rows = Math.min(matrix.length, vector.length);
  const out: SparseEntry[][] = [];
  for (let i = 0; i < rows; i++) {
    const scale = vector[i] as bigint;
    out.push((matrix[i] as SparseRow).map(([j, v]) => [j, F.saturatingMul(v, scale)] as const));
  }
  return out;
}

/** result_j = Σ_i vector_i * matrix_ij over `columns` columns. */
export function matmulSparse(matrix: SparseMatrix, vector: readonly bigint[], columns: number): bigint[] {
  const result = new Array<bigint>(columns).fill(ZERO);
  matrix.forEach((row, i) => {
    const scale = vector[i] ?? ZERO;
    for (const [j, v] of row) {
      if (j < columns) result[j] = F.saturatingAdd(result[j] as bigint, F.saturatingMul(scale, v));
    }
  });
  return result;
}

/** result_i = Σ_j vector_j * matrix_ij. */
export function matmulTransposeSparse(matrix: SparseMatrix, vector: readonly bigint[]): bigint[] {
  return matrix.map((row) => {
    let acc = ZERO;
    for (const [j, v] of row) acc = F.saturatingAdd(acc, F.saturatingMul(vector[j] ?? ZERO, v));
    return acc;
  });
}

/** Clip each entry to its column threshold; drop it instead when that threshold is <= 0. */
export function colClipSparse(matrix: SparseMatrix, threshold: readonly bigint[]): SparseEntry[][] {
  return matrix.map((row) => {
    const out: SparseEntry[] = [];
    for (const [j, v] of row) {
      const th = threshold[j] ?? ZERO;
      if (th < v) {
        if (th > ZERO) out.push([j, th]);
      } else {
        out.push([j, v]);
      }
    }
    return out;
  });
}

function densify(row: SparseRow | undefined, columns: number): bigint[] {
  const dense = new Array<bigint>(columns).fill(ZERO);
  if (row) for (const [j, v] of row) if (j < columns) dense[j] = v;
  return dense;
}

/** A + ratio * (B - A); results <= 0 are dropped; rows come out in column order. */
export function interpolateSparse(
  mat1: SparseMatrix,
  mat2: SparseMatrix,
  columns: number,
  ratio: bigint,
): SparseEntry[][] {
  if (ratio === ZERO) return mat1.map((r) => r.slice());
  if (ratio === ONE) return mat2.map((r) => r.slice());
  if (mat1.length !== mat2.length) return mat2.map((r) => r.slice());
  return mat1.map((_, i) => {
    const row1 = densify(mat1[i], columns);
    const row2 = densify(mat2[i], columns);
    const out: SparseEntry[] = [];
    for (let j = 0; j < columns; j++) {
      const v1 = row1[j] as bigint;
      const interp = F.saturatingAdd(v1, F.saturatingMul(ratio, F.saturatingSub(row2[j] as bigint, v1)));
      if (ZERO < interp) out.push([j, interp]);
    }
    return out;
  });
}

/** Entry (i, j) times vector[j]; zero products are dropped. */
export function matVecMulSparse(matrix: SparseMatrix, vector: readonly bigint[]): SparseEntry[][] {
  return matrix.map((row) => {
    const out: SparseEntry[] = [];
    for (const [j, v] of row) {
      const vj = vector[j];
      if (vj === undefined) continue;
      const product = F.saturatingMul(v, vj);
      if (product !== ZERO) out.push([j, product]);
    }
    return out;
  });
}

/** alpha * new + (1 - alpha) * old over a densified square row; keeps positives in column order. */
export function matEmaSparse(next: SparseMatrix, old: SparseMatrix, alpha: bigint): SparseEntry[][] {
  const n = next.length;
  if (n === 0) return [];
  const oneMinusAlpha = F.saturatingSub(ONE, alpha);
  return next.map((row, i) => {
    const acc = new Array<bigint>(n).fill(ZERO);
    for (const [j, v] of row)
      if (j < n) acc[j] = F.saturatingAdd(acc[j] as bigint, F.saturatingMul(alpha, v));
    const oldRow = old[i];
    if (oldRow) {
      for (const [j, v] of oldRow) {
        if (j < n) acc[j] = F.saturatingAdd(acc[j] as bigint, F.saturatingMul(oneMinusAlpha, v));
      }
    }
    const out: SparseEntry[] = [];
    acc.forEach((v, j) => {
      if (v > ZERO) out.push([j, v]);
    });
    return out;
  });
}

/**
 * Liquid-alpha EMA: min(1, (1 - a) * old + max(0, a * new)), emitted only where `new` has an
 * entry (a bond to a uid the validator no longer lists disappears), in `new`'s order.
 */
export function matEmaAlphaSparse(
  next: SparseMatrix,
  old: SparseMatrix,
  alpha: readonly (readonly bigint[])[],
): SparseEntry[][] {
  if (next.length !== old.length || next.length !== alpha.length) return next.map((r) => r.slice());
  return next.map((row, i) => {
    const alphaRow = alpha[i] as readonly bigint[];
    const decayed = new Array<bigint>(alphaRow.length).fill(ZERO);
    for (const [j, oldValue] of old[i] as SparseRow) {
      const a = alphaRow[j];
      if (a !== undefined) decayed[j] = F.saturatingMul(F.saturatingSub(ONE, a), oldValue);
    }
    const out: SparseEntry[] = [];
    for (const [j, newValue] of row) {
      const a = alphaRow[j];
      if (a === undefined) continue;
      const inc = F.max2(F.saturatingMul(a, newValue), ZERO);
      const value = F.min2(F.saturatingAdd(decayed[j] as bigint, inc), ONE);
      if (value > ZERO) out.push([j, value]);
    }
    return out;
  });
}
