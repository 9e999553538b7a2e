import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FixedPointError } from './errors.js';
import { I32F32, I64F64, I96F32, U64F64 } from './types.js';

const ONE = 1n << 32n;
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

test('mul floors toward -inf; div truncates toward zero (substrate_fixed)', () => {
  assert.equal(I32F32.mulUnchecked(-1n, 1n), -1n); // -2^-64 floors to -2^-32
  assert.equal(I32F32.mulUnchecked(1n, 1n), 0n);
  assert.equal(I32F32.checkedDiv(-1n, 3n * ONE), 0n); // -1/3 raw truncates to 0, not -1
  assert.equal(I32F32.checkedDiv(-7n * ONE, 2n * ONE), -(7n * ONE) / 2n);
});

test('checked, saturating and safe division at the edges', () => {
  assert.equal(I32F32.checkedDiv(ONE, 0n), undefined);
  assert.equal(I32F32.safeDiv(ONE, 0n), 0n);
  assert.equal(I32F32.checkedDiv(I32F32.max, 1n), undefined); // quotient overflows
  assert.equal(I32F32.safeDiv(I32F32.max, 1n), 0n); // safe_div gives 0 on overflow, it does not saturate
  assert.equal(I32F32.saturatingDiv(I32F32.max, 1n), I32F32.max);
  assert.equal(I32F32.saturatingDiv(-I32F32.max, 1n), I32F32.min);
  assert.throws(
    () => I32F32.saturatingDiv(ONE, 0n),
    (e: unknown) => e instanceof FixedPointError && e.code === 'FIXED_DIV_ZERO',
  );
  assert.equal(I32F32.saturatingMul(I32F32.max, 2n * ONE), I32F32.max);
  assert.equal(I32F32.saturatingMul(I32F32.max, -2n * ONE), I32F32.min);
  assert.equal(U64F64.saturatingSub(0n, 1n), 0n);
});

test('float conversion rounds to nearest, ties to even; f32 literals go through f32', () => {
  // 2^-33 is half a raw unit: ties to even (0); 3 * 2^-33 is 1.5 units: ties to even (2).
  assert.equal(I32F32.fromF64(2 ** -33), 0n);
  assert.equal(I32F32.fromF64(3 * 2 ** -33), 2n);
  assert.equal(I32F32.fromF64(-3 * 2 ** -33), -2n);
  assert.equal(I32F32.fromF64(0.5), ONE / 2n);
  assert.notEqual(I32F32.fromF32(0.1), I32F32.fromF64(0.1));
  assert.equal(I32F32.fromF32(0.1), I32F32.fromF64(Math.fround(0.1)));
  assert.equal(I32F32.checkedFromF64(NaN), undefined);
  assert.equal(I32F32.saturatingFromF64(1e30), I32F32.max);
  assert.throws(() => I32F32.fromF64(2 ** 40), FixedPointError);
});

test('round is nearest with ties away from zero; to-int conversions floor and clamp', () => {
  assert.equal(I32F32.round(ONE / 2n), ONE);
  assert.equal(I32F32.round(-ONE / 2n), -ONE);
  assert.equal(I32F32.round(ONE / 2n - 1n), 0n);
  assert.equal(I32F32.floorToInt(-1n), -1n);
  assert.equal(I32F32.saturatingToU16(-5n * ONE), 0);
  assert.equal(I32F32.saturatingToU16(70_000n * ONE), 65_535);
  assert.equal(I96F32.saturatingToU64(1n << 100n), 0xffff_ffff_ffff_ffffn);
});

test('fixed-to-fixed conversion drops fraction bits with floor', () => {
  assert.equal(I32F32.fromFixed(I64F64, -1n), -1n); // -2^-64 floors to -2^-32
  assert.equal(I32F32.fromFixed(I64F64, 1n << 31n), 0n);
  assert.equal(I64F64.fromFixed(I32F32, 3n), 3n << 32n);
  assert.equal(I32F32.checkedFromFixed(I64F64, 1n << 100n), undefined);
});

test('Rust release-mode sums wrap', () => {
  assert.equal(I32F32.wrappingSum([I32F32.max, 1n]), I32F32.min);
});

test('mul and div agree with the defining integer formulas', () => {
  fc.assert(
    fc.property(i64, i64, (a, b) => {
      const product = (a * b) >> 32n;
      const inRange = product >= I32F32.min && product <= I32F32.max;
      assert.equal(I32F32.checkedMul(a, b), inRange ? product : undefined);
      if (b !== 0n) {
        const quotient = (a << 32n) / b;
        const fits = quotient >= I32F32.min && quotient <= I32F32.max;
        assert.equal(I32F32.safeDiv(a, b), fits ? quotient : 0n);
      }
    }),
  );
});

test('decimal parsing rounds ties to even and round-trips printed values', () => {
  assert.equal(I32F32.fromDecimal('0.5'), ONE / 2n);
  assert.equal(U64F64.fromDecimal('1.26'), (126n << 64n) / 100n); // ...036.16 rounds down
  assert.throws(() => I32F32.fromDecimal('1e5'), FixedPointError);
  fc.assert(
    fc.property(fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }), (raw) => {
      assert.equal(I32F32.fromDecimal(I32F32.toDecimalString(raw, 12)), raw);
    }),
  );
});
