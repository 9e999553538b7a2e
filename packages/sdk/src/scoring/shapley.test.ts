import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CoalitionValueError } from './errors.js';
import { createRng } from './prng.js';
import { shapley, shapleySync } from './shapley.js';

const count = <P>(coalition: readonly P[], pred: (p: P) => boolean): number => coalition.filter(pred).length;

/** Weighted voting game [quota; weights]: 1 when the coalition's weight reaches the quota. */
const voting =
  (quota: number, weights: readonly number[]) =>
  (coalition: readonly number[]): number =>
    coalition.reduce((s, i) => s + (weights[i] as number), 0) >= quota ? 1 : 0;

const indices = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

void describe('exact Shapley values on textbook games (exact fractions)', () => {
  void it('glove game: one left glove, two right gloves → 2/3, 1/6, 1/6', () => {
    const players = ['L', 'R1', 'R2'];
    const r = shapleySync(players, (s) =>
      Math.min(
        count(s, (p) => p.startsWith('L')),
        count(s, (p) => p.startsWith('R')),
      ),
    );
    assert.equal(r.method, 'exact');
    assert.deepEqual(r.values, [2 / 3, 1 / 6, 1 / 6]);
    assert.deepEqual(r.standardErrors, [0, 0, 0]);
    assert.equal(r.evaluations, 8);
  });

  void it('majority game among 3 → 1/3 each', () => {
    assert.deepEqual(shapleySync(indices(3), (s) => (s.length >= 2 ? 1 : 0)).values, [1 / 3, 1 / 3, 1 / 3]);
  });

  void it('weighted voting [51; 50, 49, 1] → 2/3, 1/6, 1/6 (the 49 has no more power than the 1)', () => {
    assert.deepEqual(shapleySync(indices(3), voting(51, [50, 49, 1])).values, [2 / 3, 1 / 6, 1 / 6]);
  });

  void it('weighted voting [51; 40, 30, 20, 10] → 5/12, 1/4, 1/4, 1/12', () => {
    assert.deepEqual(shapleySync(indices(4), voting(51, [40, 30, 20, 10])).values, [
      5 / 12,
      1 / 4,
      1 / 4,
      1 / 12,
    ]);
  });

  void it('efficiency with v(∅) ≠ 0, and a dummy player gets exactly 0', () => {
    // Player 3 never changes the value.
    const v = (s: readonly number[]): number =>
      2 + (s.includes(0) && s.includes(1) ? 5 : 0) + (s.includes(2) ? 1 : 0);
    const r = shapleySync(indices(4), v);
    assert.deepEqual(r.values, [2.5, 2.5, 1, 0]);
    assert.equal(r.grandValue - r.emptyValue, sum(r.values));
    assert.equal(r.emptyValue, 2);
  });

  void it('two identical players (a duplicated model) share its value instead of doubling it', () => {
    // Each model adds its quality once, however many players serve it.
    const quality: Record<string, number> = { m1: 0.6, m2: 0.3 };
    const model: Record<string, string> = { A: 'm1', A2: 'm1', B: 'm2' };
    const v = (s: readonly string[]): number =>
      sum([...new Set(s.map((p) => model[p] as string))].map((m) => quality[m] as number));
    const alone = shapleySync(['A', 'B'], v).values;
    const duplicated = shapleySync(['A', 'A2', 'B'], v).values;
    const near = (a: number | undefined, b: number): boolean => Math.abs((a as number) - b) < 1e-12;
    assert.ok(near(alone[0], 0.6) && near(alone[1], 0.3), `alone: ${alone.join(', ')}`);
    assert.equal(duplicated[0], duplicated[1]);
    assert.ok(near(duplicated[0], 0.3) && near(duplicated[2], 0.3), `duplicated: ${duplicated.join(', ')}`);
  });

  void it('12 players are solved exactly by default, 13 by sampling; exact is capped at 20', () => {
    const additive = (s: readonly number[]): number => sum(s.map((i) => i + 1));
    const twelve = shapleySync(indices(12), additive);
    assert.equal(twelve.method, 'exact');
    assert.deepEqual(
      twelve.values,
      indices(12).map((i) => i + 1),
    );
    const thirteen = shapleySync(indices(13), additive, { maxPermutations: 10 });
    assert.equal(thirteen.method, 'sampling');
    assert.throws(() => shapleySync(indices(21), additive, { method: 'exact' }), { field: 'players' });
  });
});

/** A game built from unanimity games: v(S) = Σ a_i[i∈S] + Σ_T c_T[T ⊆ S]; φ_i = a_i + Σ_{T∋i} c_T/|T|. */
interface UnanimityGame {
  readonly n: number;
  readonly additive: readonly number[];
  readonly carriers: readonly { members: readonly number[]; worth: number }[];
}

function unanimityValue(game: UnanimityGame): (s: readonly number[]) => number {
  return (s) => {
    const present = new Set(s);
    let v = 0;
    for (const i of s) v += game.additive[i] as number;
    for (const t of game.carriers) if (t.members.every((m) => present.has(m))) v += t.worth;
    return v;
  };
}

function unanimityShapley(game: UnanimityGame): number[] {
  const phi = [...game.additive];
  for (const t of game.carriers) {
    for (const m of new Set(t.members)) phi[m] = (phi[m] as number) + t.worth / new Set(t.members).size;
  }
  return phi;
}

const unanimityGames = (maxN: number): fc.Arbitrary<UnanimityGame> =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      additive: fc.array(fc.integer({ min: -5, max: 10 }), { minLength: n, maxLength: n }),
      carriers: fc.array(
        fc.record({
          members: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
          worth: fc.integer({ min: -10, max: 20 }),
        }),
        { maxLength: 5 },
      ),
    }),
  );

void describe('Shapley axioms (property tests)', () => {
  void it('exact values equal the unanimity-decomposition formula', () => {
    fc.assert(
      fc.property(unanimityGames(8), (game) => {
        const r = shapleySync(indices(game.n), unanimityValue(game));
        unanimityShapley(game).forEach((phi, i) => assert.ok(Math.abs((r.values[i] as number) - phi) < 1e-9));
      }),
      { numRuns: 60 },
    );
  });

  void it('efficiency and symmetry on random games given by a value table', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -100, max: 100, noNaN: true }), {
              minLength: 2 ** n,
              maxLength: 2 ** n,
            }),
          ),
        ),
        ([n, table]) => {
          // Make players 0 and 1 interchangeable: v depends on how many of them are in S, not which.
          const key = (s: readonly number[]): number => {
            let mask = 0;
            for (const i of s) mask |= 1 << i;
            if ((mask & 3) === 1) mask ^= 3; // {0} and {1} map to the same entry
            return mask;
          };
          const v = (s: readonly number[]): number => table[key(s)] as number;
          const r = shapleySync(indices(n), v);
          assert.ok(Math.abs(sum(r.values) - (r.grandValue - r.emptyValue)) < 1e-9);
          assert.ok(Math.abs((r.values[0] as number) - (r.values[1] as number)) < 1e-9);
        },
      ),
      { numRuns: 60 },
    );
  });
});

void describe('permutation sampling', () => {
  // 16 players: additive parts plus unanimity games of sizes 2 to 6, so marginal contributions vary.
  const game: UnanimityGame = {
    n: 16,
    additive: indices(16).map((i) => (i % 5) - 1),
    carriers: [
      { members: [0, 1], worth: 6 },
      { members: [2, 3, 4], worth: 9 },
      { members: [5, 6, 7, 8, 9, 10], worth: 12 },
      { members: [0, 11, 12, 13], worth: -4 },
      { members: [14, 15, 3], worth: 7.5 },
    ],
  };
  const exact = unanimityShapley(game);

  void it('lands within 3 standard errors of the exact values (16 players)', () => {
    const r = shapleySync(indices(16), unanimityValue(game), { seed: 1, maxPermutations: 2000 });
    assert.equal(r.method, 'sampling');
    assert.equal(r.permutations, 2000);
    r.values.forEach((est, i) => {
      const se = r.standardErrors[i] as number;
      assert.ok(se > 0, `player ${i}: SE ${se}`);
      assert.ok(Math.abs(est - (exact[i] as number)) <= 3 * se, `player ${i}: ${est} vs ${exact[i]} ± ${se}`);
    });
    // Each permutation's contributions telescope to v(N) − v(∅), so the estimates keep efficiency.
    assert.ok(Math.abs(sum(r.values) - (r.grandValue - r.emptyValue)) < 1e-9);
  });

  void it('standard errors are calibrated across seeds (z-scores look standard normal)', () => {
    const z: number[] = [];
    for (let seed = 100; seed < 110; seed++) {
      const r = shapleySync(indices(16), unanimityValue(game), { seed, maxPermutations: 1000 });
      r.values.forEach((est, i) => z.push((est - (exact[i] as number)) / (r.standardErrors[i] as number)));
    }
    // 160 z-scores: about 0.4 expected beyond 3, about 109 within 1.
    assert.ok(z.filter((x) => Math.abs(x) > 3).length <= 3);
    assert.ok(Math.max(...z.map(Math.abs)) < 4.5);
    const within1 = z.filter((x) => Math.abs(x) <= 1).length / z.length;
    assert.ok(within1 > 0.5 && within1 < 0.85, `within 1 SE: ${within1}`);
  });

  void it('glove game with 1 left and 13 right gloves: 13/14 and 1/182 each', () => {
    const players = ['L', ...indices(13).map((i) => `R${i}`)];
    const v = (s: readonly string[]): number => (s.includes('L') && s.length >= 2 ? 1 : 0);
    const r = shapleySync(players, v, { seed: 7, maxPermutations: 20000 });
    const expected = [13 / 14, ...indices(13).map(() => 1 / 182)];
    r.values.forEach((est, i) => {
      assert.ok(
        Math.abs(est - (expected[i] as number)) <= 3 * (r.standardErrors[i] as number),
        `player ${i}: ${est}`,
      );
    });
    assert.ok(Math.abs(sum(r.values) - 1) < 1e-9);
  });

  void it('is reproducible from its seed', () => {
    const v = unanimityValue(game);
    const a = shapleySync(indices(16), v, { seed: 42, maxPermutations: 50 });
    const b = shapleySync(indices(16), v, { seed: 42, maxPermutations: 50 });
    const c = shapleySync(indices(16), v, { seed: 43, maxPermutations: 50 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.values, c.values);
  });

  void it('stops at the target standard error or the evaluation budget', () => {
    const v = unanimityValue(game);
    const targeted = shapleySync(indices(16), v, { targetStandardError: 0.3, maxPermutations: 100000 });
    assert.ok(targeted.permutations < 100000);
    assert.ok(targeted.standardErrors.every((se) => se <= 0.3));
    const budget = shapleySync(indices(16), v, { maxEvaluations: 200, maxPermutations: 100000 });
    assert.ok(budget.evaluations >= 200 && budget.evaluations <= 200 + 17);
  });

  void it('caches coalitions: v(∅) and v(N) are computed once', () => {
    let calls = 0;
    const r = shapleySync(
      indices(14),
      (s) => {
        calls++;
        return s.length;
      },
      { maxPermutations: 100 },
    );
    assert.equal(calls, r.evaluations);
    assert.ok(r.evaluations <= 100 * 13 + 2);
    assert.deepEqual(
      r.standardErrors,
      indices(14).map(() => 0),
    ); // additive game: no variance
  });
});

void describe('async value functions', () => {
  const sleepValue = async (s: readonly number[]): Promise<number> => {
    await new Promise((resolve) => setImmediate(resolve));
    return voting(51, [40, 30, 20, 10])(s);
  };

  void it('exact: same values as the sync path, with concurrency', async () => {
    const r = await shapley(indices(4), sleepValue, { concurrency: 4 });
    assert.deepEqual(r.values, [5 / 12, 1 / 4, 1 / 4, 1 / 12]);
  });

  void it('sampling: identical to the sync path for the same seed', async () => {
    const v = (s: readonly number[]): number => sum(s.map((i) => (i % 3) * (s.length % 4)));
    const sync = shapleySync(indices(15), v, { seed: 5, maxPermutations: 40 });
    const async = await shapley(indices(15), (s) => Promise.resolve(v(s)), {
      seed: 5,
      maxPermutations: 40,
      concurrency: 3,
    });
    assert.deepEqual(async, sync);
  });

  void it('a failing value function surfaces as CoalitionValueError naming the coalition', async () => {
    await assert.rejects(
      shapley(indices(3), async (s) => {
        await Promise.resolve();
        if (s.length === 2) throw new Error('model crashed');
        return s.length;
      }),
      (e: unknown) => e instanceof CoalitionValueError && /\[0,1\]: threw: model crashed/.test(e.message),
    );
    assert.throws(() => shapleySync(indices(2), () => NaN), { code: 'SCORING_COALITION_VALUE' });
    assert.throws(
      () =>
        shapleySync(indices(2), (() => Promise.resolve(1)) as unknown as (s: readonly number[]) => number),
      /use the async variant/,
    );
  });
});

void describe('seeded PRNG', () => {
  void it('nextInt is uniform enough and in range; shuffle is a permutation', () => {
    const rng = createRng(9);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) {
      const k = rng.nextInt(6);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) assert.ok(Math.abs(c - 10000) < 500, `bucket ${c}`);
    const items = indices(50);
    assert.deepEqual(
      [...rng.shuffle([...items])].sort((a, b) => a - b),
      items,
    );
    const f = rng.nextFloat();
    assert.ok(f >= 0 && f < 1);
  });
  void it('rejects bad seeds', () => {
    assert.throws(() => createRng(-1), RangeError);
    assert.throws(() => createRng(1.5), RangeError);
  });
});
