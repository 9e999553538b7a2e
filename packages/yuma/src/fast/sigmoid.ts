/**
 * The liquid-alpha coefficient on numbers, exactly as subtensor computes it:
 *   alpha = clamp(low + floor(s * (high - low)), low, high),  s = trunc(1 / (1 + E)),
 * where E is the crate's exp of x = steepness·(diff - 1/2): a 30-term Taylor series whose every
 * step floors (for x < 0, the reciprocal of the series at |x|, truncated).
 *
 * Evaluating that series exactly costs ~30 dependent wide multiplications per bond (a million
 * bonds on a dense 4096-uid subnet). Instead E is bounded: the floors only ever lower a term —
 * step i is floor(term·x / 2^32 / i) (two nested floors of a division by an integer are one),
 * so it loses less than 1 raw unit plus X/i times the previous step's loss, and never more than
 * the term itself — so 2^32·e^X - Δ(X) <= E(X) <= 2^32·e^X for X = |x| / 2^32, where
 * Δ is the tabulated loss bound plus a bound on the series' tail. u = 2^64 / (2^32 + E) is then
 * within a small band above f(X) = 2^32 / (1 + e^X), which a per-cell cubic reproduces to
 * better than 2^-10 raw units. For x < 0 the crate's E is the integer floor(2^64 / E(|x|)), so
 * the band is taken on that integer instead (around g(X) = 2^32·e^-X), which usually pins it,
 * and u down, to a single value. s = floor(u) and alpha are monotone in u, so when both ends of
 * the band give the same alpha, that is the exact alpha; otherwise (near a rounding boundary)
 * the series itself runs, for many bonds side by side so their dependency chains overlap: in
 * doubles, each step's floor certified by its distance from an integer, the rare uncertain one
 * redone in exact integer pieces.
 */
import { liquidSigmoid } from '../math/sigmoid.js';
import { ONE_FX, TWO16, TWO32, divFx, mulFx, mulSplit, splitHigh } from './arith.js';

const E_RAW = 22_802_600 * 512; // the crate's I9F23 e, widened to I32F32
/** Beyond |x| = 12 the series' largest terms approach 2^53 raw; those take the bigint route. */
const FAST_LIMIT = 12;
const FAST_LIMIT_RAW = FAST_LIMIT * TWO32;
const FACTORIAL_32 = 2.631_308_369_336_935e35;
const TWO26 = 67_108_864;
const INV26 = 2 ** -26;
const LOSS_STEPS_PER_UNIT = 64;

/** Upper bound on 2^32·T(X) - E(X) in raw units, from the per-step loss recurrence. */
function truncationLoss(X: number): number {
  let term = X * TWO32;
  let loss = 0;
  let total = 0;
  for (let i = 2; i < 32; i++) {
    term = (term * X) / i;
    loss = Math.min((loss * X) / i + 1, term);
    total += loss;
  }
  return total * 1.01 + 2;
}

/** LOSS[k] bounds the loss for every X <= k/64 (the loss grows with X). */
const LOSS = Float64Array.from({ length: FAST_LIMIT * LOSS_STEPS_PER_UNIT + 2 }, (_, k) =>
  truncationLoss(k / LOSS_STEPS_PER_UNIT),
);

/** X^32/32! / (1 - X/33): bounds 2^-32 times the series terms past the 31st, for X < 33. */
function seriesTail(X: number): number {
  return Math.pow(X, 32) / FACTORIAL_32 / (1 - X / 33);
}

/**
 * The band table: cell k covers |x| in [k, k+1)·2^23 raw (X in steps of 1/512) and holds
 * f and its first three derivatives over 1, 2 and 6 at the cell's centre, then `up`, the width
 * of the band above f. The cubic's remainder is under max|f''''|·(2^-10)^4/24 <= 2^31·2^-40/24 <
 * 2^-13 (|σ''''| <= 1/2), and the coefficients and their evaluation carry ~10^-5 raw units of
 * rounding: BAND_SLACK = 2^-10 covers both on either side.
 *
 * For x < 0 the crate takes E(x) = floor(2^64 / E(|x|)), an integer, so the second half of the
 * table (from NEGATIVE) holds the same for g(X) = 2^32·e^-X (coefficients g, -g, g/2, -g/6;
 * remainder under 2^32·2^-40/24) and the width of the band above g that 2^64 / E(|x|) lies in.
 * Knowing the integer E(x) usually pins u down to one value, where a band on u directly would
 * be a whole raw unit wide.
 */
const CELL_SHIFT = 23;
const CELLS = (FAST_LIMIT << (32 - CELL_SHIFT)) + 1;
const STRIDE = 5;
const NEGATIVE = CELLS * STRIDE; // 30725, spelled as a literal in bands()
const BAND_SLACK = 2 ** -10;

/** v²Δ/2^64 / (1 - vΔ/2^64), with a 1% margin and the slack. */
function widthAbove(v: number, delta: number): number {
  const ratio = (v * delta) / 2 ** 64;
  return ((v * v * delta) / 2 ** 64 / (1 - ratio)) * 1.01 + BAND_SLACK;
}

const BAND = new Float64Array(2 * CELLS * STRIDE);
for (let k = 0; k < CELLS; k++) {
  const centre = (k + 0.5) / 512;
  const s = 1 / (1 + Math.exp(centre));
  const d1 = s * (1 - s);
  const base = k * STRIDE;
  BAND[base] = TWO32 * s;
  BAND[base + 1] = -TWO32 * d1;
  BAND[base + 2] = (TWO32 * d1 * (1 - 2 * s)) / 2;
  BAND[base + 3] = (-TWO32 * d1 * (1 - 6 * s + 6 * s * s)) / 6;
  // E may fall short of 2^32·e^X by up to Δ; u then exceeds f by at most f²Δ/2^64 / (1 - δ),
  // δ = fΔ/2^64, with f largest at the cell's left edge and Δ at its right one. Likewise
  // 2^64 / E exceeds g by at most g²Δ/2^64 / (1 - gΔ/2^64).
  const left = k / 512;
  const right = Math.min((k + 1) / 512, FAST_LIMIT);
  const delta = TWO32 * seriesTail(right) + (LOSS[Math.ceil(right * LOSS_STEPS_PER_UNIT)] as number);
  BAND[base + 4] = widthAbove(TWO32 / (1 + Math.exp(left)), delta);
  const g = TWO32 * Math.exp(-centre);
  BAND[NEGATIVE + base] = g;
  BAND[NEGATIVE + base + 1] = -g;
  BAND[NEGATIVE + base + 2] = g / 2;
  BAND[NEGATIVE + base + 3] = -g / 6;
  BAND[NEGATIVE + base + 4] = widthAbove(TWO32 * Math.exp(-left), delta);
}

/**
 * The crate's exp, exactly, for |x| <= FAST_LIMIT (see exactSeries), with its special cases
 * (0 and exactly 1; -1 goes through the series like every negative input) and the reciprocal
 * it takes for x < 0.
 */
function expTaylor(x: number): number {
  if (x === 0) return ONE_FX;
  if (x === ONE_FX) return E_RAW;
  const result = exactSeries(x < 0 ? -x : x);
  return x < 0 ? divFx(ONE_FX, result) : result;
}

/**
 * 2^32 + operand + Σ term_i, term_i = floor(floor(term·operand / 2^32) / i), for
 * 0 < operand <= FAST_LIMIT·2^32. With the operand split once into 26-bit halves every partial
 * product stays below 2^53, and floor(m / i) is exact for m < 2^47 (a quotient's rounding error
 * is under 1/64 < 1/i).
 */
export function exactSeries(operand: number): number {
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
  return result;
}

/** 2^-32 / i: one multiplication per series step (2^-32 scales exactly; 1/i rounds once). */
const STEP_SCALE = Float64Array.from({ length: 32 }, (_, i) => (i === 0 ? 0 : 2 ** -32 / i));

export class AlphaSigmoid {
  private readonly steepFactor: number;
  /** The factor as an integer when it is whole (the usual case), making x an exact product. */
  private readonly steepInteger: number | null;
  private readonly span: number;
  private readonly spanHigh: number;
  private readonly spanLow: number;
  /** Alpha at a combined diff of 0: clipped weights never exceed consensus, so it is common. */
  readonly atZero: number;
  /**
   * low, high, span·2^-32, the whole steepness factor (0 when not whole) and 1 when it is whole,
   * read by the hot loop from a typed array: values read from fields reach optimized code as
   * tagged numbers, re-checked and unboxed on every iteration and forcing results that mix
   * with them onto the heap, while typed-array elements are raw doubles.
   */
  private readonly constants: Float64Array;
  // Bonds whose band was inconclusive, resolved together by resolve().
  private pendingIndex = new Int32Array(64);
  private pendingX = new Float64Array(64);
  private xs = new Float64Array(68);
  private readonly single = new Float64Array(1);
  private readonly singleAlpha = new Float64Array(1);
  private readonly singleIndex = new Int32Array(1);

  constructor(
    private readonly low: number,
    private readonly high: number,
    steepness: number,
  ) {
    // steepness.saturating_div(I32F32::from_num(-100)) with steepness = I32F32(i16).
    this.steepFactor = divFx(steepness, -100 * TWO32);
    this.steepInteger = this.steepFactor % TWO32 === 0 ? this.steepFactor / TWO32 : null;
    this.span = high - low;
    this.spanHigh = splitHigh(this.span);
    this.spanLow = this.span - this.spanHigh * TWO16;
    this.atZero = this.exactAlpha(this.exponent(0));
    this.constants = Float64Array.of(
      low,
      high,
      this.span * 2 ** -32,
      this.steepInteger ?? 0,
      this.steepInteger !== null ? 1 : 0,
    );
  }

  /** alpha_sigmoid(consensus, weight, bond, low, high, steepness) — see run_epoch.rs. */
  alpha(consensus: number, weight: number, bond: number): number {
    const diff = weight >= bond ? weight - consensus : bond - weight;
    return this.alphaOfDiff(diff < 0 ? 0 : diff > ONE_FX ? ONE_FX : diff);
  }

  /** Alpha for a combined diff already clamped to [0, 1]. */
  alphaOfDiff(diff: number): number {
    this.single[0] = diff;
    this.singleIndex[0] = 0;
    this.fill(this.single, this.singleIndex, 1, this.singleAlpha);
    return this.singleAlpha[0] as number;
  }

  /**
   * out[k] = alpha for the clamped diff diffs[k], for each k = index[t], t < count. Results go
   * to an array rather than a return value: a double returned from a call that is not inlined
   * is allocated on the heap.
   */
  fill(diffs: Float64Array, index: Int32Array, count: number, out: Float64Array): void {
    // Every scratch array must hold `count` bonds (xs has 4 slots more).
    if (this.pendingIndex.length < count) this.grow(count);
    // x = steepness/-100 · (diff - 1/2), clamped to ±20 (the crate's exp_safe input range).
    // A whole factor (the usual case) makes x an exact product, formed inside bands(); other
    // factors take the fixed-point multiplication here first.
    if (this.steepInteger === null) {
      const xs = this.xs;
      for (let t = 0; t < count; t++) xs[t] = this.exponent(diffs[index[t] as number] as number);
    }
    const pending = this.bands(diffs, index, count, out);
    if (pending > 0) this.resolve(pending, out);
  }

  /** x for a clamped diff, clamped to ±20. */
  private exponent(diff: number): number {
    const x =
      this.steepInteger !== null
        ? this.steepInteger * (diff - 2147483648) + 0
        : mulFx(this.steepFactor, diff - 2147483648);
    return x < -85899345920 ? -85899345920 : x > 85899345920 ? 85899345920 : x;
  }

  /**
   * Alphas the band decides, written to out; the others are queued. Returns the queue's size.
   *
   * For x > 0, u lies in [f - slack, f + w], so s = floor(u) lies in
   * [floor(h - slack), floor(h + w)]. For x < 0, h = g: 2^64 / E(|x|) lies in
   * [g, g + w - slack], so the integer E(x) lies in [floor(h - slack), floor(h + w)] and
   * u = 2^64 / (2^32 + E(x)) between the two quotients, each a correctly rounded double within
   * 2^-21 of the true one (widened by 2^-20). Both signs share one loop: splitting the bonds
   * by sign first (random from bond to bond when bonds are far from the weights) cost more
   * than the branch, and the divisions are only paid for x < 0 (steady-state bonds sit near
   * the weights, where x > 0 nearly always).
   */
  private bands(diffs: Float64Array, index: Int32Array, count: number, out: Float64Array): number {
    const { pendingIndex, pendingX, xs, constants } = this;
    const low = constants[0] as number;
    const high = constants[1] as number;
    const scale = constants[2] as number;
    const steep = constants[3] as number;
    const integral = constants[4] === 1;
    const band = BAND;
    // Constants as locals compile to immediates (see arith.ts).
    const two32 = 4294967296;
    const two64 = 18446744073709551616;
    const fastLimit = 51539607552; // 12 · 2^32
    const inv32 = 2.3283064365386963e-10;
    const cellScale = 1.1920928955078125e-7; // 2^-23
    const cellWidth = 8388608; // 2^23
    const slack = 0.0009765625; // BAND_SLACK = 2^-10
    // floor(s·span/2^32) from one rounded product: within 2^-21 of the real value, so its floor
    // is exact when the fraction is 2^-20 away from an integer.
    const near = 9.5367431640625e-7; // 2^-20
    const negativeHalf = 30725; // NEGATIVE, as a literal
    let queued = 0;
    for (let t = 0; t < count; t++) {
      const k = index[t] as number;
      const d = diffs[k] as number;
      let x: number;
      if (integral) {
        x = steep * (d - 2147483648) + 0;
        x = x < -85899345920 ? -85899345920 : x > 85899345920 ? 85899345920 : x;
      } else {
        x = xs[t] as number;
      }
      const negative = +(x < 0);
      const operand = Math.abs(x);
      // Beyond the table (queued below) the lookup reads its last cell, so it stays in bounds.
      const capped = Math.min(operand, fastLimit);
      // Below 12·2^32 the cell index fits an int32, and truncation is the floor.
      const cell = (capped * cellScale) | 0;
      const r = (capped - (cell + 0.5) * cellWidth) * inv32;
      const base = cell * 5 + negative * negativeHalf;
      const h =
        (band[base] as number) +
        r * ((band[base + 1] as number) + r * ((band[base + 2] as number) + r * (band[base + 3] as number)));
      const w = band[base + 4] as number;
      const hs = Math.floor(h - slack);
      const hw = Math.floor(h + w);
      let sLow = hs;
      let sHigh = hw;
      if (negative === 1) {
        sLow = Math.floor(two64 / (two32 + hw) - near);
        sHigh = Math.floor(two64 / (two32 + hs) + near);
      }
      // The true products lie within 2^-21 of these: widening each end by 2^-20 and comparing
      // the floors settles alpha exactly, or flags the bond.
      const aLow = Math.floor(sLow * scale - near);
      const aHigh = Math.floor(sHigh * scale + near);
      // clamp_value: min with high, then max with low.
      let alpha = low + aLow;
      alpha = alpha < high ? alpha : high;
      alpha = alpha > low ? alpha : low;
      out[k] = alpha;
      // x = 0, x = 1 and |x| beyond the table always take the exact path.
      const special = +(operand > fastLimit) | +(x === 0) | +(x === two32);
      // Every bond is written to the queue's next slot; only unsettled ones advance it, which
      // keeps an unpredictable branch out of the loop.
      pendingIndex[queued] = k;
      pendingX[queued] = x;
      queued += +(aLow !== aHigh) | special;
    }
    return queued;
  }

  /** The exact alpha for x (clamped to ±20): the crate's series, or bigint beyond the table. */
  private exactAlpha(x: number): number {
    if ((x < 0 ? -x : x) > FAST_LIMIT_RAW) return this.fromSigmoid(Number(liquidSigmoid(BigInt(x))));
    return this.fromSigmoid(divFx(ONE_FX, ONE_FX + expTaylor(x)));
  }

  /** The exact series for the queued bonds, four at a time so their chains overlap. */
  private resolve(pending: number, out: Float64Array): void {
    const { pendingIndex, pendingX } = this;
    let m = 0;
    for (let p = 0; p < pending; p++) {
      const x = pendingX[p] as number;
      const k = pendingIndex[p] as number;
      const operand = x < 0 ? -x : x;
      if (operand > FAST_LIMIT_RAW || x === 0 || x === ONE_FX) out[k] = this.exactAlpha(x);
      else {
        // Compact the queue in place: slot m <= p is already consumed.
        pendingIndex[m] = k;
        pendingX[m] = x;
        m += 1;
      }
    }
    const xs = this.xs;
    for (let p = 0; p < m; p += 4) {
      const a = pendingX[p] as number;
      const b = p + 1 < m ? (pendingX[p + 1] as number) : a;
      const c = p + 2 < m ? (pendingX[p + 2] as number) : a;
      const d = p + 3 < m ? (pendingX[p + 3] as number) : a;
      seriesFour(a < 0 ? -a : a, b < 0 ? -b : b, c < 0 ? -c : c, d < 0 ? -d : d, xs, p);
    }
    for (let p = 0; p < m; p++) {
      const x = pendingX[p] as number;
      let series = xs[p] as number;
      // A lane the doubles could not settle: the exact series (|x| is neither 0 nor 1 here).
      if (series < 0) series = exactSeries(x < 0 ? -x : x);
      const e = x < 0 ? divFx(ONE_FX, series) : series;
      out[pendingIndex[p] as number] = this.fromSigmoid(divFx(ONE_FX, ONE_FX + e));
    }
  }

  private grow(count: number): void {
    // A multiple of 4, so seriesFour's last group stays inside xs.
    const size = Math.ceil(Math.max(count, this.xs.length * 2) / 4) * 4;
    this.pendingIndex = new Int32Array(size);
    this.pendingX = new Float64Array(size);
    this.xs = new Float64Array(size + 4);
  }

  /** clamp(low + floor(s * span / 2^32), low, high), as clamp_value: min with high, then max with low. */
  private fromSigmoid(sigmoid: number): number {
    const alpha = this.low + mulSplit(this.spanHigh, this.spanLow, sigmoid);
    const capped = alpha < this.high ? alpha : this.high;
    return capped > this.low ? capped : this.low;
  }
}

/**
 * expTaylor's series (without its special cases and final reciprocal) for four operands in
 * lockstep, written to out[at..at+3] (the array has room past the queue's end); -1 marks a lane
 * whose result is not certain. Each step is term_i = floor(term·x / 2^32 / i) (the crate's two
 * floors nest into one), formed as term·x·(2^-32/i) in doubles: three roundings put the product
 * within q·2^-51 of the true quotient q, so its floor is exact unless its fraction lies within
 * that distance of an integer. Such steps (rare) mark the lane for the exact series. Once every
 * lane's term is 0 all later terms are too, so the loop stops there.
 */
export function seriesFour(a: number, b: number, c: number, d: number, out: Float64Array, at: number): void {
  const scale = STEP_SCALE;
  const slackFactor = 8.881784197001252e-16; // 2^-50
  let ta = a;
  let tb = b;
  let tc = c;
  let td = d;
  let sa = a + 4294967296;
  let sb = b + 4294967296;
  let sc = c + 4294967296;
  let sd = d + 4294967296;
  let ba = 0;
  let bb = 0;
  let bc = 0;
  let bd = 0;
  for (let i = 2; i < 32; i++) {
    const k = scale[i] as number;
    const qa = ta * a * k;
    const qb = tb * b * k;
    const qc = tc * c * k;
    const qd = td * d * k;
    ta = Math.floor(qa);
    tb = Math.floor(qb);
    tc = Math.floor(qc);
    td = Math.floor(qd);
    const fa = qa - ta;
    const fb = qb - tb;
    const fc = qc - tc;
    const fd = qd - td;
    // q >= 0, so q·2^-50 bounds the error whether q is a term or already below 1; a finished
    // lane has q = 0 exactly and passes.
    ba += +(fa < qa * slackFactor) + +(fa >= 1 - qa * slackFactor);
    bb += +(fb < qb * slackFactor) + +(fb >= 1 - qb * slackFactor);
    bc += +(fc < qc * slackFactor) + +(fc >= 1 - qc * slackFactor);
    bd += +(fd < qd * slackFactor) + +(fd >= 1 - qd * slackFactor);
    sa += ta;
    sb += tb;
    sc += tc;
    sd += td;
    if (ta + tb + tc + td === 0) break;
  }
  out[at] = ba === 0 ? sa : -1;
  out[at + 1] = bb === 0 ? sb : -1;
  out[at + 2] = bc === 0 ? sc : -1;
  out[at + 3] = bd === 0 ? sd : -1;
}
