import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeExact, ScaleDecodeError } from '@tao-ts/primitives';
import { EraType, IMMORTAL, eraBirth, eraDeath, mortalEra, encodeEra, type Era } from './era.js';

const decode = (bytes: number[]): Era => decodeExact(EraType.codec, Uint8Array.from(bytes), 'Era');

test("Era::mortal rounds the period to a power of two in 4…65536 and quantizes the phase (sp_runtime's cases)", () => {
  assert.deepEqual(mortalEra(64, 42), { kind: 'mortal', period: 64, phase: 42 });
  assert.deepEqual(mortalEra(32768, 20000), { kind: 'mortal', period: 32768, phase: 20000 });
  assert.deepEqual(mortalEra(200, 513), { kind: 'mortal', period: 256, phase: 1 });
  assert.deepEqual(mortalEra(2, 1), { kind: 'mortal', period: 4, phase: 1 });
  assert.deepEqual(mortalEra(4, 5), { kind: 'mortal', period: 4, phase: 1 });
  assert.deepEqual(mortalEra(1_000_000, 1_000_001), {
    kind: 'mortal',
    period: 65536,
    phase: Math.floor((1_000_001 % 65536) / 4) * 4,
  });
  assert.deepEqual(mortalEra(0, 7), { kind: 'mortal', period: 4, phase: 3 });
});

test('Era encodes as sp_runtime does: immortal 0x00, mortal as two bytes', () => {
  assert.deepEqual([...encodeEra(IMMORTAL)], [0]);
  assert.deepEqual([...encodeEra(mortalEra(64, 42))], [5 + (42 % 16) * 16, Math.floor(42 / 16)]);
  assert.deepEqual([...encodeEra(mortalEra(32768, 20000))], [14 + (2500 % 16) * 16, Math.floor(2500 / 16)]);
  assert.deepEqual(decode([5 + (42 % 16) * 16, 2]), mortalEra(64, 42));
  assert.deepEqual(decode([0]), IMMORTAL);
});

test('Era birth and death: Era::mortal(4, 6) lives from 6 to 10', () => {
  const era = mortalEra(4, 6);
  for (let i = 6n; i < 10n; i++) {
    assert.equal(eraBirth(era, i), 6n);
    assert.equal(eraDeath(era, i), 10n);
  }
  assert.notEqual(eraBirth(era, 10n), 6n);
  assert.notEqual(eraBirth(era, 5n), 6n);
  // current below the phase must not underflow
  assert.equal(eraBirth(mortalEra(4, 3), 1n), 3n);
  assert.equal(eraBirth(IMMORTAL, 123n), 0n);
  assert.equal(eraDeath(IMMORTAL, 123n), (1n << 64n) - 1n);
});

test('every two-byte mortal encoding either round-trips exactly or is rejected', () => {
  let valid = 0;
  for (let first = 1; first < 256; first++) {
    for (let second = 0; second < 256; second++) {
      let era: Era;
      try {
        era = decode([first, second]);
      } catch (error) {
        assert.ok(error instanceof ScaleDecodeError);
        continue;
      }
      valid += 1;
      assert.deepEqual([...encodeEra(era)], [first, second]);
    }
  }
  assert.ok(valid > 10_000);
  assert.throws(() => decode([5]), ScaleDecodeError);
});

test('property: a mortal era born at `current` covers it, lasts one period, and round-trips', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 1n << 40n }),
      fc.integer({ min: 0, max: 1 << 20 }),
      (current, period) => {
        const era = mortalEra(period, current);
        assert.equal(era.kind, 'mortal');
        if (era.kind !== 'mortal') return;
        const birth = eraBirth(era, current);
        assert.ok(birth <= current && current < eraDeath(era, current));
        assert.equal(eraDeath(era, current) - birth, BigInt(era.period));
        // Quantized long periods may start a little before current, never after.
        assert.ok(current - birth < BigInt(era.period));
        assert.deepEqual(decode([...encodeEra(era)]), era);
      },
    ),
    { numRuns: 2000 },
  );
});

test('encodeEra refuses non-canonical mortal eras', () => {
  assert.throws(() => encodeEra({ kind: 'mortal', period: 100, phase: 1 }), /canonical/);
  assert.throws(() => encodeEra({ kind: 'mortal', period: 64, phase: 64 }), /canonical/);
  assert.throws(() => encodeEra({ kind: 'mortal', period: 8192, phase: 1 }), /canonical/);
});
