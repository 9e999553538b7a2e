/**
 * substrate_fixed::transcendental exp and log2, step for step: subtensor's emission and
 * liquid-alpha maths depend on their exact truncation behaviour, not on the true functions.
 * The crate compares against I9F23 constants (ONE, TWO, E), so those are used here too.
 */
import type { FixedKind } from './kind.js';
import { I9F23 } from './types.js';

/** e as the crate stores it: the 126-bit constant shifted down to 23 fraction bits. */
const E_I9F23 = 22_802_600n;
const ONE_I9F23 = 1n << 23n;

function fromI9F23(kind: FixedKind, raw: bigint): bigint {
  return kind.fromFixed(I9F23, raw);
}

function equalsI9F23(kind: FixedKind, raw: bigint, constant: bigint): boolean {
  // Compare at the finer of the two fraction widths, as the crate's PartialOrd does.
  const shift = BigInt(kind.fracBits - 23);
  return shift >= 0n ? raw === constant << shift : raw << -shift === constant;
}

/**
 * exp(operand) with S = D = kind. Returns undefined where the crate returns Err (overflow).
 * Taylor series: result = 1 + x, term = x; for i in 2..frac_bits: term = term*x/i; result += term.
 * Negative inputs compute 1/exp(|x|).
 */
export function fixedExp(kind: FixedKind, operand: bigint): bigint | undefined {
  if (operand === 0n) return kind.one;
  if (equalsI9F23(kind, operand, ONE_I9F23)) return fromI9F23(kind, E_I9F23);
  let x = operand;
  const negative = x < 0n;
  if (negative) {
    const negated = kind.checkedNeg(x);
    if (negated === undefined) return undefined;
    x = negated;
  }
  let result = kind.checkedAdd(x, kind.one);
  if (result === undefined) return undefined;
  let term = x;
  for (let i = 2; i < kind.fracBits; i++) {
    const product = kind.checkedMul(term, x);
    if (product === undefined) return undefined;
    const quotient = kind.checkedDiv(product, BigInt(i) << kind.frac);
    if (quotient === undefined) return undefined;
    term = quotient;
    const sum = kind.checkedAdd(result, term);
    if (sum === undefined) return undefined;
    result = sum;
  }
  if (negative) return kind.checkedDiv(kind.one, result);
  return result;
}

/** Right shift rounding the lost bit up: the crate's `rs`. */
function roundingHalve(raw: bigint): bigint {
  return (raw >> 1n) + (raw & 1n);
}

function log2AtLeastOne(kind: FixedKind, operand: bigint): bigint {
  const two = 2n << kind.frac;
  let x = operand;
  let result = 0n;
  while (x >= two) {
    result += 1n;
    x = roundingHalve(x);
  }
  // The crate returns from_num(result): the integer count as a value.
  if (x === kind.one) return result << kind.frac;
  for (let i = 0; i < kind.fracBits; i++) {
    x = kind.mulUnchecked(x, x);
    result <<= 1n;
    if (x >= two) {
      result |= 1n;
      x = roundingHalve(x);
    }
  }
  return result;
}

/** log2(operand); undefined for operand <= 0 or an overflowing inverse (the crate's Err). */
export function fixedLog2(kind: FixedKind, operand: bigint): bigint | undefined {
  if (operand <= 0n) return undefined;
  if (operand < kind.one) {
    const inverse = kind.checkedDiv(kind.one, operand);
    if (inverse === undefined) return undefined;
    return -log2AtLeastOne(kind, inverse);
  }
  return log2AtLeastOne(kind, operand);
}
