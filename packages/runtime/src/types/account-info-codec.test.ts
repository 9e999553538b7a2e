// AccountInfo's one-pass codec must be the struct codec, byte for byte and value for value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StructCodec, type Codec } from '@tao-ts/primitives';
import { AccountDataType, AccountInfoType, Nonce, type AccountInfo } from './substrate.js';
import { u32 } from './type.js';

const reference = StructCodec<AccountInfo>([
  ['nonce', Nonce.codec as unknown as Codec<unknown>],
  ['consumers', u32.codec as unknown as Codec<unknown>],
  ['providers', u32.codec as unknown as Codec<unknown>],
  ['sufficients', u32.codec as unknown as Codec<unknown>],
  ['data', AccountDataType.codec as unknown as Codec<unknown>],
]);

const u32Arb = fc.integer({ min: 0, max: 0xffff_ffff });
const u64Arb = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
// Plain objects, as decoders build them (fast-check's records have no prototype).
const info = fc
  .record({
    nonce: u32Arb,
    consumers: u32Arb,
    providers: u32Arb,
    sufficients: u32Arb,
    data: fc.record({
      free: u64Arb,
      reserved: u64Arb,
      frozen: u64Arb,
      flags: fc.oneof(fc.constant(0n), fc.constant(2n ** 127n), fc.bigInt({ min: 0n, max: 2n ** 128n - 1n })),
    }),
  })
  .map((v): AccountInfo => ({ ...v, data: { ...v.data } }));

void describe('AccountInfoType codec', () => {
  it('encodes and decodes exactly as the struct codec', () => {
    fc.assert(
      fc.property(info, (value) => {
        const bytes = AccountInfoType.codec.enc(value);
        assert.deepEqual(bytes, reference.enc(value));
        assert.deepEqual(AccountInfoType.codec.dec(bytes), value);
        assert.deepEqual(AccountInfoType.codec.dec(bytes), reference.dec(bytes));
      }),
    );
  });

  it('decodes nested in another struct, and from hex, as the struct codec does', () => {
    const outer = (inner: Codec<unknown>) =>
      StructCodec<{ head: number; info: AccountInfo; tail: number }>([
        ['head', u32.codec as unknown as Codec<unknown>],
        ['info', inner],
        ['tail', u32.codec as unknown as Codec<unknown>],
      ]);
    const fast = outer(AccountInfoType.codec as unknown as Codec<unknown>);
    const slow = outer(reference as unknown as Codec<unknown>);
    fc.assert(
      fc.property(info, u32Arb, (value, n) => {
        const bytes = slow.enc({ head: n, info: value, tail: n });
        assert.deepEqual(fast.dec(bytes), slow.dec(bytes));
        const hex = `0x${Buffer.from(reference.enc(value)).toString('hex')}`;
        assert.deepEqual(AccountInfoType.codec.dec(hex), value);
      }),
    );
  });

  it('refuses what the struct codec refuses, with its errors', () => {
    const good: AccountInfo = {
      nonce: 1,
      consumers: 0,
      providers: 1,
      sufficients: 0,
      data: { free: 5n, reserved: 0n, frozen: 0n, flags: 0n },
    };
    const bad = [
      { ...good, nonce: -1 },
      { ...good, providers: 2 ** 32 },
      { ...good, data: { ...good.data, free: 2n ** 64n } },
      { ...good, data: { ...good.data, flags: -1n } },
    ];
    for (const value of bad) {
      assert.throws(
        () => AccountInfoType.codec.enc(value),
        (e: unknown) => {
          assert.throws(() => reference.enc(value), { message: (e as Error).message });
          return true;
        },
      );
    }
    const short = AccountInfoType.codec.enc(good).slice(0, 40);
    assert.throws(
      () => AccountInfoType.codec.dec(short),
      (e: unknown) => {
        assert.throws(() => reference.dec(short), { message: (e as Error).message });
        return true;
      },
    );
  });
});
