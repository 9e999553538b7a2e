// Exact Shapley values by enumerating every coalition once (2^n value calls, cached in a table), then
// phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! * (v(S+i) - v(S)).
// Marginal contributions are summed per coalition size first and divided by n! once at the end, so an
// integer-valued game gets correctly rounded fractions (the glove game's 2/3 is exactly `2 / 3`).
import type { Coalition, Plan } from './evaluate.js';

/** Above this the table (2^n doubles) and n·2^(n-1) combination steps stop being reasonable. */
export const EXACT_MAX_PLAYERS = 20;
const CHUNK = 1024;

export interface ExactOutcome {
  readonly values: number[];
  readonly grandValue: number;
  readonly emptyValue: number;
  readonly evaluations: number;
}

function membersOf(mask: number, n: number): number[] {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  return members;
}

export function* exactShapleyPlan(n: number): Plan<ExactOutcome> {
  const size = 2 ** n;
  const table = new Float64Array(size);
  for (let start = 0; start < size; start += CHUNK) {
    const end = Math.min(size, start + CHUNK);
    const batch: Coalition[] = [];
    for (let mask = start; mask < end; mask++) batch.push(membersOf(mask, n));
    const values = yield batch;
    table.set(values, start);
  }

  const popcount = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) {
    popcount[mask] = (popcount[mask >> 1] as number) + (mask & 1);
  }
  const factorial = [1];
  for (let k = 1; k <= n; k++) factorial.push((factorial[k - 1] as number) * k);

  const values: number[] = [];
  const bySize = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    bySize.fill(0);
    for (let mask = 0; mask < size; mask++) {
      if (mask & bit) continue;
      const s = popcount[mask] as number;
      bySize[s] = (bySize[s] as number) + ((table[mask | bit] as number) - (table[mask] as number));
    }
    let numerator = 0;
    for (let s = 0; s < n; s++) {
      numerator += (factorial[s] as number) * (factorial[n - s - 1] as number) * (bySize[s] as number);
    }
    values.push(numerator / (factorial[n] as number));
  }
  return {
    values,
    grandValue: table[size - 1] as number,
    emptyValue: table[0] as number,
    evaluations: size,
  };
}
