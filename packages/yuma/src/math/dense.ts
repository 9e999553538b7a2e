/**
 * Dense-matrix functions of subtensor's epoch math library (used by the dense reference epoch).
 * Shapes follow the Rust code, including its tolerance of ragged rows.
 */
import { F, ONE, ZERO, type DenseMatrix, sum } from './fixed32.js';
import { vecMul } from './vector.js';

export function rowNormalize(x: DenseMatrix): bigint[][] {
  return x.map((row) => {
    const total = sum(row);
    return total > ZERO ? row.map((v) => F.safeDiv(v, total)) : row.slice();
  });
}

/** Column sums over ragged rows; missing entries count as zero. */
function columnFold(x: DenseMatrix, fold: (acc: bigint, v: bigint) => bigint): bigint[] {
  const acc: bigint[] = [];
  for (const row of x) {
    while (acc.length < row.length) acc.push(ZERO);
    row.forEach((v, c) => {
      acc[c] = fold(acc[c] as bigint, v);
    });
  }
  return acc;
}

function divideColumns(x: DenseMatrix, divisors: readonly bigint[]): bigint[][] {
  return x.map((row) =>
    row.map((v, c) => {
      const d = divisors[c] ?? ZERO;
      return d !== ZERO ? F.safeDiv(v, d) : v;
    }),
  );
}

export function colNormalize(x: DenseMatrix): bigint[][] {
  const sums = columnFold(x, (acc, v) => F.saturatingAdd(acc, v));
  if (sums.length === 0) return x.map((r) => r.slice());
  return divideColumns(x, sums);
}

export function colMaxUpscale(x: DenseMatrix): bigint[][] {
  const maxes = columnFold(x, (acc, v) => (acc < v ? v : acc));
  if (maxes.length === 0) return x.map((r) => r.slice());
  return divideColumns(x, maxes);
}

/** Row sums; an empty first row yields an empty result, as in Rust. */
export function rowSum(x: DenseMatrix): bigint[] {
  const first = x[0];
  if (first !== undefined && first.length === 0) return [];
  return x.map((row) => sum(row));
}

export function maskMatrix(mask: readonly (readonly boolean[])[], matrix: DenseMatrix): bigint[][] {
  const first = mask[0];
  if (first === undefined || first.length === 0) return matrix.map((r) => r.slice());
  return matrix.map((row, r) => row.map((v, c) => ((mask[r]?.[c] ?? true) ? ZERO : v)));
}

export function maskRows(mask: readonly boolean[], matrix: DenseMatrix): bigint[][] {
  const first = matrix[0];
  if (first === undefined) return [];
  const cols = first.length;
  return matrix.map((row, r) => ((mask[r] ?? true) ? new Array<bigint>(cols).fill(ZERO) : row.slice()));
}

export function maskCols(mask: readonly boolean[], matrix: DenseMatrix): bigint[][] {
  return matrix.map((row) => row.map((v, c) => ((mask[c] ?? true) ? ZERO : v)));
}

function isSquare(matrix: DenseMatrix): boolean {
  const first = matrix[0];
  return first !== undefined && first.length > 0 && matrix.length === first.length;
}

export function maskDiag(matrix: DenseMatrix): bigint[][] {
  if (!isSquare(matrix)) return matrix.map((r) => r.slice());
  return matrix.map((row, i) => row.map((v, j) => (i === j ? ZERO : v)));
}

export function maskDiagExceptIndex(matrix: DenseMatrix, exceptIndex: number): bigint[][] {
  if (!isSquare(matrix)) return matrix.map((r) => r.slice());
  return matrix.map((row, i) => row.map((v, j) => (i === j && i !== exceptIndex ? ZERO : v)));
}

/** Row i scaled by vector[i]; stops at the shorter of matrix and vector. */
export function rowHadamard(matrix: DenseMatrix, vector: readonly bigint[]): bigint[][] {
  const first = matrix[0];
  if (first === undefined || first.length === 0) return [[]];
  const rows = Math.min(matrix.length, vector.length);
  const out: bigint[][] = [];
  for (let i = 0; i < rows; i++) {
    const scale = vector[i] as bigint;
    out.push((matrix[i] as readonly bigint[]).map((v) => F.saturatingMul(scale, v)));
  }
  return out;
}

/** result_j = Σ_i vector_i * matrix_ij, over the first row's width. */
export function matmul(matrix: DenseMatrix, vector: readonly bigint[]): bigint[] {
  const first = matrix[0];
  if (first === undefined || first.length === 0) return [];
  const acc = new Array<bigint>(first.length).fill(ZERO);
  matrix.forEach((row, i) => {
    const scale = vector[i] ?? ZERO;
    const width = Math.min(row.length, acc.length);
    for (let j = 0; j < width; j++)
      acc[j] = F.saturatingAdd(acc[j] as bigint, F.saturatingMul(scale, row[j] as bigint));
  });
  return acc;
}

/** result_i = Σ_j vector_j * matrix_ij. */
export function matmulTranspose(matrix: DenseMatrix, vector: readonly bigint[]): bigint[] {
  const first = matrix[0];
  if (first === undefined || first.length === 0) return [];
  return matrix.map((row) => {
    let total = ZERO;
    const width = Math.min(row.length, vector.length);
    for (let j = 0; j < width; j++)
      total = F.saturatingAdd(total, F.saturatingMul(row[j] as bigint, vector[j] as bigint));
    return total;
  });
}

export function colClip(x: DenseMatrix, threshold: readonly bigint[]): bigint[][] {
  return x.map((row) =>
    row.map((v, c) => {
      const th = threshold[c];
      if (th === undefined) return v;
      return th < v ? th : v;
    }),
  );
}

/** A + ratio * (B - A), element-wise. */
export function interpolate(mat1: DenseMatrix, mat2: DenseMatrix, ratio: bigint): bigint[][] {
  if (ratio === ZERO) return mat1.map((r) => r.slice());
  if (ratio === ONE) return mat2.map((r) => r.slice());
  const first = mat1[0];
  if (first === undefined || first.length === 0) return [[]];
  const cols = first.length;
  return mat1.map((row1, i) => {
    const out = new Array<bigint>(cols).fill(ZERO);
    const row2 = mat2[i];
    if (row2 === undefined) return out;
    const width = Math.min(row1.length, row2.length, cols);
    for (let j = 0; j < width; j++) {
      const v1 = row1[j] as bigint;
      out[j] = F.saturatingAdd(v1, F.saturatingMul(ratio, F.saturatingSub(row2[j] as bigint, v1)));
    }
    return out;
  });
}

export function matVecMul(matrix: DenseMatrix, vector: readonly bigint[]): bigint[][] {
  const first = matrix[0];
  if (first === undefined || first.length === 0) return [[]];
  return matrix.map((row) => vecMul(row, vector));
}

/** alpha * new + (1 - alpha) * old. */
export function matEma(next: DenseMatrix, old: DenseMatrix, alpha: bigint): bigint[][] {
  const first = next[0];
  if (first === undefined) return [[]];
  if (first.length === 0) return [[]];
  const oneMinusAlpha = F.saturatingSub(ONE, alpha);
  const rows = Math.min(next.length, old.length);
  const out: bigint[][] = [];
  for (let i = 0; i < rows; i++) {
    const n = next[i] as readonly bigint[];
    const o = old[i] as readonly bigint[];
    const width = Math.min(n.length, o.length);
    const row: bigint[] = [];
    for (let j = 0; j < width; j++) {
      row.push(
        F.saturatingAdd(
          F.saturatingMul(alpha, n[j] as bigint),
          F.saturatingMul(oneMinusAlpha, o[j] as bigint),
        ),
      );
    }
    out.push(row);
  }
  return out;
}

/** min(1, (1 - a_ij) * old_ij + max(0, a_ij * new_ij)); shape mismatches as in Rust. */
export function matEmaAlpha(next: DenseMatrix, old: DenseMatrix, alpha: DenseMatrix): bigint[][] {
  const first = next[0];
  if (first === undefined || first.length === 0) return [[]];
  if (next.length !== old.length || next.length !== alpha.length) return old.map((r) => r.slice());
  for (let i = 0; i < next.length; i++) {
    const n = next[i] as readonly bigint[];
    if (
      n.length !== (old[i] as readonly bigint[]).length ||
      n.length !== (alpha[i] as readonly bigint[]).length
    ) {
      return next.map((r) => r.slice());
    }
  }
  return next.map((n, i) => {
    const o = old[i] as readonly bigint[];
    const a = alpha[i] as readonly bigint[];
    return n.map((nv, j) => {
      const aij = a[j] as bigint;
      const decayed = F.saturatingMul(F.saturatingSub(ONE, aij), o[j] as bigint);
      const inc = F.max2(F.saturatingMul(aij, nv), ZERO);
      return F.min2(F.saturatingAdd(decayed, inc), ONE);
    });
  });
}
