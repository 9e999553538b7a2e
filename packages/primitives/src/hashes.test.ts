import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { blake2AsU8a, cryptoWaitReady, xxhashAsU8a } from '@polkadot/util-crypto';
import { toHex, utf8 } from './bytes.js';
import {
  blake2_128Concat,
  blake2b,
  blake2b128,
  blake2b256,
  blake2b512,
  identity,
  keccak256,
  sha256,
  sha3_256,
  storageHashers,
  storagePrefix,
  twox,
  twox128,
  twox256,
  twox64,
  twox64Concat,
} from './hashes.js';
import { xxhash64 } from './xxhash64.js';

const hex = (b: Uint8Array): string => toHex(b).slice(2);

void describe('known vectors', () => {
  void it('blake2b', () => {
    assert.equal(
      hex(blake2b256(utf8('abc'))),
      'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
    );
    assert.equal(
      hex(blake2b512(utf8('abc'))),
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    assert.equal(blake2b128(utf8('abc')).length, 16);
    assert.deepEqual(blake2b(utf8('abc'), 32), blake2b256(utf8('abc')));
    assert.throws(() => blake2b(utf8('abc'), 65), /1\.\.64/);
    assert.throws(
      () => blake2b(utf8('abc'), 0),
      (e: unknown) => (e as { code?: string }).code === 'INVALID_HASH_PARAM',
    );
  });
  void it('twox', () => {
    assert.equal(hex(twox128(utf8('System'))), '26aa394eea5630e07c48ae0c9558cef7');
    assert.equal(hex(twox128(utf8('Balances'))), 'c2261276cc9d1f8598ea4b6a74b15c2f');
    assert.equal(hex(twox64(utf8('abc'))), '990977adf52cbc44');
    assert.equal(xxhash64(utf8('abc')), 0x44bc2cf5ad770999n);
    assert.equal(xxhash64(new Uint8Array()), 0xef46db3751d8e999n);
    assert.equal(twox256(utf8('x')).length, 32);
    assert.deepEqual(twox(utf8('x'), 2), twox128(utf8('x')));
  });
  void it('storage prefix', () => {
    assert.equal(
      hex(storagePrefix('System', 'Account')),
      '26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9',
    );
    // The cache must hand out copies.
    const a = storagePrefix('System', 'Account');
    a[0] = 0;
    assert.equal(storagePrefix('System', 'Account')[0], 0x26);
  });
  void it('keccak / sha', () => {
    assert.equal(
      hex(keccak256(new Uint8Array())),
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    assert.equal(
      hex(sha3_256(new Uint8Array())),
      'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
    );
    assert.equal(
      hex(sha256(utf8('abc'))),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  void it('map hashers', () => {
    const key = Uint8Array.of(1, 0);
    assert.deepEqual(blake2_128Concat(key), Uint8Array.of(...blake2b128(key), 1, 0));
    assert.deepEqual(twox64Concat(key), Uint8Array.of(...twox64(key), 1, 0));
    const id = identity(key);
    assert.deepEqual(id, key);
    assert.notEqual(id, key);
    assert.equal(storageHashers.Blake2_128Concat, blake2_128Concat);
  });
});

void describe('agreement with @polkadot/util-crypto (property)', () => {
  void it('twox64/128/256 match the JS and WASM implementations for random inputs', async () => {
    await cryptoWaitReady();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        for (const [bits, ours] of [
          [64, twox64],
          [128, twox128],
          [256, twox256],
        ] as const) {
          const expected = hex(xxhashAsU8a(data, bits, true));
          assert.equal(hex(ours(data)), expected);
          assert.equal(hex(xxhashAsU8a(data, bits)), expected); // WASM path
        }
      }),
      { numRuns: 1000 },
    );
  });
  void it('xxhash64 over all lengths 0..100 and a large input', () => {
    for (let len = 0; len <= 100; len++) {
      const data = Uint8Array.from({ length: len }, (_, k) => (k * 131 + len) & 0xff);
      assert.equal(hex(twox128(data)), hex(xxhashAsU8a(data, 128, true)), `len ${len}`);
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, k) => (k * 7) & 0xff);
    assert.equal(hex(twox64(big)), hex(xxhashAsU8a(big, 64, true)));
  });
  void it('blake2b: the WASM path (after cryptoReady) equals @noble/hashes for every output length', async () => {
    await cryptoWaitReady();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (data, outLen) => {
        assert.equal(hex(blake2b(data, outLen)), hex(nobleBlake2b(data, { dkLen: outLen })));
      }),
      { numRuns: 500 },
    );
  });
  void it('blake2b matches', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(128, 256, 512), (data, bits) => {
        assert.equal(hex(blake2b(data, bits / 8)), hex(blake2AsU8a(data, bits)));
      }),
      { numRuns: 300 },
    );
  });
  void it('inputs that are views into a larger buffer hash only the view', () => {
    const buf = Uint8Array.from({ length: 64 }, (_, k) => k);
    const view = buf.subarray(5, 45);
    assert.deepEqual(twox128(view), twox128(view.slice()));
    assert.deepEqual(blake2b256(view), blake2b256(view.slice()));
  });
});
