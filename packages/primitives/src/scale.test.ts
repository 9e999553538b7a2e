import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { compactFromU8a, compactToU8a } from '@polkadot/util';
import * as ts from 'scale-ts';
import { fromHex, toHex } from './bytes.js';
import { blake2b256 } from './hashes.js';
import {
  AccountId32,
  AccountId32Ss58,
  Bytes,
  Enum,
  H256,
  MultiAddress,
  MultiAddressU32,
  Option,
  OptionBool,
  Result,
  ScaleDecodeError,
  ScaleEncodeError,
  Struct,
  Tuple,
  Vector,
  _void,
  bool,
  compactU128,
  compactU16,
  compactU32,
  compactU64,
  compactU8,
  decodeExact,
  encodeCompact,
  i128,
  i16,
  i32,
  i64,
  i8,
  multiAddressId,
  str,
  u128,
  u16,
  u32,
  u64,
  u8,
} from './scale.js';
import type { Codec } from './scale.js';

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const hex = (b: Uint8Array): string => toHex(b);

function isDecodeError(what: string, includes?: string) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ScaleDecodeError, `expected ScaleDecodeError, got ${String(e)}`);
    assert.equal(e.code, 'SCALE_DECODE');
    assert.equal(e.field, what);
    assert.ok(e.message.startsWith(`${what}:`), e.message);
    if (includes !== undefined) assert.ok(e.message.includes(includes), e.message);
    return true;
  };
}

void describe('compact', () => {
  const known: [bigint, string][] = [
    [0n, '0x00'],
    [1n, '0x04'],
    [63n, '0xfc'],
    [64n, '0x0101'],
    [16383n, '0xfdff'],
    [16384n, '0x02000100'],
    [2n ** 30n - 1n, '0xfeffffff'],
    [2n ** 30n, '0x0300000040'],
    [2n ** 32n, '0x070000000001'],
    [2n ** 56n, '0x130000000000000001'],
    [2n ** 64n - 1n, '0x13ffffffffffffffff'],
    [2n ** 128n - 1n, '0x33ffffffffffffffffffffffffffffffff'],
  ];
  for (const [value, encoded] of known) {
    void it(`compact(${value}) = ${encoded}`, () => {
      assert.equal(hex(compactU128.enc(value)), encoded);
      assert.equal(decodeExact(compactU128, encoded, 'c'), value);
      if (value < 2n ** 64n) assert.equal(decodeExact(compactU64, encoded, 'c'), value);
      if (value < 2n ** 32n) assert.equal(hex(compactU32.enc(Number(value))), encoded);
    });
  }

  const cases = [
    { codec: compactU8 as Codec<number | bigint>, bits: 8, big: false },
    { codec: compactU16 as Codec<number | bigint>, bits: 16, big: false },
    { codec: compactU32 as Codec<number | bigint>, bits: 32, big: false },
    { codec: compactU64 as Codec<number | bigint>, bits: 64, big: true },
    { codec: compactU128 as Codec<number | bigint>, bits: 128, big: true },
  ];
  for (const { codec, bits, big } of cases) {
    const max = 2n ** BigInt(bits) - 1n;
    // Values clustered at every mode boundary and at the type's maximum, plus uniform ones.
    const edges = [0n, 63n, 64n, 16383n, 16384n, 2n ** 30n - 1n, 2n ** 30n, 2n ** 32n - 1n, 2n ** 56n, max];
    const arb = fc.oneof(
      fc.bigInt({ min: 0n, max }),
      fc
        .tuple(fc.constantFrom(...edges.filter((e) => e <= max)), fc.bigInt({ min: -2n, max: 2n }))
        .map(([e, d]) => e + d)
        .filter((v) => v >= 0n && v <= max),
    );
    void it(`Compact<u${bits}> round-trips and matches @polkadot/util (property)`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const value = big ? v : Number(v);
          const encoded = codec.enc(value);
          assert.equal(hex(encoded), hex(compactToU8a(v)));
          assert.equal(decodeExact(codec, encoded, 'c'), value);
          const [length, decoded] = compactFromU8a(encoded);
          assert.equal(length, encoded.length);
          assert.equal(decoded.toString(), v.toString());
        }),
        { numRuns: 500 },
      );
    });
    void it(`Compact<u${bits}> rejects values just above its range`, () => {
      const over = encodeCompact(max + 1n);
      assert.throws(() => decodeExact(codec, over, 'n'), isDecodeError('n', `does not fit in u${bits}`));
      assert.throws(() => codec.enc(big ? max + 1n : Number(max + 1n)), ScaleEncodeError);
    });
  }

  void it('rejects non-canonical encodings like parity-scale-codec', () => {
    for (const bad of ['0x0100', '0x02000000', '0x03ffffff3f', '0x070000000000', '0x0bffffffffff00']) {
      assert.throws(() => decodeExact(compactU64, bad, 'n'), isDecodeError('n'), bad);
    }
    assert.throws(() => decodeExact(compactU32, '0x07ffffffffff', 'n'), isDecodeError('n', 'does not fit'));
  });
  void it('rejects truncated compacts', () => {
    for (const bad of ['0x', '0x01', '0x020001', '0x13ffffff']) {
      assert.throws(() => decodeExact(compactU64, bad, 'n'), isDecodeError('n'), bad);
    }
  });
  void it('encoders reject negatives, fractions and wrong types', () => {
    assert.throws(() => compactU32.enc(-1), ScaleEncodeError);
    assert.throws(() => compactU32.enc(1.5), ScaleEncodeError);
    assert.throws(() => compactU64.enc(1 as unknown as bigint), ScaleEncodeError);
  });
});

void describe('fixed-width integers and bool', () => {
  void it('encode little-endian and check ranges', () => {
    assert.equal(hex(u16.enc(1)), '0x0100');
    assert.equal(hex(u64.enc(1n)), '0x0100000000000000');
    assert.equal(hex(i8.enc(-1)), '0xff');
    assert.equal(decodeExact(i64, '0xffffffffffffffff', 'x'), -1n);
    assert.equal(decodeExact(u128, u128.enc(2n ** 128n - 1n), 'x'), 2n ** 128n - 1n);
    assert.equal(decodeExact(i128, i128.enc(-(2n ** 127n)), 'x'), -(2n ** 127n));
    assert.throws(() => u8.enc(256), ScaleEncodeError);
    assert.throws(() => u16.enc(-1), ScaleEncodeError);
    assert.throws(() => u32.enc(2 ** 32), ScaleEncodeError);
    assert.throws(() => u64.enc(-1n), ScaleEncodeError);
    assert.throws(() => u64.enc(2n ** 64n), ScaleEncodeError);
    assert.throws(() => i8.enc(128), ScaleEncodeError);
  });
  void it('encoders agree with scale-ts inside the range (property)', () => {
    const pairs: [Codec<number>, Codec<number>, number, number][] = [
      [u8, ts.u8, 0, 0xff],
      [u16, ts.u16, 0, 0xffff],
      [u32, ts.u32, 0, 0xffff_ffff],
      [i8, ts.i8, -0x80, 0x7f],
      [i16, ts.i16, -0x8000, 0x7fff],
      [i32, ts.i32, -0x8000_0000, 0x7fff_ffff],
    ];
    for (const [ours, theirs, min, max] of pairs) {
      fc.assert(
        fc.property(fc.integer({ min, max }), (v) => {
          assert.equal(hex(ours.enc(v)), hex(theirs.enc(v)));
          assert.equal(decodeExact(ours, ours.enc(v), 'n'), v);
        }),
        { numRuns: 300 },
      );
    }
    const big: [Codec<bigint>, Codec<bigint>, bigint, bigint][] = [
      [u64, ts.u64, 0n, 2n ** 64n - 1n],
      [u128, ts.u128, 0n, 2n ** 128n - 1n],
      [i64, ts.i64, -(2n ** 63n), 2n ** 63n - 1n],
      [i128, ts.i128, -(2n ** 127n), 2n ** 127n - 1n],
    ];
    for (const [ours, theirs, min, max] of big) {
      fc.assert(
        fc.property(fc.bigInt({ min, max }), (v) => {
          assert.equal(hex(ours.enc(v)), hex(theirs.enc(v)));
          assert.equal(decodeExact(ours, ours.enc(v), 'n'), v);
        }),
        { numRuns: 300 },
      );
    }
  });
  void it('bool is strict', () => {
    assert.equal(decodeExact(bool, '0x01', 'b'), true);
    assert.equal(decodeExact(bool, '0x00', 'b'), false);
    assert.throws(() => decodeExact(bool, '0x02', 'flag'), isDecodeError('flag', 'invalid byte'));
  });
});

void describe('containers', () => {
  void it('Vec<u16>[1,2] = 0x0801000200', () => {
    const codec = Vector(u16);
    assert.equal(hex(codec.enc([1, 2])), '0x0801000200');
    assert.deepEqual(decodeExact(codec, '0x0801000200', 'v'), [1, 2]);
  });
  void it('Vec<u16> round-trips (property)', () => {
    const codec = Vector(u16);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }), (values) => {
        assert.deepEqual(decodeExact(codec, codec.enc(values), 'v'), values);
      }),
    );
  });
  void it('Option<u32> and Option<bool> round-trip (property)', () => {
    const codec = Option(u32);
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }), (v) => {
        assert.equal(decodeExact(codec, codec.enc(v), 'o'), v);
      }),
    );
    assert.equal(hex(OptionBool.enc(undefined)), '0x00');
    assert.equal(hex(OptionBool.enc(true)), '0x01');
    assert.equal(hex(OptionBool.enc(false)), '0x02');
    assert.equal(decodeExact(OptionBool, '0x02', 'o'), false);
    assert.throws(() => decodeExact(OptionBool, '0x03', 'o'), isDecodeError('o'));
    assert.throws(() => decodeExact(codec, '0x02', 'opt'), isDecodeError('opt', 'invalid tag 2'));
  });
  void it('Result, str, Bytes, Struct, Tuple', () => {
    const res = Result(u8, str);
    assert.deepEqual(decodeExact(res, res.enc({ success: false, value: 'no' }), 'r'), {
      success: false,
      value: 'no',
    });
    assert.throws(() => decodeExact(res, '0x0200', 'r'), isDecodeError('r'));
    assert.equal(hex(str.enc('abc')), '0x0c616263');
    assert.throws(() => decodeExact(str, '0x04ff', 's'), isDecodeError('s', 'UTF-8'));
    assert.equal(hex(Bytes().enc(Uint8Array.of(1, 2))), '0x080102');
    assert.throws(() => Bytes(4).enc(Uint8Array.of(1)), ScaleEncodeError);
    const s = Struct({ a: u8, b: Vector(compactU32) });
    assert.deepEqual(decodeExact(s, s.enc({ a: 7, b: [1, 64] }), 's'), { a: 7, b: [1, 64] });
    const t = Tuple(bool, u16);
    assert.deepEqual(decodeExact(t, '0x010500', 't'), [true, 5]);
  });
  void it('fixed-size vectors have no length prefix', () => {
    const arr = Vector(u8, 3);
    assert.equal(hex(arr.enc([1, 2, 3])), '0x010203');
    assert.throws(() => arr.enc([1]), ScaleEncodeError);
  });
  void it('Enum rejects unknown variants and honours custom indexes', () => {
    const e = Enum({ A: _void, B: u8 }, [3, 7], 'Thing');
    assert.equal(hex(e.enc({ tag: 'B', value: 1 })), '0x0701');
    assert.deepEqual(decodeExact(e, '0x03', 'e'), { tag: 'A', value: undefined });
    assert.throws(() => decodeExact(e, '0x00', 'thing'), isDecodeError('thing', 'invalid variant index 0'));
    assert.throws(
      () => e.enc({ tag: 'C', value: 1 } as unknown as { tag: 'B'; value: number }),
      ScaleEncodeError,
    );
    assert.throws(() => Enum({ A: u8, B: u8 }, [1, 1]), ScaleEncodeError);
  });
});

void describe('Substrate types', () => {
  void it('AccountId32 and H256 are 32 raw bytes', () => {
    assert.equal(hex(AccountId32.enc(fromHex(ALICE))), ALICE);
    assert.throws(() => AccountId32.enc(new Uint8Array(31)), ScaleEncodeError);
    assert.throws(() => decodeExact(H256, new Uint8Array(31), 'hash'), isDecodeError('hash', 'truncated'));
  });
  void it('AccountId32Ss58 maps to and from SS58 (prefix 42)', () => {
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    assert.equal(hex(AccountId32Ss58.enc(alice)), ALICE);
    assert.equal(decodeExact(AccountId32Ss58, ALICE, 'who'), alice);
    assert.throws(() => AccountId32Ss58.enc('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPa9bKLUMgb4'), /checksum/);
  });
  void it('MultiAddress matches sp_runtime::MultiAddress<AccountId32, ()>', () => {
    assert.equal(hex(MultiAddress.enc(multiAddressId(fromHex(ALICE)))), `0x00${ALICE.slice(2)}`);
    assert.equal(hex(MultiAddress.enc({ tag: 'Index', value: undefined })), '0x01');
    assert.equal(hex(MultiAddress.enc({ tag: 'Raw', value: Uint8Array.of(9) })), '0x020409');
    assert.equal(
      hex(MultiAddress.enc({ tag: 'Address20', value: new Uint8Array(20) })),
      `0x04${'00'.repeat(20)}`,
    );
    assert.throws(
      () => decodeExact(MultiAddress, '0x05', 'dest'),
      isDecodeError('dest', 'invalid variant index 5'),
    );
    assert.equal(hex(MultiAddressU32.enc({ tag: 'Index', value: 1 })), '0x0104');
  });
  void it('MultiAddress round-trips (property)', () => {
    const arb = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((v) => ({ tag: 'Id' as const, value: v })),
      fc.constant({ tag: 'Index' as const, value: undefined }),
      fc.uint8Array({ maxLength: 70 }).map((v) => ({ tag: 'Raw' as const, value: v })),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((v) => ({ tag: 'Address32' as const, value: v })),
      fc.uint8Array({ minLength: 20, maxLength: 20 }).map((v) => ({ tag: 'Address20' as const, value: v })),
    );
    fc.assert(
      fc.property(arb, (v) => assert.deepEqual(decodeExact(MultiAddress, MultiAddress.enc(v), 'm'), v)),
    );
  });
});

void describe('commit-reveal v2 preimage (worked examples)', () => {
  const Preimage = Tuple(AccountId32, u16, Vector(u16), Vector(u16), Vector(u16), u64);
  void it('brief example', () => {
    const encoded = Preimage.enc([fromHex(ALICE), 1, [0, 1], [10, 20], [1, 2, 3, 4, 5, 6, 7, 8], 0n]);
    assert.equal(
      hex(encoded),
      `${ALICE}01000800000100080a00140020010002000300040005000600070008000000000000000000`,
    );
    assert.equal(
      hex(blake2b256(encoded)),
      '0x2b41f9c14ecbad7a136cecbc4c82e2aa5b7d4e163e7cc2f3414b0f2ab757e597',
    );
  });
  void it('vectors/sdk-misc.json commit_weight_hash', () => {
    const file = new URL('../../../vectors/sdk-misc.json', import.meta.url);
    const v = (JSON.parse(readFileSync(file, 'utf8')) as { commit_weight_hash: CommitVector })
      .commit_weight_hash;
    const encoded = Preimage.enc([
      AccountId32Ss58.enc(v.address),
      v.netuid,
      v.uids,
      v.values,
      v.salt,
      BigInt(v.version_key),
    ]);
    assert.equal(hex(encoded).slice(2), v.preimage_hex);
    assert.equal(hex(blake2b256(encoded)), v.hash);
  });
});

interface CommitVector {
  address: string;
  netuid: number;
  uids: number[];
  values: number[];
  salt: number[];
  version_key: number;
  preimage_hex: string;
  hash: string;
}

void describe('decodeExact', () => {
  void it('rejects trailing bytes and truncation, naming `what`', () => {
    assert.throws(() => decodeExact(u16, '0x010000', 'netuid'), isDecodeError('netuid', '1 trailing byte'));
    assert.throws(() => decodeExact(u16, '0x01', 'netuid'), isDecodeError('netuid', 'truncated'));
    assert.throws(() => decodeExact(Vector(u16), '0x0c0100', 'uids'), isDecodeError('uids'));
    assert.throws(() => decodeExact(u8, '0xzz', 'raw'), isDecodeError('raw'));
  });
  void it('rejects huge declared lengths at once instead of allocating or looping', () => {
    const start = performance.now();
    assert.throws(() => decodeExact(Vector(u8), '0xfeffffff', 'v'), isDecodeError('v', 'exceeds'));
    assert.throws(() => decodeExact(Bytes(), '0xfeffffff01', 'b'), isDecodeError('b', 'truncated'));
    assert.throws(() => decodeExact(str, '0x0300000040', 's'), isDecodeError('s'));
    assert.ok(performance.now() - start < 100);
  });
  void it('reads subarray views at their own offset', () => {
    const backing = Uint8Array.of(0xaa, 0xbb, 0x05, 0x00, 0xcc);
    assert.equal(decodeExact(u16, backing.subarray(2, 4), 'x'), 5);
  });
  void it('wraps foreign errors from scale-ts codecs', () => {
    const throwing: Codec<number> = [
      u8.enc,
      () => {
        throw new RangeError('boom');
      },
    ] as unknown as Codec<number>;
    assert.throws(() => decodeExact(throwing, '0x00', 'foreign'), isDecodeError('foreign', 'boom'));
  });
});
