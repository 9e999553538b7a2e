/**
 * SDK vector sections about scoring and weights helpers (sdk-misc: weights emit, u16 floats, the CRv2
 * commit hash; sdk-subnet: the template's moving average and the OCR subnet's reward). A section is
 * either one case (an object) or a list of cases; each case gives one PASS/FAIL line.
 */
import { toHex } from '@tao-ts/primitives';
import {
  convertWeightsAndUidsForEmit,
  dummyReward,
  l1NormalizeScores,
  maxUpscaledWeights,
  ocrReward,
  u16NormalizedFloat,
  updateScores,
  weightCommitHash,
  type OcrFont,
  type OcrLabel,
  type OcrPrediction,
} from '@tao-ts/sdk';
import { firstDifference } from '../../compare.js';
import { arr, big, int, isObject, num, obj, str, type JsonObject } from '../../fields.js';
import { type CaseResult, VectorFormatError, fail, verdict } from '../../result.js';

type Runner = (id: string, section: unknown, doc: JsonObject) => CaseResult[];

/** Runs `check` and turns a thrown error (bad vector shape, SDK error) into a FAIL naming it. */
function guarded(id: string, check: () => string | undefined): CaseResult {
  try {
    return verdict(id, check());
  } catch (error) {
    return fail(id, (error as Error).message);
  }
}

/** A section that is one case (object) or several (array): `<id>/<index>` each. */
function eachCase(
  id: string,
  section: unknown,
  run: (c: JsonObject, field: string) => string | undefined,
): CaseResult[] {
  if (isObject(section)) return [guarded(`${id}/0`, () => run(section, '0'))];
  if (!Array.isArray(section)) {
    return [fail(id, 'expected an object (one case) or an array of cases')];
  }
  return section.map((c, i) => guarded(`${id}/${i}`, () => run(obj(c, `[${i}]`), `[${i}]`)));
}

const numbers = (value: unknown, field: string): number[] =>
  arr(value, field).map((x, i) => num(x, `${field}[${i}]`));
const ints = (value: unknown, field: string): number[] =>
  arr(value, field).map((x, i) => int(x, `${field}[${i}]`));

const convertWeights: Runner = (id, section) =>
  eachCase(id, section, (c) => {
    const uids = ints(c.uids, 'uids');
    const weights = numbers(c.weights, 'weights');
    const emitted = convertWeightsAndUidsForEmit(uids, weights);
    const actual: Record<string, unknown> = {
      weight_uids: emitted.uids,
      weight_vals: emitted.values,
    };
    const expected: Record<string, unknown> = {
      weight_uids: ints(c.weight_uids, 'weight_uids'),
      weight_vals: ints(c.weight_vals, 'weight_vals'),
    };
    if (c.unrounded !== undefined) {
      expected.unrounded = numbers(c.unrounded, 'unrounded');
      actual.unrounded = maxUpscaledWeights(weights);
    }
    return firstDifference(expected, actual);
  });

/** `{ "<u16>": float, … }`: one case per key. */
const u16Float: Runner = (id, section) => {
  const cases = obj(section, 'u16_normalized_float');
  return Object.entries(cases).map(([key, expected]) =>
    guarded(`${id}/${key}`, () => {
      if (!/^\d+$/.test(key)) throw new VectorFormatError(`u16_normalized_float.${key}`, 'key is not a u16');
      return firstDifference(num(expected, key), u16NormalizedFloat(Number(key)));
    }),
  );
};

const commitHash: Runner = (id, section) =>
  eachCase(id, section, (c) => {
    const { preimage, hash } = weightCommitHash({
      address: str(c.address, 'address'),
      netuid: int(c.netuid, 'netuid'),
      uids: ints(c.uids, 'uids'),
      values: ints(c.values, 'values'),
      salt: ints(c.salt, 'salt'),
      versionKey: big(c.version_key, 'version_key'),
      ...(c.mechanism_id === undefined ? {} : { mechanismId: int(c.mechanism_id, 'mechanism_id') }),
    });
    // The preimage first: when it differs, its first differing field says more than the hash does.
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    if (c.preimage_hex !== undefined) {
      const hex = str(c.preimage_hex, 'preimage_hex').toLowerCase();
      expected.preimage_hex = hex.startsWith('0x') ? hex : `0x${hex}`;
      actual.preimage_hex = toHex(preimage);
    }
    expected.hash = str(c.hash, 'hash').toLowerCase();
    actual.hash = hash;
    return firstDifference(expected, actual);
  });

/**
 * One case per step (scores after each update_scores, chained from `initial`), then the L1-normalised
 * raw weights of the final scores and the Dummy reward rule, when present.
 */
const movingAverage: Runner = (id, section) => {
  const results: CaseResult[] = [];
  let sec: JsonObject;
  let alpha: number;
  let scores: Float32Array;
  try {
    sec = obj(section, 'template_moving_average');
    alpha = num(sec.alpha, 'alpha');
    scores = Float32Array.from(numbers(sec.initial, 'initial'));
    arr(sec.steps, 'steps');
  } catch (error) {
    return [fail(id, (error as Error).message)];
  }
  arr(sec.steps, 'steps').forEach((s, i) => {
    results.push(
      guarded(`${id}/steps/${i}`, () => {
        const step = obj(s, `steps[${i}]`);
        const field = `steps[${i}]`;
        scores = updateScores(
          scores,
          ints(step.uids, `${field}.uids`),
          numbers(step.rewards, `${field}.rewards`),
          alpha,
        );
        return firstDifference(numbers(step.scores_after, `${field}.scores_after`), Array.from(scores));
      }),
    );
  });
  if (sec.l1_normalized_raw_weights !== undefined) {
    results.push(
      guarded(`${id}/l1_normalized_raw_weights`, () =>
        firstDifference(
          numbers(sec.l1_normalized_raw_weights, 'l1_normalized_raw_weights'),
          Array.from(l1NormalizeScores(scores)),
        ),
      ),
    );
  }
  if (sec.dummy_reward !== undefined) {
    results.push(
      guarded(`${id}/dummy_reward`, () => {
        const d = obj(sec.dummy_reward, 'dummy_reward');
        const reward = dummyReward(
          num(d.query, 'dummy_reward.query'),
          num(d.response, 'dummy_reward.response'),
        );
        return firstDifference(num(d.reward, 'dummy_reward.reward'), reward);
      }),
    );
  }
  return results;
};

function font(value: unknown, field: string): OcrFont {
  const o = obj(value, field);
  return { family: str(o.family, `${field}.family`), size: num(o.size, `${field}.size`) };
}

function label(value: unknown, field: string): OcrLabel {
  const o = obj(value, field);
  return {
    position: numbers(o.position, `${field}.position`),
    text: str(o.text, `${field}.text`),
    font: font(o.font, `${field}.font`),
  };
}

/** Predictions may omit any field (the miner's response is free-form). */
function prediction(value: unknown, field: string): OcrPrediction {
  const o = obj(value, field);
  return {
    ...(o.position === undefined ? {} : { position: numbers(o.position, `${field}.position`) }),
    ...(o.text === undefined ? {} : { text: str(o.text, `${field}.text`) }),
    ...(o.font === undefined ? {} : { font: font(o.font, `${field}.font`) }),
  };
}

const optionalNum = (c: JsonObject, key: string): number | undefined =>
  c[key] === undefined ? undefined : num(c[key], key);

const ocr: Runner = (id, section) =>
  eachCase(id, section, (c) => {
    const labels = arr(c.labels, 'labels').map((l, i) => label(l, `labels[${i}]`));
    const predictions = arr(c.predictions, 'predictions').map((p, i) => prediction(p, `predictions[${i}]`));
    // The reference config leaves these undefined; the vector states 1 / 1 / 10 s / 0 s, overridable per case.
    const options = {
      alphaPrediction: optionalNum(c, 'alpha_prediction') ?? 1,
      alphaTime: optionalNum(c, 'alpha_time') ?? 1,
      timeout: optionalNum(c, 'timeout') ?? 10,
      timeElapsed: optionalNum(c, 'time_elapsed') ?? 0,
    };
    const result = ocrReward(labels, predictions, options);
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    const add = (key: string, exp: unknown, act: unknown): void => {
      expected[key] = exp;
      actual[key] = act;
    };
    if (c.assignment !== undefined) add('assignment', ints(c.assignment, 'assignment'), result.assignment);
    if (c.section_rewards !== undefined) {
      const sections = arr(c.section_rewards, 'section_rewards').map((s, i) => {
        const o = obj(s, `section_rewards[${i}]`);
        return {
          text: num(o.text, `section_rewards[${i}].text`),
          position: num(o.position, `section_rewards[${i}].position`),
          font: num(o.font, `section_rewards[${i}].font`),
          total: num(o.total, `section_rewards[${i}].total`),
        };
      });
      add('section_rewards', sections, result.sections);
    }
    const pairs: readonly [string, number][] = [
      ['prediction_reward_mean', result.prediction],
      ['time_reward_if_time_elapsed_0', result.time],
      ['total_reward_if_alpha_prediction=alpha_time=1', result.total],
      ['total_reward', result.total],
    ];
    for (const [key, value] of pairs) if (c[key] !== undefined) add(key, num(c[key], key), value);
    if (Object.keys(expected).length === 0) {
      throw new VectorFormatError('ocr_reward', 'no expected field (assignment, section_rewards, …)');
    }
    return firstDifference(expected, actual);
  });

export const SCORING_SECTIONS: Readonly<Record<string, Runner>> = {
  convert_weights_and_uids_for_emit: convertWeights,
  u16_normalized_float: u16Float,
  commit_weight_hash: commitHash,
  template_moving_average: movingAverage,
  ocr_reward: ocr,
};
