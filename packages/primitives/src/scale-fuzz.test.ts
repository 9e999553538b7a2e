// Decoders face untrusted bytes (RPC, network, storage written by others): whatever they are fed, they
// may only throw ScaleDecodeError, must never hang, and whatever they accept must re-encode identically.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toHex } from './bytes.js';
import {
  AccountId32,
  Bytes,
  H256,
  MultiAddress,
  Option,
  Result,
  ScaleDecodeError,
  Struct,
  Tuple,
  Vector,
  bool,
  compactU128,
  compactU32,
  compactU64,
  decodeExact,
  i8,
  str,
  u16,
  u64,
} from './scale.js';
import type { Codec } from './scale.js';

const hex = (b: Uint8Array): string => toHex(b);

void describe('fuzzing decoders with mutated valid encodings (property)', () => {
  const Preimage = Tuple(AccountId32, u16, Vector(u16), Vector(u16), Vector(u16), u64);
  const preimage = fc.tuple(
    fc.uint8Array({ minLength: 32, maxLength: 32 }),
    fc.integer({ min: 0, max: 0xffff }),
    fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 70 }),
    fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 3 }),
    fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 8 }),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  );
  // Truncate, extend or overwrite a byte of a valid encoding: the near-misses real bugs produce.
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  );
  void it('Preimage: decodes the original, throws only ScaleDecodeError on mutants', () => {
    fc.assert(
      fc.property(preimage, mutation, (value, m) => {
        const encoded = Preimage.enc(value);
        assert.deepEqual(decodeExact(Preimage, encoded, 'p'), value);
        let mutant: Uint8Array;
        if (m.kind === 'truncate') mutant = encoded.slice(0, m.at % encoded.length);
        else if (m.kind === 'append') mutant = Uint8Array.of(...encoded, ...m.extra);
        else {
          mutant = encoded.slice();
          mutant[m.at % mutant.length] = m.byte;
        }
        try {
          const decoded = decodeExact(Preimage, mutant, 'p');
          assert.equal(hex(Preimage.enc(decoded)), hex(mutant));
        } catch (e) {
          if (!(e instanceof ScaleDecodeError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

void describe('fuzzing decoders with random bytes (property)', () => {
  const targets: [string, Codec<unknown>][] = [
    ['compactU32', compactU32 as Codec<unknown>],
    ['compactU128', compactU128 as Codec<unknown>],
    ['Vec<u16>', Vector(u16) as Codec<unknown>],
    ['Option<Vec<u8>>', Option(Bytes()) as Codec<unknown>],
    ['MultiAddress', MultiAddress as Codec<unknown>],
    ['String', str as Codec<unknown>],
    ['Vec<Vec<String>>', Vector(Vector(str)) as Codec<unknown>],
    ['Struct', Struct({ a: bool, b: Vector(compactU64), c: Result(H256, i8) }) as Codec<unknown>],
    ['Preimage', Tuple(AccountId32, u16, Vector(u16), Vector(u16), Vector(u16), u64) as Codec<unknown>],
  ];
  for (const [name, codec] of targets) {
    void it(`${name}: only ScaleDecodeError, never anything else`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
          try {
            const value = decodeExact(codec, bytes, name);
            // Whatever decodes must re-encode to the same bytes (canonical decoding).
            assert.equal(hex(codec.enc(value)), hex(bytes));
          } catch (e) {
            if (!(e instanceof ScaleDecodeError)) throw e;
          }
        }),
        { numRuns: 2000 },
      );
    });
  }
});
