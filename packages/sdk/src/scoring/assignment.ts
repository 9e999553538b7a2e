// Maximum-weight assignment (the Hungarian algorithm with potentials, O(rows² · cols)): what scipy's
// linear_sum_assignment(maximize=True) solves for the OCR subnet's prediction-to-label matching.
import { ValueRangeError } from './errors.js';

/**
 * For a rows × cols matrix with rows <= cols, the column assigned to each row so that the sum of the
 * chosen entries is maximal (each column used at most once). Ties may be broken differently from scipy;
 * the optimal sum is the same.
 */
export function maxWeightAssignment(weights: readonly (readonly number[])[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const m = (weights[0] as readonly number[]).length;
  if (n > m) throw new ValueRangeError('weights', `${n}×${m}`, 'no more rows than columns');
  weights.forEach((row, i) => {
    if (row.length !== m) throw new ValueRangeError(`weights[${i}]`, `${row.length} columns`, `${m} columns`);
    row.forEach((w, j) => {
      if (!Number.isFinite(w)) throw new ValueRangeError(`weights[${i}][${j}]`, w, 'a finite number');
    });
  });
  // Minimise the negated weights; arrays are 1-based with index 0 as the virtual start column.
  const cost = (i: number, j: number): number => -((weights[i - 1] as readonly number[])[j - 1] as number);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOf = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = rowOf[j] as number;
          u[r] = (u[r] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      rowOf[j0] = rowOf[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const r = rowOf[j] as number;
    if (r !== 0) assignment[r - 1] = j - 1;
  }
  return assignment;
}
