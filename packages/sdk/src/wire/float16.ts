// IEEE 754 binary16 for bittensor tensors of dtype float16: numpy casts float64 to float16 rounding to
// the nearest value, ties to even, straight from the double (no float32 step, which could round twice).

/** The binary16 bits of `x`, rounded as numpy's `astype(np.float16)`. */
export function float16Bits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (Number.isNaN(a)) return 0x7e00;
  // 65520 lies halfway between the largest half (65504) and 2^16, and ties go to the even one: infinity.
  if (a >= 65520) return sign | 0x7c00;
  // Below the smallest normal, values are multiples of 2^-24 (the subnormal step).
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  // log2 of a double can land one off near powers of two; the comparisons below are exact.
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  let mantissa = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    e += 1;
  }
  return e > 15 ? sign | 0x7c00 : sign | ((e + 15) << 10) | mantissa;
}

/** The number binary16 `bits` stand for. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
