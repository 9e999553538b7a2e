/**
 * Chain-side formula vectors: emission halving, epoch schedule and registration burn.
 */
import {
  DEFAULT_BURN_INCREASE_MULT,
  adjustTowardsTarget,
  blockEmissionForIssuance,
  blocksUntilNextAutoEpoch,
  bumpBurn,
  decayBurn,
  decayFactorQ32,
  legacyBlocksUntilNextEpoch,
} from '@tao-ts/yuma';
import { U64F64 } from '@tao-ts/primitives';
import { arr, big, int, num, obj, str, type JsonObject } from '../fields.js';
import { type CaseResult, VectorFormatError, verdict } from '../result.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

function mismatch(what: string, expected: unknown, actual: unknown): string | undefined {
  return String(expected) === String(actual)
    ? undefined
    : `${what}: expected ${String(expected)}, got ${String(actual)}`;
}

// ---- emission_halving ------------------------------------------------------------------------

export function runHalvingCase(file: string, c: JsonObject, index: number): CaseResult[] {
  const name = typeof c.test === 'string' ? c.test : `case${index}`;
  if (c.table !== undefined) {
    return arr(c.table, 'table').map((rowJson, i) => {
      const row = obj(rowJson, `table[${i}]`);
      const issuance = big(row.total_issuance, `table[${i}].total_issuance`);
      const got = blockEmissionForIssuance(issuance);
      return verdict(
        `${file}#${name}/issuance=${issuance}`,
        mismatch('block_emission', big(row.block_emission, 'block_emission'), got),
      );
    });
  }
  if (c.expected_final_issuance !== undefined) {
    let issuance = 0n;
    for (let i = 0; i < 100; i++) issuance += blockEmissionForIssuance(issuance) * 10_500_000n;
    return [
      verdict(
        `${file}#${name}`,
        mismatch('final issuance', big(c.expected_final_issuance, 'expected_final_issuance'), issuance),
      ),
    ];
  }
  if (c.thresholds !== undefined) {
    return arr(c.thresholds, 'thresholds').map((tJson, i) => {
      const t = obj(tJson, `thresholds[${i}]`);
      const at = big(t.first_issuance_rao, `thresholds[${i}].first_issuance_rao`);
      const d =
        mismatch('emission_at', big(t.emission_at, 'emission_at'), blockEmissionForIssuance(at)) ??
        mismatch(
          'emission_just_before',
          big(t.emission_just_before, 'emission_just_before'),
          blockEmissionForIssuance(at - 1n),
        );
      return verdict(`${file}#halving${int(t.halving ?? i, 'halving')}`, d);
    });
  }
  throw new VectorFormatError(`cases[${index}]`, 'no table, thresholds or expected_final_issuance');
}

// ---- epoch_schedule --------------------------------------------------------------------------

export function runScheduleSection(
  file: string,
  section: 'current' | 'legacy',
  doc: JsonObject,
): CaseResult[] {
  const part = obj(doc[section], section);
  return arr(part.cases, `${section}.cases`).map((cJson, i) => {
    const c = obj(cJson, `${section}.cases[${i}]`);
    const netuid = int(c.netuid, 'netuid');
    const tempo = int(c.tempo, 'tempo');
    const block = big(c.block, 'block');
    const got =
      section === 'current'
        ? blocksUntilNextAutoEpoch(tempo, block, big(c.last_epoch_block ?? 0, 'last_epoch_block'))
        : legacyBlocksUntilNextEpoch(netuid, tempo, block);
    const label = typeof c.test === 'string' ? `${c.test}/` : '';
    return verdict(
      `${file}#${section}/${label}${i}`,
      mismatch('blocks until next epoch', big(c.expected, 'expected'), got),
    );
  });
}

// ---- registration ----------------------------------------------------------------------------

export interface BurnSim {
  burn: bigint;
  halfLife: number;
  mult: bigint;
  bounds: { minBurn: bigint; maxBurn: bigint };
}

export function burnSim(c: JsonObject): BurnSim {
  const mult = c.mult === undefined ? DEFAULT_BURN_INCREASE_MULT : U64F64.fromF64(num(c.mult, 'mult'));
  return {
    burn: big(c.initial_burn, 'initial_burn'),
    halfLife: int(c.half_life ?? 360, 'half_life'),
    mult,
    bounds: { minBurn: big(c.min_burn ?? 0, 'min_burn'), maxBurn: big(c.max_burn ?? U64_MAX, 'max_burn') },
  };
}

/** Decay as on_initialize of a block after block 1. */
function step(sim: BurnSim, blocks: number): void {
  for (let i = 0; i < blocks; i++) sim.burn = decayBurn(sim.burn, sim.halfLife, 2n, sim.bounds);
}

/** Events are short phrases: "register … -> N" or "step [K block(s)] -> N". */
function runBurnEvent(sim: BurnSim, event: string, field: string): string | undefined {
  const register = /^register\b[^>]*->\s*(?:burn\s*)?(\d+)/.exec(event);
  if (register) {
    sim.burn = bumpBurn(sim.burn, sim.mult, sim.bounds);
    return mismatch(`${field} (${event})`, register[1], sim.burn);
  }
  const stepMatch = /^step(?:\s+(\d+)\s+blocks?)?\s*->\s*(\d+)/.exec(event);
  if (stepMatch) {
    step(sim, stepMatch[1] === undefined ? 1 : Number(stepMatch[1]));
    return mismatch(`${field} (${event})`, stepMatch[2], sim.burn);
  }
  throw new VectorFormatError(field, `unrecognised event "${event}"`);
}

function runAsserted(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `asserted[${i}]`);
  const id = `${file}#${typeof c.test === 'string' ? c.test : `asserted${i}`}`;
  const sim = burnSim(c);
  const out: CaseResult[] = [];
  let d: string | undefined;
  if (c.steps !== undefined) {
    for (const [k, sJson] of arr(c.steps, 'steps').entries()) {
      const s = obj(sJson, `steps[${k}]`);
      step(sim, int(s.blocks, `steps[${k}].blocks`));
      d ??= mismatch(`steps[${k}].burn`, big(s.burn, 'burn'), sim.burn);
    }
  }
  if (c.events !== undefined) {
    for (const [k, e] of arr(c.events, 'events').entries())
      d ??= runBurnEvent(sim, str(e, `events[${k}]`), `events[${k}]`);
  }
  if (c.after_one_block !== undefined) {
    step(sim, 1);
    d ??= mismatch('after_one_block', big(c.after_one_block, 'after_one_block'), sim.burn);
  }
  if (c.after_bump !== undefined) {
    sim.burn = bumpBurn(sim.burn, sim.mult, sim.bounds);
    d ??= mismatch('after_bump', big(c.after_bump, 'after_bump'), sim.burn);
  }
  // registrations_this_block_reset_to is chain state: runtime/registration.ts checks it.
  out.push(verdict(id, d));
  return out;
}

function runLegacy(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `legacy.cases[${i}]`);
  const name = `${file}#legacy/${typeof c.test === 'string' ? c.test : i}`;
  const alpha = big(c.adjustment_alpha ?? 0, 'adjustment_alpha');
  if (c.sequence !== undefined) {
    return arr(c.sequence, 'sequence').map((sJson, k) => {
      const s = obj(sJson, `sequence[${k}]`);
      const got = adjustTowardsTarget(
        big(s.difficulty, 'difficulty'),
        int(s.regs, 'regs'),
        int(s.target, 'target'),
        alpha,
        big(s.min ?? 0, 'min'),
        big(s.max ?? U64_MAX, 'max'),
      );
      return verdict(`${name}/${k}`, mismatch('next', big(s.next, 'next'), got));
    });
  }
  const got = adjustTowardsTarget(
    big(c.initial_burn, 'initial_burn'),
    int(c.regs, 'regs'),
    int(c.target, 'target'),
    alpha,
    0n,
    U64_MAX,
  );
  const want = big(c.expected_next_burn_approx, 'expected_next_burn_approx');
  const eps = big(c.epsilon ?? 0, 'epsilon');
  const diff = got > want ? got - want : want - got;
  return [verdict(name, diff <= eps ? undefined : `next burn: expected ${want} ± ${eps}, got ${got}`)];
}

export function runRegistration(file: string, doc: JsonObject): CaseResult[] {
  const results = arr(doc.asserted, 'asserted').flatMap((c, i) => runAsserted(file, c, i));
  if (doc.derived_decay_factors !== undefined) {
    for (const [i, vJson] of arr(
      obj(doc.derived_decay_factors, 'derived_decay_factors').values,
      'values',
    ).entries()) {
      const v = obj(vJson, `derived_decay_factors.values[${i}]`);
      const halfLife = int(v.half_life, 'half_life');
      results.push(
        verdict(
          `${file}#decay_factor/half_life=${halfLife}`,
          mismatch('decay_factor_q32', big(v.decay_factor_q32, 'decay_factor_q32'), decayFactorQ32(halfLife)),
        ),
      );
    }
  }
  if (doc.derived_burn_sequences !== undefined) {
    for (const [i, cJson] of arr(
      obj(doc.derived_burn_sequences, 'derived_burn_sequences').cases,
      'cases',
    ).entries()) {
      const c = obj(cJson, `derived_burn_sequences.cases[${i}]`);
      const sim = burnSim(c);
      let d: string | undefined;
      for (const [k, want] of arr(
        c.burn_after_each_of_next_20_blocks,
        'burn_after_each_of_next_20_blocks',
      ).entries()) {
        step(sim, 1);
        d ??= mismatch(`block ${k + 2}`, big(want, 'burn'), sim.burn);
      }
      results.push(verdict(`${file}#burn_sequence/half_life=${sim.halfLife}`, d));
    }
  }
  if (doc.legacy !== undefined) {
    arr(obj(doc.legacy, 'legacy').cases, 'legacy.cases').forEach((c, i) =>
      results.push(...runLegacy(file, c, i)),
    );
  }
  // The pruning cases need the neuron registry: runtime/registration.ts runs them on a chain.
  return results;
}
