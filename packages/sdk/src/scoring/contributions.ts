// Cheaper contribution measures than Shapley values (n + 2 value calls each), and the step from any
// contribution score to the normalised weights a validator emits. Leave-one-out pays only what would
// be lost without a player, so two duplicated players both get about 0; one-in pays standalone worth,
// so duplicates both get the full value. Shapley values sit between the two.
import {
  type AsyncEvaluationOptions,
  type Coalition,
  type CoalitionValue,
  type CoalitionValueSync,
  type Plan,
  runPlanAsync,
  runPlanSync,
} from './evaluate.js';
import { ValueRangeError } from './errors.js';
import { type EmitWeights, convertWeightsAndUidsForEmit } from './weights.js';

export interface ContributionResult<P> {
  readonly players: readonly P[];
  readonly values: number[];
  readonly grandValue: number;
  readonly emptyValue: number;
  readonly evaluations: number;
}

type Outcome = Omit<ContributionResult<never>, 'players'>;

function* leaveOneOutPlan(n: number): Plan<Outcome> {
  const all = Array.from({ length: n }, (_, i) => i);
  const batch: Coalition[] = [all, [], ...all.map((i) => all.filter((j) => j !== i))];
  const [grand = 0, empty = 0, ...without] = yield batch;
  return { values: without.map((v) => grand - v), grandValue: grand, emptyValue: empty, evaluations: n + 2 };
}

function* oneInPlan(n: number): Plan<Outcome> {
  const all = Array.from({ length: n }, (_, i) => i);
  const batch: Coalition[] = [all, [], ...all.map((i) => [i])];
  const [grand = 0, empty = 0, ...alone] = yield batch;
  return { values: alone.map((v) => v - empty), grandValue: grand, emptyValue: empty, evaluations: n + 2 };
}

/** v(N) − v(N∖{i}) for every player. */
export function leaveOneOutSync<P>(
  players: readonly P[],
  value: CoalitionValueSync<P>,
): ContributionResult<P> {
  return { players, ...runPlanSync(leaveOneOutPlan(players.length), players, value) };
}

export async function leaveOneOut<P>(
  players: readonly P[],
  value: CoalitionValue<P>,
  options: AsyncEvaluationOptions = {},
): Promise<ContributionResult<P>> {
  return { players, ...(await runPlanAsync(leaveOneOutPlan(players.length), players, value, options)) };
}

/** v({i}) − v(∅) for every player. */
export function oneInSync<P>(players: readonly P[], value: CoalitionValueSync<P>): ContributionResult<P> {
  return { players, ...runPlanSync(oneInPlan(players.length), players, value) };
}

export async function oneIn<P>(
  players: readonly P[],
  value: CoalitionValue<P>,
  options: AsyncEvaluationOptions = {},
): Promise<ContributionResult<P>> {
  return { players, ...(await runPlanAsync(oneInPlan(players.length), players, value, options)) };
}

export interface ContributionWeightOptions {
  /** Raise each clipped score to this power before normalising: > 1 sharpens, < 1 flattens (default 1). */
  readonly power?: number;
}

/**
 * Contribution scores to weights summing to 1: negative scores (a player that made things worse) and
 * NaN become 0, then the rest are L1-normalised. All-zero input gives all zeros — nothing deserves
 * weight, and convertWeightsAndUidsForEmit then emits nothing.
 */
export function contributionsToWeights(
  scores: ArrayLike<number>,
  options: ContributionWeightOptions = {},
): number[] {
  const power = options.power ?? 1;
  if (!(power > 0) || !Number.isFinite(power)) {
    throw new ValueRangeError('power', power, 'a finite number > 0');
  }
  const clipped = Array.from(scores, (s, i) => {
    if (s === Infinity) throw new ValueRangeError(`scores[${i}]`, s, 'a finite score');
    return s > 0 ? s ** power : 0;
  });
  const total = clipped.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(total)) throw new ValueRangeError('scores', total, 'scores whose sum is finite');
  return total === 0 ? clipped : clipped.map((s) => s / total);
}

/** contributionsToWeights then convertWeightsAndUidsForEmit: ready for set_weights / commit. */
export function contributionsToU16Weights(
  uids: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: ContributionWeightOptions = {},
): EmitWeights {
  return convertWeightsAndUidsForEmit(uids, contributionsToWeights(scores, options));
}
