/**
 * The registry-driven decoder against primitives' SCALE encoders over a small synthetic registry:
 * random values round-trip (compacts at every width boundary, sequences, fixed arrays, options,
 * enums, tuples), and truncated input is a typed error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  Bytes,
  Option,
  Tuple,
  Vector,
  bool,
  compactU16,
  compactU64,
  compactU128,
  concatBytes,
  u16,
  u64,
  u8,
} from '@tao-ts/primitives';
import { RegistryDecodeError, RegistryDecoder, type SiTypeJson } from './scale-decoder.js';

const TYPES: Record<number, SiTypeJson> = {
  0: { def: { primitive: 'U16' } },
  1: { def: { compact: { type: 0 } } },
  2: { def: { sequence: { type: 1 } } },
  3: { def: { primitive: 'U8' } },
  4: { def: { array: { len: 32, type: 3 } } },
  5: {
    path: ['sp_core', 'crypto', 'AccountId32'],
    def: { composite: { fields: [{ name: null, type: 4 }] } },
  },
  6: {
    path: ['Option'],
    def: {
      variant: {
        variants: [
          { name: 'None', index: 0, fields: [] },
          { name: 'Some', index: 1, fields: [{ type: 0 }] },
        ],
      },
    },
  },
  7: { def: { primitive: 'U64' } },
  8: { def: { compact: { type: 7 } } },
  9: { def: { primitive: 'Bool' } },
  10: {
    def: {
      composite: {
        fields: [
          { name: 'uids', type: 2 },
          { name: 'hotkey', type: 5 },
          { name: 'limit', type: 6 },
          { name: 'stakes', type: 11 },
          { name: 'flags', type: 12 },
          { name: 'pairs', type: 13 },
          { name: 'big', type: 15 },
        ],
      },
    },
  },
  11: { def: { sequence: { type: 8 } } },
  12: { def: { sequence: { type: 9 } } },
  13: { def: { sequence: { type: 14 } } },
  14: { def: { tuple: [0, 0] } },
  15: { def: { compact: { type: 16 } } },
  16: { def: { primitive: 'U128' } },
};

const decoder = new RegistryDecoder((id) => TYPES[id] as SiTypeJson);

const Shape = Tuple(
  Vector(compactU16),
  Bytes(32),
  Option(u16),
  Vector(compactU64),
  Vector(bool),
  Vector(Tuple(u16, u16)),
  compactU128,
);

describe('RegistryDecoder', () => {
  it('decodes what the SCALE encoders wrote, for random values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength: 20 }),
        fc.array(fc.boolean(), { maxLength: 10 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })), {
          maxLength: 10,
        }),
        fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }),
        (uids, hotkey, limit, stakes, flags, pairs, big) => {
          const bytes = Shape.enc([uids, hotkey, limit, stakes, flags, pairs, big]);
          const value = decoder.decode(10, bytes) as Record<string, unknown>;
          assert.deepEqual(value['uids'], uids);
          assert.deepEqual(value['hotkey'], hotkey);
          assert.equal(value['limit'], limit);
          assert.deepEqual(value['stakes'], stakes);
          assert.deepEqual(value['flags'], flags);
          assert.deepEqual(value['pairs'], pairs);
          assert.equal(value['big'], big);
        },
      ),
    );
  });

  it('compact boundaries decode exactly', () => {
    for (const n of [0, 63, 64, 16383, 16384, 65535]) assert.equal(decoder.decode(1, compactU16.enc(n)), n);
    for (const n of [0n, 2n ** 30n - 1n, 2n ** 30n, 2n ** 32n, 2n ** 64n - 1n])
      assert.equal(decoder.decode(8, compactU64.enc(n)), n);
  });

  it('truncated or over-long input is a RegistryDecodeError', () => {
    const bytes = Vector(compactU16).enc([1, 2, 300]);
    assert.throws(() => decoder.decode(2, bytes.subarray(0, bytes.length - 1)), RegistryDecodeError);
    assert.throws(() => decoder.decode(2, concatBytes(bytes, u8.enc(0))), RegistryDecodeError);
    assert.throws(() => decoder.decode(6, Uint8Array.of(2)), RegistryDecodeError);
    assert.equal(decoder.decode(7, u64.enc(2n ** 64n - 1n)), 2n ** 64n - 1n);
  });
});
