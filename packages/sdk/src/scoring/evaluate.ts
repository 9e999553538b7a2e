// Shared plumbing for the contribution algorithms. Each algorithm is written once as a generator
// ("plan") that yields batches of coalitions (sorted player indices) and receives their values, so the
// same code runs with a synchronous value function (no promises, no microtask per call) or an
// asynchronous one (a model evaluation, a network call) with bounded concurrency.
import { CoalitionValueError } from './errors.js';

/** The worth of a coalition: receives the members in the order the players were given. */
export type CoalitionValue<P> = (coalition: readonly P[]) => number | PromiseLike<number>;
export type CoalitionValueSync<P> = (coalition: readonly P[]) => number;

export type Coalition = readonly number[];
export type Plan<R> = Generator<readonly Coalition[], R, readonly number[]>;

export interface AsyncEvaluationOptions {
  /** Coalition values computed at the same time (default 1: one after another). */
  readonly concurrency?: number;
}

function checked(value: unknown, coalition: Coalition): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CoalitionValueError(coalition, `expected a finite number, got ${String(value)}`);
  }
  return value;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function wrapError(error: unknown, coalition: Coalition): Error {
  if (error instanceof CoalitionValueError) return error;
  return new CoalitionValueError(coalition, `threw: ${(error as Error)?.message ?? String(error)}`, error);
}

export function runPlanSync<P, R>(plan: Plan<R>, players: readonly P[], value: CoalitionValueSync<P>): R {
  let step = plan.next([]);
  while (!step.done) {
    const values = step.value.map((coalition) => {
      let result: unknown;
      try {
        result = value(coalition.map((i) => players[i] as P));
      } catch (error) {
        throw wrapError(error, coalition);
      }
      if (isPromiseLike(result)) {
        throw new CoalitionValueError(coalition, 'returned a promise; use the async variant');
      }
      return checked(result, coalition);
    });
    step = plan.next(values);
  }
  return step.value;
}

export async function runPlanAsync<P, R>(
  plan: Plan<R>,
  players: readonly P[],
  value: CoalitionValue<P>,
  options: AsyncEvaluationOptions = {},
): Promise<R> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency: expected a positive integer, got ${concurrency}`);
  }
  let step = plan.next([]);
  while (!step.done) {
    const batch = step.value;
    const values = new Array<number>(batch.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const index = next++;
        const coalition = batch[index] as Coalition;
        try {
          values[index] = checked(await value(coalition.map((i) => players[i] as P)), coalition);
        } catch (error) {
          throw wrapError(error, coalition);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    step = plan.next(values);
  }
  return step.value;
}
