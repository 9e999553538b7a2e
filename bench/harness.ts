/**
 * Benchmark helpers: time a function over repeated runs and report medians as one JSON line,
 * the format of DESIGN §6 ({"bench", "unit", "median", ...}).
 */
export interface BenchLine {
  readonly bench: string;
  readonly unit: string;
  readonly median: number;
  readonly [extra: string]: string | number | boolean;
}

export type Emit = (line: BenchLine) => void;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Milliseconds per call for `runs` timed calls after `warmup` untimed ones. */
export function timeRuns(fn: () => unknown, runs: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Operations per second: `ops` operations per call, median over `runs` calls. */
export function opsPerSecond(fn: () => unknown, ops: number, runs = 5): number {
  const times = timeRuns(fn, runs, 1);
  return Math.round((ops * 1000) / median(times));
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
