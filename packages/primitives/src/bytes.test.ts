import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  InvalidHexError,
  bigintFromLe,
  bigintToLe,
  concatBytes,
  equalBytes,
  fromHex,
  fromUtf8,
  toHex,
  utf8,
} from './bytes.js';

void describe('hex', () => {
  void it('formats lower-case with 0x', () => {
    assert.equal(toHex(Uint8Array.of(0, 1, 0xab, 0xff)), '0x0001abff');
    assert.equal(toHex(new Uint8Array()), '0x');
  });
  void it('parses with or without 0x, any case', () => {
    assert.deepEqual(fromHex('0x0001abFF'), Uint8Array.of(0, 1, 0xab, 0xff));
    assert.deepEqual(fromHex('0001ABff'), Uint8Array.of(0, 1, 0xab, 0xff));
    assert.deepEqual(fromHex('0x'), new Uint8Array());
  });
  void it('rejects odd length, non-hex and wrong size with a named error', () => {
    for (const bad of ['0x1', 'abc', '0xzz', '0x 1', 'g0']) {
      assert.throws(
        () => fromHex(bad, 'blockHash'),
        (e: unknown) =>
          e instanceof InvalidHexError && e.code === 'INVALID_HEX' && e.message.startsWith('blockHash:'),
      );
    }
    assert.throws(() => fromHex('0x00', 'h', 32), /expected 32 bytes/);
  });
  void it('round-trips (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => assert.deepEqual(fromHex(toHex(b)), b)));
  });
});

void describe('concat / utf8 / equal', () => {
  void it('concatenates into a fresh array', () => {
    const a = Uint8Array.of(1, 2);
    const out = concatBytes(a, new Uint8Array(), Uint8Array.of(3));
    assert.deepEqual(out, Uint8Array.of(1, 2, 3));
    out[0] = 9;
    assert.equal(a[0], 1);
  });
  void it('utf8 round-trips and rejects malformed input', () => {
    assert.deepEqual(utf8('τ'), Uint8Array.of(0xcf, 0x84));
    assert.equal(fromUtf8(utf8('τ1.5 ✓')), 'τ1.5 ✓');
    assert.throws(() => fromUtf8(Uint8Array.of(0xff)), TypeError);
  });
  void it('equalBytes', () => {
    assert.ok(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2)));
    assert.ok(!equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3)));
    assert.ok(!equalBytes(Uint8Array.of(1), Uint8Array.of(1, 2)));
  });

  void it('little-endian bigints: known values and round trips', () => {
    assert.equal(bigintFromLe(Uint8Array.of(0x01, 0x02)), 0x0201n);
    assert.equal(bigintFromLe(new Uint8Array(0)), 0n);
    assert.deepEqual(bigintToLe(0x0201n, 4), Uint8Array.of(0x01, 0x02, 0, 0));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        assert.deepEqual(bigintToLe(bigintFromLe(bytes), bytes.length), bytes);
      }),
    );
  });
});
