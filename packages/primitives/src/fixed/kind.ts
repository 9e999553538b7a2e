/**
 * substrate_fixed (encointer v0.6.0) fixed-point semantics on bigint raw values.
 *
 * A value of kind IaFb / UaFb is stored as its raw bits: an integer `raw` meaning raw / 2^b.
 * The rules follow the crate exactly because consensus results must be bit-identical:
 * - mul: (a*b) >> frac on the double-width product, an arithmetic shift, so it floors;
 * - div: (a << frac) / b with integer division, so it truncates toward zero;
 * - checked_* return undefined on overflow (and on division by zero), saturating_* clamp,
 *   safe_div (subtensor's safe-math) returns 0 whenever checked_div fails;
 * - fixed→fixed conversion drops extra fraction bits with an arithmetic shift (floor);
 * - float→fixed rounds to nearest, ties to even; round() is nearest, ties away from zero;
 * - to an integer: floor, and the saturating variants clamp to the target range.
 */
import { FixedPointError } from './errors.js';

export interface FixedKindSpec {
  readonly name: string;
  readonly signed: boolean;
  readonly intBits: number;
  readonly fracBits: number;
}

function floorShift(value: bigint, shift: bigint): bigint {
  // bigint >> is an arithmetic shift (floor), exactly like Rust's on signed integers.
  return value >> shift;
}

function truncDiv(a: bigint, b: bigint): bigint {
  // bigint division truncates toward zero, exactly like Rust's integer division.
  return a / b;
}

export class FixedKind {
  readonly name: string;
  readonly signed: boolean;
  readonly intBits: number;
  readonly fracBits: number;
  readonly bits: number;
  readonly frac: bigint;
  readonly one: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly zero = 0n;

  constructor(spec: FixedKindSpec) {
    this.name = spec.name;
    this.signed = spec.signed;
    this.intBits = spec.intBits;
    this.fracBits = spec.fracBits;
    this.bits = spec.intBits + spec.fracBits;
    this.frac = BigInt(spec.fracBits);
    this.one = 1n << this.frac;
    const width = BigInt(this.bits);
    this.min = spec.signed ? -(1n << (width - 1n)) : 0n;
    this.max = spec.signed ? (1n << (width - 1n)) - 1n : (1n << width) - 1n;
  }

  inRange(raw: bigint): boolean {
    return raw >= this.min && raw <= this.max;
  }

  saturate(raw: bigint): bigint {
    if (raw > this.max) return this.max;
    if (raw < this.min) return this.min;
    return raw;
  }

  private checkedResult(raw: bigint): bigint | undefined {
    return this.inRange(raw) ? raw : undefined;
  }

  private expect(raw: bigint | undefined, op: string): bigint {
    if (raw === undefined) throw new FixedPointError('FIXED_OVERFLOW', `${this.name} ${op} overflowed`);
    return raw;
  }

  // ---- construction -------------------------------------------------------------------------

  /** from_num(int): exact; throws when the integer does not fit (Rust panics). */
  fromInt(value: bigint | number): bigint {
    return this.expect(this.checkedFromInt(value), `from_num(${String(value)})`);
  }

  checkedFromInt(value: bigint | number): bigint | undefined {
    return this.checkedResult(BigInt(value) << this.frac);
  }

  saturatingFromInt(value: bigint | number): bigint {
    return this.saturate(BigInt(value) << this.frac);
  }

  /** from_num(f64): round to nearest, ties to even, on the exact binary value of the double. */
  fromF64(value: number): bigint {
    return this.expect(this.checkedFromF64(value), `from_num(${value})`);
  }

  checkedFromF64(value: number): bigint | undefined {
    if (!Number.isFinite(value)) return undefined;
    return this.checkedResult(roundedScaledFloat(value, this.fracBits));
  }

  saturatingFromF64(value: number): bigint {
    if (Number.isNaN(value)) throw new FixedPointError('FIXED_NAN', `${this.name} from NaN`);
    if (value === Infinity) return this.max;
    if (value === -Infinity) return this.min;
    return this.saturate(roundedScaledFloat(value, this.fracBits));
  }

  /** from_num(f32): the literal is first rounded to f32, as in a Rust `0.1_f32` literal. */
  fromF32(value: number): bigint {
    return this.fromF64(Math.fround(value));
  }

  saturatingFromF32(value: number): bigint {
    return this.saturatingFromF64(Math.fround(value));
  }

  /** from_num(other fixed): shift, dropping extra fraction bits with floor. */
  checkedFromFixed(source: FixedKind, raw: bigint): bigint | undefined {
    return this.checkedResult(this.rescale(source, raw));
  }

  fromFixed(source: FixedKind, raw: bigint): bigint {
    return this.expect(this.checkedFromFixed(source, raw), `from_num(${source.name})`);
  }

  saturatingFromFixed(source: FixedKind, raw: bigint): bigint {
    return this.saturate(this.rescale(source, raw));
  }

  private rescale(source: FixedKind, raw: bigint): bigint {
    const shift = source.fracBits - this.fracBits;
    return shift >= 0 ? floorShift(raw, BigInt(shift)) : raw << BigInt(-shift);
  }

  /** Parse a decimal literal exactly ("0.1" → nearest raw, ties to even), for tests and configs. */
  fromDecimal(text: string): bigint {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!match) throw new FixedPointError('FIXED_PARSE', `${this.name}: not a decimal number: ${text}`);
    const [, sign, whole = '0', fraction = ''] = match;
    const denominator = 10n ** BigInt(fraction.length);
    const numerator = BigInt(whole + fraction) << this.frac;
    let quotient = numerator / denominator;
    const twiceRemainder = (numerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && (quotient & 1n) === 1n)) {
      quotient += 1n;
    }
    return this.expect(this.checkedResult(sign === '-' ? -quotient : quotient), `from "${text}"`);
  }

  // ---- conversion out -----------------------------------------------------------------------

  /** Nearest double; exact for raws with at most 53 significant bits. */
  toF64(raw: bigint): number {
    const whole = raw >> this.frac;
    const fraction = raw - (whole << this.frac);
    return Number(whole) + Number(fraction) / Number(this.one);
  }

  /** to_num::<integer>(): floor. */
  floorToInt(raw: bigint): bigint {
    return floorShift(raw, this.frac);
  }

  /** saturating_to_num::<uN/iN>(): floor, then clamp to the integer type's range. */
  saturatingToInt(raw: bigint, min: bigint, max: bigint): bigint {
    const value = floorShift(raw, this.frac);
    if (value < min) return min;
    if (value > max) return max;
    return value;
  }

  saturatingToU64(raw: bigint): bigint {
    return this.saturatingToInt(raw, 0n, 0xffff_ffff_ffff_ffffn);
  }

  saturatingToU16(raw: bigint): number {
    return Number(this.saturatingToInt(raw, 0n, 0xffffn));
  }

  toDecimalString(raw: bigint, digits = 10): string {
    const negative = raw < 0n;
    const magnitude = negative ? -raw : raw;
    const whole = magnitude >> this.frac;
    const fraction = magnitude - (whole << this.frac);
    const scaled = (fraction * 10n ** BigInt(digits)) >> this.frac;
    const text = digits > 0 ? `${whole}.${scaled.toString().padStart(digits, '0')}` : `${whole}`;
    return negative ? `-${text}` : text;
  }

  // ---- arithmetic ---------------------------------------------------------------------------

  checkedAdd(a: bigint, b: bigint): bigint | undefined {
    return this.checkedResult(a + b);
  }

  saturatingAdd(a: bigint, b: bigint): bigint {
    return this.saturate(a + b);
  }

  checkedSub(a: bigint, b: bigint): bigint | undefined {
    return this.checkedResult(a - b);
  }

  saturatingSub(a: bigint, b: bigint): bigint {
    return this.saturate(a - b);
  }

  checkedNeg(a: bigint): bigint | undefined {
    return this.checkedResult(-a);
  }

  saturatingNeg(a: bigint): bigint {
    return this.saturate(-a);
  }

  /** Full-precision product, floored to the fraction: the value before any overflow check. */
  mulUnchecked(a: bigint, b: bigint): bigint {
    return floorShift(a * b, this.frac);
  }

  checkedMul(a: bigint, b: bigint): bigint | undefined {
    return this.checkedResult(this.mulUnchecked(a, b));
  }

  saturatingMul(a: bigint, b: bigint): bigint {
    return this.saturate(this.mulUnchecked(a, b));
  }

  /** checked_div: undefined on a zero divisor or when the quotient does not fit. */
  checkedDiv(a: bigint, b: bigint): bigint | undefined {
    if (b === 0n) return undefined;
    return this.checkedResult(truncDiv(a << this.frac, b));
  }

  /** saturating_div: clamps on overflow; a zero divisor panics in Rust, so it throws here. */
  saturatingDiv(a: bigint, b: bigint): bigint {
    if (b === 0n) throw new FixedPointError('FIXED_DIV_ZERO', `${this.name} saturating_div by zero`);
    return this.saturate(truncDiv(a << this.frac, b));
  }

  /** subtensor safe-math: checked_div(..).unwrap_or_default(), i.e. 0 on zero divisor or overflow. */
  safeDiv(a: bigint, b: bigint): bigint {
    return this.checkedDiv(a, b) ?? 0n;
  }

  /** round(): nearest integer, ties away from zero (result still in this kind). */
  round(raw: bigint): bigint {
    const half = this.one >> 1n;
    const magnitude = raw < 0n ? -raw : raw;
    const rounded = ((magnitude + half) >> this.frac) << this.frac;
    return raw < 0n ? -rounded : rounded;
  }

  min2(a: bigint, b: bigint): bigint {
    return a < b ? a : b;
  }

  max2(a: bigint, b: bigint): bigint {
    return a > b ? a : b;
  }

  /** Iterator sum as Rust's `Sum` in release builds: two's-complement wrapping on overflow. */
  wrappingSum(values: Iterable<bigint>): bigint {
    let total = 0n;
    for (const v of values) total += v;
    return this.wrap(total);
  }

  wrap(raw: bigint): bigint {
    return this.signed ? BigInt.asIntN(this.bits, raw) : BigInt.asUintN(this.bits, raw);
  }
}

/** value * 2^frac rounded to nearest, ties to even, computed exactly from the double's bits. */
function roundedScaledFloat(value: number, fracBits: number): bigint {
  if (value === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const exponentBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (exponentBits === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  // value = mantissa * 2^exponent; scaled = mantissa * 2^(exponent + fracBits)
  const shift = exponent + fracBits;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = mantissa << BigInt(shift);
  } else {
    const s = BigInt(-shift);
    scaled = mantissa >> s;
    const remainder = mantissa - (scaled << s);
    const half = 1n << (s - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  return negative ? -scaled : scaled;
}
