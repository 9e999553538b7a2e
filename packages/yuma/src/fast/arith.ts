/**
 * Exact I32F32 arithmetic on JS numbers. A raw I32F32 value is held as an integer-valued
 * double; every operation here returns exactly what substrate_fixed returns, or throws
 * OutOfFastRange when the exact result would not be a safe integer (the caller then redoes
 * the whole computation on bigint). Products and quotients that exceed 53 bits are handled
 * with limb splitting and Dekker's error-free product, never with rounding.
 *
 * The helpers meant for hot loops spell their constants as literals. V8 (as shipped with
 * Node 20) does not constant-fold module-level bindings: each use inside a loop reloads the
 * binding, checks it for the temporal dead zone and unboxes it, which cost more than the
 * arithmetic. Function-local constants and literals compile to immediates. The literals are
 * 2^-16 = 0.0000152587890625, 2^-32 = 2.3283064365386963e-10, 2^32 = 4294967296,
 * 2^53 = 9007199254740992 and 2^-51 = 4.440892098500626e-16, all exactly representable.
 */
export const TWO32 = 4_294_967_296;
export const ONE_FX = TWO32;
export const TWO16 = 65_536;
const TWO26 = 67_108_864;
const TWO53 = 9_007_199_254_740_992;
const LIMB_LIMIT = 2 ** 51;
const SPLITTER = 134_217_729; // 2^27 + 1, Veltkamp's constant for doubles

/** Signals that an exact value left the range this representation can hold. */
export class OutOfFastRange extends Error {
  constructor(what: string) {
    super(`value out of the fast path's exact range in ${what}`);
    this.name = 'OutOfFastRange';
  }
}

const MUL_RANGE = new OutOfFastRange('mul');
const DIV_RANGE = new OutOfFastRange('div');
// Multiplying by a power of two is exact and much cheaper than dividing by it.
const INV16 = 2 ** -16;
const INV26 = 2 ** -26;
const TWO37 = 2 ** 37;
const TWO68 = 2 ** 68;
/** Relative error bound (with a factor-4 margin) of a correctly rounded double quotient. */
const QUOTIENT_SLACK = 2 ** -51;

// The functions below are kept tiny so V8 inlines them into the hot loops: a double returned
// from a call that is not inlined is boxed on the heap, and that allocation dominated the epoch.
// Their rare exact fallbacks live in separate functions so they are not inlined as well.

/**
 * floor(a * b / 2^32): I32F32 multiplication (an arithmetic shift floors). Below 2^53 the
 * product is exact. Above, the rounded product is within 2^-53 of the true one, so its floor
 * after scaling is exact unless the scaled value lies within that distance of an integer; only
 * then is the product rebuilt exactly from 16-bit or 26-bit pieces.
 */
export function mulFx(a: number, b: number): number {
  const p = a * b;
  // `+ 0` turns -0 into 0: raw values are integers, and -0 would leak into outputs.
  if (p < 9007199254740992 && p > -9007199254740992) return Math.floor(p * 2.3283064365386963e-10) + 0;
  const t = p * 2.3283064365386963e-10;
  const q = Math.floor(t);
  const f = t - q;
  const slack = (t < 0 ? -t : t) * 4.440892098500626e-16;
  if (f > slack && f < 1 - slack && q < 9007199254740992 && q > -9007199254740992) return q + 0;
  return mulFxExact(a, b, p);
}

function mulFxExact(a: number, b: number, p: number): number {
  if (p < TWO68 && p > -TWO68 && b < TWO37 && b > -TWO37) {
    // a = ah*2^16 + al: both partial products stay below 2^53.
    const ah = Math.floor(a * INV16);
    return Math.floor((ah * b + Math.floor((a - ah * TWO16) * b * INV16)) * INV16) + 0;
  }
  return mulFxLimbs(a, b);
}

/** The general case: 26-bit limbs on both sides. */
function mulFxLimbs(a: number, b: number): number {
  if (a >= LIMB_LIMIT || a <= -LIMB_LIMIT || b >= LIMB_LIMIT || b <= -LIMB_LIMIT) throw MUL_RANGE;
  const ah = Math.floor(a * INV26);
  const al = a - ah * TWO26;
  const bh = Math.floor(b * INV26);
  const bl = b - bh * TWO26;
  // a*b = ah*bh*2^52 + (ah*bl + al*bh)*2^26 + al*bl, each partial product below 2^53.
  const mid = ah * bl + al * bh + Math.floor(al * bl * INV26);
  const r = ah * bh * 1_048_576 + Math.floor(mid * 0.015_625);
  if (r >= TWO53 || r <= -TWO53) throw MUL_RANGE;
  return r + 0;
}

/**
 * floor(a * b / 2^32) without branches, for 0 <= a <= 2^33 and 0 <= b <= 2^34 (every
 * proportion, stake share and alpha of the epoch): with a = hi*2^16 + lo both partial products
 * and their sum stay below 2^53, so each step is exact. Callers scaling many values by one
 * factor split it once (hi = splitHigh(a), lo = a - hi * 2^16).
 */
export function mulSplit(hi: number, lo: number, b: number): number {
  return Math.floor((hi * b + Math.floor(lo * b * 0.0000152587890625)) * 0.0000152587890625);
}

export function splitHigh(a: number): number {
  return Math.floor(a * 0.0000152587890625);
}

/** mulSplit for a factor that changes with every product. */
export function mulExact(a: number, b: number): number {
  const hi = Math.floor(a * 0.0000152587890625);
  return Math.floor((hi * b + Math.floor((a - hi * 65536) * b * 0.0000152587890625)) * 0.0000152587890625);
}

/**
 * floor(a * b / 2^32) for 0 <= a, b <= 2^32 + 2^16 (a proportion times a proportion). The
 * true quotient q is below 2^33 and the rounded product scaled by 2^-32 lies within q·2^-53 <
 * 2^-20 of it, so its floor is exact unless the fraction lies within 2^-20 of an integer; only
 * then (rarely, and always for exact multiples) is the product rebuilt from 16-bit pieces. One
 * rounded product and a test are cheaper than mulExact's split of a factor that changes on
 * every call.
 */
export function mulProportions(a: number, b: number): number {
  const t = a * b * 2.3283064365386963e-10;
  const q = Math.floor(t);
  const f = t - q;
  if (f > 9.5367431640625e-7 && f < 0.99999904632568359375) return q;
  return mulExact(a, b);
}

/** x*y - fl(x*y), exactly (Dekker's TwoProduct with Veltkamp splitting). */
function productError(x: number, y: number, p: number): number {
  let c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  c = SPLITTER * y;
  const yh = c - (c - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** floor(numerator / divisor) for non-negative integer-valued doubles, exactly. */
function floorDivExact(numerator: number, divisor: number): number {
  let q = Math.floor(numerator / divisor);
  if (q >= TWO53) throw DIV_RANGE;
  const p = q * divisor;
  // numerator and p are close, so their difference is exact (Sterbenz); the product's rounding
  // error is then removed to get the true remainder.
  let r = p < TWO53 ? numerator - p : numerator - p - productError(q, divisor, p);
  while (r < 0) {
    q -= 1;
    r += divisor;
  }
  while (r >= divisor) {
    q += 1;
    r -= divisor;
  }
  return q;
}

/**
 * floor(numerator / divisor), non-negative operands. The rounded quotient is within
 * t * 2^-52 of the true one, so when its fractional part is farther than that from an integer
 * its floor is exact; only near-integer quotients need the exact remainder.
 */
function floorDiv(numerator: number, divisor: number): number {
  const t = numerator / divisor;
  const q = Math.floor(t);
  const f = t - q;
  const slack = t * QUOTIENT_SLACK;
  if (f > slack && f < 1 - slack && t < TWO53) return q;
  return floorDivExact(numerator, divisor);
}

/**
 * trunc(a * 2^32 / b) for a >= 0 and b > 0, given inv = 1 / b (computed once per row or column).
 * The reciprocal product is within 3·2^-53 of the true quotient, so its floor is exact unless
 * the quotient lies within that distance of an integer; those few go through the exact path.
 */
export function divFxBy(a: number, b: number, inv: number): number {
  const t = a * 4294967296 * inv;
  const q = Math.floor(t);
  const f = t - q;
  const slack = t * 4.440892098500626e-16;
  if (f > slack && f < 1 - slack && t < 9007199254740992) return q;
  return divFxNear(a, b);
}

/** divFxBy's fallback: zero numerators (common, and exact) and near-integer quotients. */
function divFxNear(a: number, b: number): number {
  return a === 0 ? 0 : floorDivExact(a * TWO32, b);
}

/** trunc(a * 2^32 / b): I32F32 division (truncates toward zero). b must not be 0. */
export function divFx(a: number, b: number): number {
  if (a >= 0 && b > 0) return floorDiv(a * TWO32, b);
  const q = floorDiv(Math.abs(a) * TWO32, Math.abs(b));
  return a < 0 !== b < 0 ? 0 - q : q;
}

/** safe_div: 0 when the divisor is 0 (the overflow case throws to the exact path). */
export function safeDivFx(a: number, b: number): number {
  return b === 0 ? 0 : divFx(a, b);
}

/** trunc(a / k) for a positive integer k: dividing by I32F32::from_num(k). */
export function divByInt(a: number, k: number): number {
  const q = floorDiv(Math.abs(a), k);
  return a < 0 ? 0 - q : q;
}

/** Sum of raw values; exact while the total stays a safe integer (checked by callers' bounds). */
export function sumFx(values: ArrayLike<number>, from = 0, to = values.length): number {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i] as number;
  if (total >= TWO53 || total <= -TWO53) throw new OutOfFastRange('sum');
  return total;
}

/** floor(x * 65535) clamped to u16: how the chain stores an I32F32 proportion. */
export function proportionToU16(x: number): number {
  const v = Math.floor(x * 65_535 * 2.3283064365386963e-10);
  return v <= 0 ? 0 : v > 65_535 ? 65_535 : v;
}

export function toBigRaw(x: number): bigint {
  return BigInt(x);
}

export function fromBigRaw(x: bigint, what: string): number {
  if (x >= BigInt(TWO53) || x <= -BigInt(TWO53)) throw new OutOfFastRange(what);
  return Number(x);
}
