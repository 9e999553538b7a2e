/**
 * epoch.json: multi-epoch Yuma scenarios. State evolves as the file's conventions say: actions
 * apply before each epoch, then permits and bonds are carried over from the epoch's output.
 * Each step is one case; it must match `expected` and every field of `derived_full_output`.
 */
import { epoch, toU16Rows, vecU16MaxUpscaleToU16, type EpochOutput, type EpochParams } from '@tao-ts/yuma';
import { firstDifference, show } from '../compare.js';
import type { JsonValue } from '@tao-ts/primitives';
import { arr, big, bool, int, isObject, num, obj, type JsonObject } from '../fields.js';
import { type CaseResult, VectorFormatError, fail, skip, verdict } from '../result.js';

interface ScenarioState {
  params: EpochParams;
  blockAtRegistration: bigint[];
  lastUpdate: bigint[];
  alphaStake: bigint[];
  validatorPermits: boolean[];
  weights: [number, number][][];
  bonds: [number, number][][];
}

const PARAM_NAMES: Record<string, keyof EpochParams> = {
  tempo: 'tempo',
  activity_cutoff_blocks: 'activityCutoffBlocks',
  kappa: 'kappa',
  bonds_penalty: 'bondsPenalty',
  bonds_moving_average: 'bondsMovingAverage',
  yuma3: 'yuma3',
  liquid_alpha: 'liquidAlpha',
  alpha_low_u16: 'alphaLow',
  alpha_high_u16: 'alphaHigh',
  alpha_sigmoid_steepness: 'alphaSigmoidSteepness',
  max_allowed_validators: 'maxAllowedValidators',
  stake_threshold: 'stakeThreshold',
  owner_uid: 'ownerUid',
  tao_weight_u64: 'taoWeight',
  rao_emission: 'raoEmission',
  last_mechanism_step_block: 'lastMechanismStepBlock',
  commit_reveal_enabled: 'commitRevealEnabled',
};
const BIGINT_PARAMS = new Set<keyof EpochParams>([
  'activityCutoffBlocks',
  'bondsMovingAverage',
  'stakeThreshold',
  'taoWeight',
  'raoEmission',
  'lastMechanismStepBlock',
]);

function paramValue(key: keyof EpochParams, value: unknown, field: string): EpochParams[keyof EpochParams] {
  if (BIGINT_PARAMS.has(key)) return big(value, field);
  if (key === 'yuma3' || key === 'liquidAlpha' || key === 'commitRevealEnabled') return bool(value, field);
  if (key === 'ownerUid') return value === null ? null : int(value, field);
  return int(value, field);
}

function applyParams(params: EpochParams, source: JsonObject, field: string): EpochParams {
  const next: Record<string, unknown> = { ...params };
  for (const [name, value] of Object.entries(source)) {
    if (name === 'n') continue;
    const key = PARAM_NAMES[name];
    if (key === undefined) throw new VectorFormatError(`${field}.${name}`, 'unknown parameter');
    next[key] = paramValue(key, value, `${field}.${name}`);
  }
  return next as unknown as EpochParams;
}

function rows(value: unknown, field: string): [number, number][][] {
  return arr(value, field).map((row, i) =>
    arr(row, `${field}[${i}]`).map((e, k) => {
      const [uid, v] = arr(e, `${field}[${i}][${k}]`);
      return [int(uid, `${field}[${i}][${k}][0]`), int(v, `${field}[${i}][${k}][1]`)] as [number, number];
    }),
  );
}

function initialState(scenario: JsonObject): ScenarioState {
  const base: EpochParams = {
    currentBlock: 0n,
    tempo: 360,
    activityCutoffBlocks: 5000n,
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: 900_000n,
    yuma3: false,
    liquidAlpha: false,
    alphaLow: 45875,
    alphaHigh: 58982,
    alphaSigmoidSteepness: 1000,
    maxAllowedValidators: 64,
    stakeThreshold: 0n,
    ownerUid: null,
    taoWeight: 0n,
    raoEmission: 1_000_000_000n,
    lastMechanismStepBlock: 0n,
    commitRevealEnabled: false,
  };
  const params = applyParams(base, obj(scenario.params, 'params'), 'params');
  const init = obj(scenario.initial_state, 'initial_state');
  const u64s = (key: string): bigint[] =>
    arr(init[key], `initial_state.${key}`).map((v, i) => big(v, `initial_state.${key}[${i}]`));
  return {
    params,
    blockAtRegistration: u64s('block_at_registration'),
    lastUpdate: u64s('last_update'),
    alphaStake: u64s('alpha_stake'),
    validatorPermits: arr(init.validator_permits, 'initial_state.validator_permits').map((v, i) =>
      bool(v, `initial_state.validator_permits[${i}]`),
    ),
    weights: rows(init.weights, 'initial_state.weights'),
    bonds: rows(init.bonds, 'initial_state.bonds'),
  };
}

function applyAction(state: ScenarioState, action: JsonObject, field: string): void {
  const [kind, ...extra] = Object.keys(action);
  if (kind === undefined || extra.length > 0)
    throw new VectorFormatError(field, 'an action has exactly one key');
  const body = obj(action[kind], `${field}.${kind}`);
  const f = `${field}.${kind}`;
  switch (kind) {
    case 'set_weights': {
      const uid = int(body.uid, `${f}.uid`);
      const uids = arr(body.uids, `${f}.uids`).map((v, i) => int(v, `${f}.uids[${i}]`));
      const values = vecU16MaxUpscaleToU16(
        arr(body.values, `${f}.values`).map((v, i) => int(v, `${f}.values[${i}]`)),
      );
      state.weights[uid] = uids.map((j, i) => [j, values[i] as number]);
      state.lastUpdate[uid] = big(body.at_block, `${f}.at_block`);
      return;
    }
    case 'replace_neuron': {
      const uid = int(body.uid, `${f}.uid`);
      const at = big(body.at_block, `${f}.at_block`);
      state.blockAtRegistration[uid] = at;
      state.lastUpdate[uid] = at;
      state.alphaStake[uid] = big(body.new_stake ?? 0, `${f}.new_stake`);
      state.bonds[uid] = [];
      state.weights[uid] = [];
      state.weights = state.weights.map((row) => row.map(([j, v]) => [j, j === uid ? 0 : v]));
      state.validatorPermits[uid] = false;
      return;
    }
    case 'reset_bonds_for_uid': {
      const uid = int(body.uid ?? action[kind], `${f}.uid`);
      state.bonds = state.bonds.map((row) => row.filter(([j]) => j !== uid));
      return;
    }
    case 'set_param':
      state.params = applyParams(state.params, body, f);
      return;
    default:
      throw new VectorFormatError(field, `unknown action "${kind}"`);
  }
}

function outputAsVector(out: EpochOutput): JsonObject {
  const pick = (xs: readonly (number | bigint | boolean)[]): JsonValue[] => xs.slice();
  return {
    incentive: pick(out.incentive),
    dividends: pick(out.dividends),
    consensus: pick(out.consensus),
    validator_trust: pick(out.validatorTrust),
    emission: pick(out.emission),
    server_emission: pick(out.serverEmission),
    validator_emission: pick(out.validatorEmission),
    new_validator_permits: pick(out.newValidatorPermits),
    bonds: toU16Rows(out.bonds),
    active: pick(out.active),
    stake_weight: pick(out.stakeWeight),
  };
}

function expectedDifference(expected: JsonObject, out: EpochOutput): string | undefined {
  const bonds = toU16Rows(out.bonds);
  const vectors: Record<string, readonly (number | bigint)[]> = {
    emission: out.emission,
    incentive: out.incentive,
    dividends: out.dividends,
    consensus: out.consensus,
    validator_trust: out.validatorTrust,
  };
  for (const [key, value] of Object.entries(expected)) {
    const field = `expected.${key}`;
    const vector = vectors[key];
    if (vector !== undefined) {
      for (const [uid, want] of Object.entries(obj(value, field))) {
        const got = vector[Number(uid)];
        if (got === undefined || BigInt(got) !== big(want, `${field}.${uid}`)) {
          return `${field}[${uid}]: expected ${show(want)}, got ${String(got)}`;
        }
      }
    } else if (key === 'bonds_entries') {
      for (const entry of arr(value, field)) {
        const [i, j, want] = arr(entry, field).map((v) => int(v, field));
        const got = bonds[i as number]?.find(([col]) => col === j)?.[1] ?? 0;
        if (got !== want) return `${field}[${i},${j}]: expected ${want}, got ${got}`;
      }
    } else if (key === 'dividends_approx') {
      const spec = obj(value, field);
      const eps = num(spec.epsilon, `${field}.epsilon`);
      for (const [uid, want] of arr(spec.values, `${field}.values`).entries()) {
        const got = (out.dividends[uid] ?? 0) / 65535;
        if (Math.abs(got - num(want, `${field}.values[${uid}]`)) > eps)
          return `${field}[${uid}]: expected ${show(want)} ± ${eps}, got ${got}`;
      }
    } else if (key === 'bonds_approx') {
      const spec = obj(value, field);
      const eps = num(spec.epsilon, `${field}.epsilon`);
      const cols = arr(spec.cols, `${field}.cols`).map((c) => int(c, `${field}.cols`));
      for (const [i, row] of arr(spec.rows, `${field}.rows`).entries()) {
        for (const [k, want] of arr(row, `${field}.rows[${i}]`).entries()) {
          const got = (bonds[i]?.find(([col]) => col === cols[k])?.[1] ?? 0) / 65535;
          if (Math.abs(got - num(want, field)) > eps)
            return `${field}[${i}][${String(cols[k])}]: expected ${show(want)} ± ${eps}, got ${got}`;
        }
      }
    } else {
      throw new VectorFormatError(field, 'unknown expectation');
    }
  }
  return undefined;
}

export function runEpochScenarios(file: string, doc: JsonObject): CaseResult[] {
  const results: CaseResult[] = [];
  for (const [s, scenarioJson] of arr(doc.scenarios, 'scenarios').entries()) {
    const scenario = obj(scenarioJson, `scenarios[${s}]`);
    const name = typeof scenario.name === 'string' ? scenario.name : `scenario${s}`;
    let state: ScenarioState;
    try {
      state = initialState(scenario);
    } catch (error) {
      results.push(fail(`${file}#${name}`, (error as Error).message));
      continue;
    }
    let broken: string | undefined;
    for (const [k, stepJson] of arr(scenario.steps, `scenarios[${s}].steps`).entries()) {
      const id = `${file}#${name}/step${k}`;
      if (broken !== undefined) {
        results.push(skip(id, `an earlier step failed (${broken})`));
        continue;
      }
      try {
        const step = obj(stepJson, `steps[${k}]`);
        for (const [a, action] of arr(step.actions ?? [], `steps[${k}].actions`).entries()) {
          applyAction(state, obj(action, `steps[${k}].actions[${a}]`), `steps[${k}].actions[${a}]`);
        }
        state.params = { ...state.params, currentBlock: big(step.block, `steps[${k}].block`) };
        const out = epoch({
          params: state.params,
          state: {
            blockAtRegistration: state.blockAtRegistration,
            lastUpdate: state.lastUpdate,
            alphaStake: state.alphaStake,
            taoStake: state.alphaStake.map(() => 0n),
            validatorPermits: state.validatorPermits,
            weights: state.weights,
            bonds: state.bonds,
          },
        });
        state.validatorPermits = out.newValidatorPermits.slice();
        state.bonds = toU16Rows(out.bonds);
        let d = isObject(step.expected) ? expectedDifference(step.expected, out) : undefined;
        if (d === undefined && step.derived_full_output !== undefined) {
          d = firstDifference(step.derived_full_output, outputAsVector(out), 'derived_full_output');
        }
        results.push(verdict(id, d));
        if (d !== undefined) broken = `step${k}`;
      } catch (error) {
        results.push(fail(id, (error as Error).message));
        broken = `step${k}`;
      }
    }
  }
  return results;
}
