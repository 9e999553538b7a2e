/**
 * The liquid-alpha coefficient on numbers, exactly as subtensor computes it:
 *   alpha = clamp(low + floor(s * (high - low)), low, high),  s = trunc(1 / (1 + E)),
 * where E is the crate's exp: a 30-term Taylor series whose every step floors.
 *
 * Evaluating that series exactly costs ~30 wide multiplications per bond (a million bonds on a
 * dense 4096-uid subnet). Instead E is bounded: the floors only ever lower a term — step i loses
 * less than 1 + 1/i raw units plus X/i times the previous step's loss, and never more than the
 * term itself — so 2^32·T(x) - L(|x|) <= E <= 2^32·T(x), with T the real truncated series
 * (e^|x| minus a tail we also bound) and L the tabulated loss bound. s and alpha are monotone in
 * E, so when both ends of the bound give the same alpha, that is the exact alpha; otherwise
 * (near a rounding boundary) the exact series runs.
 */
import { liquidSigmoid } from '../math/sigmoid.js';
import { ONE_FX, TWO32, divFx, mulFx } from './arith.js';

const E_RAW = 22_802_600 * 512; // the crate's I9F23 e, widened to I32F32
const MIN_INPUT = -20 * TWO32;
const MAX_INPUT = 20 * TWO32;
const HALF = TWO32 / 2;
const TWO64 = 2 ** 64;
/** Beyond |x| = 12 the series' largest terms approach 2^53 raw; those take the bigint route. */
const FAST_LIMIT = 12;
const FACTORIAL_32 = 2.631_308_369_336_935e35;
const TWO26 = 67_108_864;
const INV26 = 2 ** -26;
const INV32 = 2 ** -32;
/** Relative error allowance for the few correctly rounded float operations below (×8 margin). */
const REL = 2 ** -50;
const LOSS_STEPS_PER_UNIT = 64;

/** Upper bound on 2^32·T(X) - E(X) in raw units, from the per-step loss recurrence. */
function truncationLoss(X: number): number {
  let term = X * TWO32;
  let loss = 0;
  let total = 0;
  for (let i = 2; i < 32; i++) {
    term = (term * X) / i;
    loss = Math.min((loss * X) / i + 1 + 1 / i, term);
    total += loss;
  }
  return total * 1.01 + 2;
}

/** LOSS[k] bounds the loss for every X <= k/64 (the loss grows with X). */
const LOSS = Float64Array.from({ length: FAST_LIMIT * LOSS_STEPS_PER_UNIT + 2 }, (_, k) =>
  truncationLoss(k / LOSS_STEPS_PER_UNIT),
);

/**
 * e^X for 0 <= X <= FAST_LIMIT to ~1e-15 relative error, cheaper than Math.exp: e^(k/64) from a
 * table times a degree-7 Taylor polynomial of e^r, r < 1/64 (remainder < 2^-60). The callers
 * widen by EXP_REL, far above this error, so the bounds stay rigorous.
 */
const EXP_TABLE = Float64Array.from({ length: FAST_LIMIT * 64 + 2 }, (_, k) => Math.exp(k / 64));
const EXP_REL = 2 ** -44;

function approxExp(X: number): number {
  const k = Math.floor(X * 64);
  const r = X - k * 0.015_625;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040))))));
  return (EXP_TABLE[k] as number) * p;
}

/**
 * The crate's exp, exactly, for |x| <= FAST_LIMIT: term_i = floor(floor(term·x / 2^32) / i).
 * With x split once into 26-bit halves every partial product stays below 2^53, and
 * floor(m / i) is exact for m < 2^47 (a quotient's rounding error is under 1/64 < 1/i).
 */
function expTaylor(x: number): number {
  if (x === 0) return ONE_FX;
  if (x === ONE_FX) return E_RAW;
  const operand = x < 0 ? -x : x;
  const oh = Math.floor(operand * INV26);
  const ol = operand - oh * TWO26;
  let result = operand + ONE_FX;
  let term = operand;
  for (let i = 2; i < 32; i++) {
    const th = Math.floor(term * INV26);
    const tl = term - th * TWO26;
    const shifted = Math.floor((term * oh + th * ol + Math.floor(tl * ol * INV26)) * 0.015_625);
    term = Math.floor(shifted / i);
    if (term === 0) break; // every later term is floor(0 * x) / i = 0 too
    result += term;
  }
  return x < 0 ? divFx(ONE_FX, result) : result;
}

export class AlphaSigmoid {
  private readonly steepFactor: number;
  /** The factor as an integer when it is whole (the usual case), making x an exact product. */
  private readonly steepInteger: number | null;
  private readonly span: number;

  constructor(
    private readonly low: number,
    private readonly high: number,
    steepness: number,
  ) {
    // steepness.saturating_div(I32F32::from_num(-100)) with steepness = I32F32(i16).
    this.steepFactor = divFx(steepness, -100 * TWO32);
    this.steepInteger = this.steepFactor % TWO32 === 0 ? this.steepFactor / TWO32 : null;
    this.span = high - low;
  }

  /** alpha_sigmoid(consensus, weight, bond, low, high, steepness) — see run_epoch.rs. */
  alpha(consensus: number, weight: number, bond: number): number {
    let diff = weight >= bond ? weight - consensus : bond - weight;
    diff = diff < 0 ? 0 : diff > ONE_FX ? ONE_FX : diff;
    let x =
      this.steepInteger !== null
        ? this.steepInteger * (diff - HALF) + 0
        : mulFx(this.steepFactor, diff - HALF);
    x = x < MIN_INPUT ? MIN_INPUT : x > MAX_INPUT ? MAX_INPUT : x;
    const magnitude = Math.abs(x) * INV32;
    if (magnitude > FAST_LIMIT) return this.fromSigmoid(Number(liquidSigmoid(BigInt(x))));
    if (x === 0 || x === ONE_FX) return this.exact(x);

    // Real bounds on E(|x|) in raw units (see the header comment).
    const ex = approxExp(magnitude);
    // Below |x| = 5 the series' tail is under 2^-32 and the margins absorb it.
    const tail = magnitude > 5 ? Math.pow(magnitude, 32) / FACTORIAL_32 / (1 - magnitude / 33) : 0;
    let eHigh = ex * TWO32 * (1 + EXP_REL) + 2;
    let eLow =
      (ex - tail) * TWO32 * (1 - EXP_REL) - (LOSS[Math.ceil(magnitude * LOSS_STEPS_PER_UNIT)] as number) - 2;
    if (eLow < 1) eLow = 1;
    if (x < 0) {
      // E(x) = trunc(2^64 / E(|x|)): decreasing in E(|x|), and the truncation loses < 1.
      const flippedLow = (TWO64 / eHigh) * (1 - REL) - 1;
      eHigh = (TWO64 / eLow) * (1 + REL);
      eLow = flippedLow;
    }
    // s = floor(2^64 / (2^32 + E)) lies in [floor(uLow), floor(uHigh)].
    const sLow = Math.floor((TWO64 / (TWO32 + eHigh)) * (1 - REL));
    const sHigh = Math.floor((TWO64 / (TWO32 + eLow)) * (1 + REL));
    const alphaLow = this.fromSigmoid(sLow);
    if (sHigh === sLow || this.fromSigmoid(sHigh) === alphaLow) return alphaLow;
    return this.exact(x);
  }

  private exact(x: number): number {
    return this.fromSigmoid(divFx(ONE_FX, ONE_FX + expTaylor(x)));
  }

  /** clamp(low + floor(s * span / 2^32), low, high), with the floor checked in floats first. */
  private fromSigmoid(sigmoid: number): number {
    const v = sigmoid * this.span * INV32;
    let g = Math.floor(v);
    const slack = Math.abs(v) * REL;
    if (v - g <= slack || g + 1 - v <= slack) g = mulFx(sigmoid, this.span);
    const alpha = this.low + g;
    return alpha < this.low ? this.low : alpha > this.high ? this.high : alpha;
  }
}
