/**
 * Stake-weighted median (subtensor's deterministic quickselect with a mid pivot) and its
 * column-wise variants. Determinism matters more than speed here: the pivot is always the
 * element at index len/2 of the current partition, and partitions keep input order.
 */
import { F, ZERO, type DenseMatrix, type SparseMatrix } from './fixed32.js';
import { normalize } from './vector.js';

export function weightedMedian(
  stake: readonly bigint[],
  score: readonly bigint[],
  partitionIdx: readonly number[],
  minority: bigint,
  partitionLo: bigint,
  partitionHi: bigint,
): bigint {
  if (stake.length !== score.length) return ZERO;
  let current = partitionIdx.slice();
  let lo = partitionLo;
  let hi = partitionHi;
  const limit = partitionIdx.length;
  for (let iteration = 0; ;) {
    const n = current.length;
    if (n === 0) return ZERO;
    if (n === 1) return score[current[0] as number] ?? ZERO;
    const pivot = score[current[Math.floor(n / 2)] ?? 0] ?? ZERO;
    let loStake = ZERO;
    let hiStake = ZERO;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      const s = score[idx] ?? ZERO;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake = F.saturatingAdd(loStake, stake[idx] ?? ZERO);
        lower.push(idx);
      } else {
        hiStake = F.saturatingAdd(hiStake, stake[idx] ?? ZERO);
        upper.push(idx);
      }
    }
    if (minority < F.saturatingAdd(lo, loStake) && lower.length > 0) {
      current = lower;
      hi = F.saturatingAdd(lo, loStake);
    } else if (F.saturatingSub(hi, hiStake) <= minority && upper.length > 0) {
      current = upper;
      lo = F.saturatingSub(hi, hiStake);
    } else {
      return pivot;
    }
    iteration += 1;
    if (iteration > limit) return ZERO;
  }
}

function medianOverStake(useStake: bigint[], useScore: bigint[], majority: bigint): bigint {
  const stake = normalize(useStake);
  const stakeSum = F.wrappingSum(stake);
  const minority = F.saturatingSub(stakeSum, majority);
  const idx = stake.map((_, i) => i);
  return weightedMedian(stake, useScore, idx, minority, ZERO, stakeSum);
}

/** Per column, the median over rows with positive stake; columns come from the first row. */
export function weightedMedianCol(stake: readonly bigint[], score: DenseMatrix, majority: bigint): bigint[] {
  const columns = score[0]?.length ?? 0;
  const median = new Array<bigint>(columns).fill(ZERO);
  for (let c = 0; c < columns; c++) {
    const useStake: bigint[] = [];
    const useScore: bigint[] = [];
    stake.forEach((st, r) => {
      if (st <= ZERO) return;
      const row = score[r];
      if (row !== undefined && row.length === columns) {
        useStake.push(st);
        useScore.push(row[c] ?? ZERO);
      } else {
        useStake.push(ZERO);
        useScore.push(ZERO);
      }
    });
    if (useStake.length > 0) median[c] = medianOverStake(useStake, useScore, majority);
  }
  return median;
}

/** Sparse variant: absent entries score 0; stake is renormalized over positive rows once. */
export function weightedMedianColSparse(
  stake: readonly bigint[],
  score: SparseMatrix,
  columns: number,
  majority: bigint,
): bigint[] {
  const useStake = normalize(stake.filter((s) => s > ZERO));
  const stakeSum = F.wrappingSum(useStake);
  const minority = F.saturatingSub(stakeSum, majority);
  const stakeIdx = useStake.map((_, i) => i);
  const useScore: bigint[][] = [];
  for (let c = 0; c < columns; c++) useScore.push(new Array<bigint>(useStake.length).fill(ZERO));
  let k = 0;
  const rows = Math.min(stake.length, score.length);
  for (let r = 0; r < rows; r++) {
    if ((stake[r] as bigint) <= ZERO) continue;
    for (const [c, v] of score[r] ?? []) {
      const column = useScore[c];
      if (column !== undefined && k < column.length) column[k] = v;
    }
    k += 1;
  }
  return useScore.map((column) => weightedMedian(useStake, column, stakeIdx, minority, ZERO, stakeSum));
}
