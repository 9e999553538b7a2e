// Shapley values over any coalition value function: exact up to `exactMaxPlayers` (default 12, i.e.
// 4,096 value calls), permutation sampling with standard errors beyond. The natural use in a subnet is
// marginal contribution: v(S) = quality of the ensemble built from the miners in S. Duplicated miners
// then share one contribution instead of each being paid for it.
import { ValueRangeError } from './errors.js';
import {
  type AsyncEvaluationOptions,
  type CoalitionValue,
  type CoalitionValueSync,
  type Plan,
  runPlanAsync,
  runPlanSync,
} from './evaluate.js';
import { EXACT_MAX_PLAYERS, exactShapleyPlan } from './shapley-exact.js';
import { type SamplingOptions, samplingShapleyPlan } from './shapley-sampling.js';

export interface ShapleyOptions extends SamplingOptions {
  /** 'auto' (default): exact when players.length <= exactMaxPlayers, else sampling. */
  readonly method?: 'auto' | 'exact' | 'sampling';
  /** Largest game 'auto' solves exactly (default 12, at most 20). */
  readonly exactMaxPlayers?: number;
}

export interface ShapleyResult<P> {
  readonly players: readonly P[];
  /** One value per player, in the order given. */
  readonly values: number[];
  /** Standard error of each value: 0 when exact, Infinity with fewer than 2 permutations. */
  readonly standardErrors: number[];
  readonly method: 'exact' | 'sampling';
  /** Permutations sampled (0 for exact). */
  readonly permutations: number;
  /** Calls made to the value function. */
  readonly evaluations: number;
  /** v(all players) and v(∅): the values sum to their difference. */
  readonly grandValue: number;
  readonly emptyValue: number;
}

function choosePlan<P>(
  players: readonly P[],
  options: ShapleyOptions,
): { method: 'exact' | 'sampling'; plan: Plan<Omit<ShapleyResult<P>, 'players' | 'method'>> } {
  const n = players.length;
  const limit = options.exactMaxPlayers ?? 12;
  if (!Number.isInteger(limit) || limit < 0 || limit > EXACT_MAX_PLAYERS) {
    throw new ValueRangeError('exactMaxPlayers', limit, `an integer in [0, ${EXACT_MAX_PLAYERS}]`);
  }
  const method = options.method ?? 'auto';
  const exact = method === 'exact' || (method === 'auto' && n <= limit);
  if (exact && n > EXACT_MAX_PLAYERS) {
    throw new ValueRangeError(
      'players',
      `${n} players`,
      `at most ${EXACT_MAX_PLAYERS} players for exact Shapley values (use method 'sampling')`,
    );
  }
  if (exact) {
    return {
      method: 'exact',
      plan: (function* () {
        const out = yield* exactShapleyPlan(n);
        return { ...out, standardErrors: out.values.map(() => 0), permutations: 0 };
      })(),
    };
  }
  return { method: 'sampling', plan: samplingShapleyPlan(n, options) };
}

/** Shapley values with a synchronous value function. */
export function shapleySync<P>(
  players: readonly P[],
  value: CoalitionValueSync<P>,
  options: ShapleyOptions = {},
): ShapleyResult<P> {
  const { method, plan } = choosePlan(players, options);
  return { players, method, ...runPlanSync(plan, players, value) };
}

/** Shapley values with a synchronous or asynchronous value function. */
export async function shapley<P>(
  players: readonly P[],
  value: CoalitionValue<P>,
  options: ShapleyOptions & AsyncEvaluationOptions = {},
): Promise<ShapleyResult<P>> {
  const { method, plan } = choosePlan(players, options);
  return { players, method, ...(await runPlanAsync(plan, players, value, options)) };
}
