import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fixedExp, fixedLog2 } from './transcendental.js';
import { I32F32, I96F32 } from './types.js';

const ONE = 1n << 32n;

test('exp special cases follow the crate: exp(0) = 1, exp(1) = its I9F23 e', () => {
  assert.equal(fixedExp(I32F32, 0n), ONE);
  assert.equal(fixedExp(I32F32, ONE), 22_802_600n << 9n);
  // For negative x the crate returns 1 / exp(|x|), truncated.
  const e2 = fixedExp(I32F32, 2n * ONE) as bigint;
  assert.equal(fixedExp(I32F32, -2n * ONE), (ONE << 32n) / e2);
});

test('exp overflows to Err where the series leaves I32F32', () => {
  assert.equal(fixedExp(I32F32, 30n * ONE), undefined);
});

test('exp tracks the true exponential on [-10, 10]', () => {
  fc.assert(
    fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
      const got = I32F32.toF64(fixedExp(I32F32, I32F32.fromF64(x)) as bigint);
      assert.ok(Math.abs(got - Math.exp(x)) <= Math.exp(x) * 1e-6 + 1e-8, `exp(${x}) = ${got}`);
    }),
  );
});

test('log2 is exact on powers of two and errors on non-positive input', () => {
  for (let k = -20; k <= 60; k++) {
    const raw = k >= 0 ? ONE << BigInt(k) : ONE >> BigInt(-k);
    assert.equal(fixedLog2(I96F32, raw), BigInt(k) << 32n, `log2(2^${k})`);
  }
  assert.equal(fixedLog2(I96F32, 0n), undefined);
  assert.equal(fixedLog2(I96F32, -ONE), undefined);
});

test('log2 tracks Math.log2', () => {
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), (x) => {
      const input = I96F32.fromF64(x);
      const got = I96F32.toF64(fixedLog2(I96F32, input) as bigint);
      assert.ok(Math.abs(got - Math.log2(I96F32.toF64(input))) < 1e-6, `log2(${x}) = ${got}`);
    }),
  );
});
