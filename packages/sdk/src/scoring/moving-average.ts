// The subnet template's score keeping (template/base/validator.py update_scores, resync_metagraph,
// set_weights): an exponential moving average over *all* uids in float32, so unqueried uids decay.
// Every operation rounds to float32 exactly as numpy does, so results match the template bit for bit.
import { LengthMismatchError, ValueRangeError } from './errors.js';
import { float32L1Norm } from './float32.js';

const f = Math.fround;

function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && alpha <= 1)) throw new ValueRangeError('alpha', alpha, 'a number in [0, 1]');
}

/**
 * One `update_scores` step: rewards are scattered into a zero vector by uid (a repeated uid keeps its
 * last reward, like numpy fancy assignment), NaN rewards count as 0, then
 * `scores = α·scattered + (1−α)·scores`. Empty uids or rewards leave the scores unchanged, as in the
 * template. Returns a new array.
 */
export function updateScores(
  scores: Float32Array,
  uids: ArrayLike<number>,
  rewards: ArrayLike<number>,
  alpha: number,
): Float32Array {
  checkAlpha(alpha);
  if (uids.length === 0 || rewards.length === 0) return Float32Array.from(scores);
  if (uids.length !== rewards.length) {
    throw new LengthMismatchError('rewards', 'uids', rewards.length, uids.length);
  }
  const scattered = new Float32Array(scores.length);
  for (let i = 0; i < uids.length; i++) {
    const uid = uids[i] as number;
    // numpy would wrap negative indices; a negative uid is a caller bug, so it is an error here.
    if (!Number.isInteger(uid) || uid < 0 || uid >= scores.length) {
      throw new ValueRangeError(`uids[${i}]`, uid, `a uid in [0, ${scores.length - 1}]`);
    }
    const r = rewards[i] as number;
    scattered[uid] = Number.isNaN(r) ? 0 : r;
  }
  // numpy promotes the Python float scalars to float32 before multiplying a float32 array (and 1 − α
  // is computed in float64 first).
  const a = f(alpha);
  const b = f(1 - alpha);
  const out = new Float32Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    out[i] = f(f(a * (scattered[i] as number)) + f(b * (scores[i] as number)));
  }
  return out;
}

/**
 * The template's first `set_weights` step: L1-normalise the scores in float32, with the norm taken
 * as 1 when it is 0 or NaN (NaN scores stay NaN, as in the template).
 */
export function l1NormalizeScores(scores: Float32Array): Float32Array {
  let norm = float32L1Norm(scores);
  if (norm === 0 || Number.isNaN(norm)) norm = 1;
  return scores.map((s) => s / norm);
}

export interface ScoreSnapshot {
  readonly scores: number[];
  readonly hotkeys: string[];
}

/**
 * A validator's moving-average score table keyed by uid, with the template's resync rules: a uid whose
 * hotkey changed restarts from 0, and the table grows when the subnet grows.
 */
export class MovingAverageScores {
  #scores: Float32Array;
  #hotkeys: string[];

  constructor(
    hotkeys: readonly string[],
    readonly alpha = 0.1,
    scores?: ArrayLike<number>,
  ) {
    checkAlpha(alpha);
    if (scores !== undefined && scores.length !== hotkeys.length) {
      throw new LengthMismatchError('scores', 'hotkeys', scores.length, hotkeys.length);
    }
    this.#hotkeys = [...hotkeys];
    this.#scores = scores === undefined ? new Float32Array(hotkeys.length) : Float32Array.from(scores);
  }

  static restore(snapshot: ScoreSnapshot, alpha = 0.1): MovingAverageScores {
    return new MovingAverageScores(snapshot.hotkeys, alpha, snapshot.scores);
  }

  get scores(): Float32Array {
    return Float32Array.from(this.#scores);
  }

  get hotkeys(): readonly string[] {
    return this.#hotkeys;
  }

  update(uids: ArrayLike<number>, rewards: ArrayLike<number>): void {
    this.#scores = updateScores(this.#scores, uids, rewards, this.alpha);
  }

  /**
   * After a metagraph sync: zero replaced hotkeys and grow to the new size. Subnets never shrink; if the
   * list is shorter the table is cut to it (the template would fail there) so uids and scores stay aligned.
   */
  resync(hotkeys: readonly string[]): void {
    const next = new Float32Array(hotkeys.length);
    next.set(this.#scores.subarray(0, hotkeys.length));
    for (let uid = 0; uid < Math.min(this.#hotkeys.length, hotkeys.length); uid++) {
      if (this.#hotkeys[uid] !== hotkeys[uid]) next[uid] = 0;
    }
    this.#scores = next;
    this.#hotkeys = [...hotkeys];
  }

  /** L1-normalised scores, the raw weights the template hands to processWeights. */
  rawWeights(): Float32Array {
    return l1NormalizeScores(this.#scores);
  }

  snapshot(): ScoreSnapshot {
    return { scores: Array.from(this.#scores), hotkeys: [...this.#hotkeys] };
  }
}

/** The template's reward for its Dummy synapse: 1 when the miner doubled the query, else 0. */
export function dummyReward(query: number, response: number | null | undefined): number {
  return response === query * 2 ? 1 : 0;
}
