import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { blake2b256, concatBytes, cryptoReady, encodeCompact } from '@tao-ts/primitives';
import { createRuntime } from '../chain.js';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { MultiAddressValue } from '../types/substrate.js';
import {
  ExtrinsicDecodeError,
  decodeExtrinsic,
  encodeExtrinsic,
  signExtrinsic,
  signedPayload,
  type UncheckedExtrinsic,
} from './codec.js';
import { IMMORTAL, mortalEra, type Era } from './era.js';
import { SIGNED_EXTENSIONS, encodeImplicit, type ExtrinsicExtra, type ImplicitInputs } from './extensions.js';
import type { MultiSignatureValue } from './signature.js';
import { pair } from './test-kit.js';

before(async () => {
  await cryptoReady();
});

const { runtime } = createRuntime({ minimumPeriodMs: 6000n });
const call = (pallet: string, name: string, args: object): RuntimeCallValue =>
  runtime.pallet(pallet).call(name, args);

const bytesArb = (min: number, max: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: min, maxLength: max });
const u16Arb = fc.integer({ min: 0, max: 0xffff });

const remarkArb = bytesArb(0, 400).map((remark) => call('System', 'remark', { remark }));
const transferArb = fc
  .tuple(bytesArb(32, 32), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }))
  .map(([id, value]) =>
    call('Balances', 'transfer_keep_alive', {
      dest: { tag: 'Id', value: id } satisfies MultiAddressValue,
      value,
    }),
  );
const setWeightsArb = fc
  .tuple(
    u16Arb,
    fc.array(u16Arb, { maxLength: 40 }),
    fc.array(u16Arb, { maxLength: 40 }),
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  )
  .map(([netuid, dests, weights, version_key]) =>
    call('SubtensorModule', 'set_weights', { netuid, dests, weights, version_key }),
  );
const callArb: fc.Arbitrary<RuntimeCallValue> = fc.oneof(
  remarkArb,
  transferArb,
  setWeightsArb,
  remarkArb.map((inner) => call('Sudo', 'sudo', { call: inner })),
);

const addressArb: fc.Arbitrary<MultiAddressValue> = fc.oneof(
  bytesArb(32, 32).map((value) => ({ tag: 'Id' as const, value })),
  fc.constant({ tag: 'Index' as const, value: undefined }),
  bytesArb(0, 40).map((value) => ({ tag: 'Raw' as const, value })),
  bytesArb(32, 32).map((value) => ({ tag: 'Address32' as const, value })),
  bytesArb(20, 20).map((value) => ({ tag: 'Address20' as const, value })),
);
const signatureArb: fc.Arbitrary<MultiSignatureValue> = fc.oneof(
  bytesArb(64, 64).map((value) => ({ tag: 'Sr25519' as const, value })),
  bytesArb(64, 64).map((value) => ({ tag: 'Ed25519' as const, value })),
  bytesArb(65, 65).map((value) => ({ tag: 'Ecdsa' as const, value })),
);
const eraArb: fc.Arbitrary<Era> = fc.oneof(
  fc.constant(IMMORTAL),
  fc
    .tuple(fc.integer({ min: 0, max: 70_000 }), fc.bigInt({ min: 0n, max: 1n << 32n }))
    .map(([p, c]) => mortalEra(p, c)),
);
const extraArb: fc.Arbitrary<ExtrinsicExtra> = fc.record({
  era: eraArb,
  nonce: fc.integer({ min: 0, max: 0xffff_ffff }),
  tip: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  metadataHashMode: fc.constantFrom('Disabled' as const, 'Enabled' as const),
});
const extrinsicArb: fc.Arbitrary<UncheckedExtrinsic> = fc.oneof(
  callArb.map((c) => ({ call: c })),
  fc.tuple(callArb, addressArb, signatureArb, extraArb).map(([c, address, signature, extra]) => ({
    call: c,
    signature: { address, signature, extra },
  })),
);

test('property: encode → decode returns the extrinsic, and re-encoding gives the same bytes', () => {
  fc.assert(
    fc.property(extrinsicArb, (xt) => {
      const bytes = encodeExtrinsic(runtime, xt);
      const decoded = decodeExtrinsic(runtime, bytes);
      assert.deepEqual(decoded.call, xt.call);
      const plain = (sig: UncheckedExtrinsic['signature']): unknown =>
        sig === undefined ? undefined : { ...sig, extra: { ...sig.extra } };
      assert.deepEqual(plain(decoded.signature), plain(xt.signature));
      assert.equal(decoded.length, bytes.length);
      assert.deepEqual(decoded.callBytes, runtime.callType.codec.enc(xt.call));
      assert.deepEqual(encodeExtrinsic(runtime, decoded), bytes);
    }),
    { numRuns: 1500 },
  );
});

test('layout: length prefix, 0x84, address, signature, era, nonce, tip, mode, call', () => {
  const alice = pair('Alice');
  const c = call('System', 'remark', { remark: Uint8Array.of(7) });
  const sig = { tag: 'Sr25519' as const, value: new Uint8Array(64).fill(9) };
  const bytes = encodeExtrinsic(runtime, {
    call: c,
    signature: {
      address: { tag: 'Id', value: alice.publicKey },
      signature: sig,
      extra: { era: mortalEra(64, 42), nonce: 5, tip: 1_000n, metadataHashMode: 'Disabled' },
    },
  });
  const body = concatBytes(
    Uint8Array.of(0x84, 0x00),
    alice.publicKey,
    Uint8Array.of(0x01),
    sig.value,
    Uint8Array.of(0xa5, 0x02), // Era::mortal(64, 42)
    encodeCompact(5),
    encodeCompact(1000),
    Uint8Array.of(0x00),
    runtime.callType.codec.enc(c),
  );
  assert.deepEqual(bytes, concatBytes(encodeCompact(body.length), body));
  const bare = encodeExtrinsic(runtime, { call: c });
  assert.deepEqual(
    bare,
    concatBytes(encodeCompact(1 + 4), Uint8Array.of(0x04), runtime.callType.codec.enc(c)),
  );
});

function decodeError(bytes: Uint8Array): ExtrinsicDecodeError {
  try {
    decodeExtrinsic(runtime, bytes);
  } catch (error) {
    assert.ok(error instanceof ExtrinsicDecodeError, `not an ExtrinsicDecodeError: ${String(error)}`);
    assert.equal(error.code, 'EXTRINSIC_DECODE');
    return error;
  }
  assert.fail('decoded');
}

test('strict decoding names what is wrong', () => {
  const good = signExtrinsic(runtime, {
    call: call('System', 'remark', { remark: Uint8Array.of(1, 2) }),
    signer: pair('Alice'),
    nonce: 0,
    genesisHash: new Uint8Array(32),
  });
  // 143 bytes follow a two-byte compact length prefix; the version byte comes next.
  assert.deepEqual(good.subarray(0, 2), encodeCompact(good.length - 2));
  const unprefixed = good.subarray(2);
  const body = good.subarray(3);
  assert.equal(decodeError(good.subarray(0, good.length - 1)).field, 'length');
  assert.equal(decodeError(concatBytes(good, Uint8Array.of(0))).field, 'length');
  const relength = (b: Uint8Array): Uint8Array => concatBytes(encodeCompact(b.length), b);
  assert.equal(decodeError(relength(concatBytes(Uint8Array.of(0x85), body))).field, 'version');
  assert.equal(decodeError(relength(concatBytes(Uint8Array.of(0x05), body))).field, 'version');
  assert.equal(decodeError(relength(Uint8Array.of(0x84, 0x09))).field, 'address');
  assert.equal(
    decodeError(relength(concatBytes(Uint8Array.of(0x84, 0x00), new Uint8Array(32), Uint8Array.of(7)))).field,
    'signature',
  );
  // a mortal era whose period code is 0 (period 2) is not an Era
  const withEra = (era: number[]): Uint8Array =>
    relength(
      concatBytes(
        Uint8Array.of(0x84, 0x00),
        new Uint8Array(32),
        Uint8Array.of(1),
        new Uint8Array(64),
        Uint8Array.of(...era),
      ),
    );
  assert.equal(decodeError(withEra([0x10, 0x00])).field, 'extension CheckMortality');
  assert.equal(decodeError(concatBytes(withEra([0x00]), Uint8Array.of(0x03))).field, 'length');
  // trailing bytes after the call inside the declared length
  assert.equal(decodeError(relength(concatBytes(unprefixed, Uint8Array.of(0)))).field, 'call');
  // an unknown pallet index
  assert.equal(decodeError(relength(Uint8Array.of(0x04, 0xee, 0x00))).field, 'call');
  assert.equal(decodeError(relength(Uint8Array.of(0x04))).field, 'call');
  assert.equal(decodeError(new Uint8Array(0)).field, 'length');
});

test('deeply nested calls are a decode error, not a crash', () => {
  const c = call('System', 'remark', { remark: new Uint8Array(0) });
  const sudoPrefix = runtime.callType.codec.enc(call('Sudo', 'sudo', { call: c })).subarray(0, 2);
  const inner = runtime.callType.codec.enc(c);
  const depth = 200_000;
  const nested = new Uint8Array(depth * 2 + inner.length);
  for (let i = 0; i < depth; i++) nested.set(sudoPrefix, i * 2);
  nested.set(inner, depth * 2);
  const bytes = concatBytes(encodeCompact(nested.length + 1), Uint8Array.of(0x04), nested);
  const error = decodeError(bytes);
  assert.equal(error.field, 'call');
  assert.match(error.message, /nested too deeply|stack/);
});

test('the signed payload is call ‖ explicit ‖ implicit, hashed with blake2-256 when over 256 bytes', () => {
  const extra: ExtrinsicExtra = { era: IMMORTAL, nonce: 3, tip: 0n, metadataHashMode: 'Disabled' };
  const implicit: ImplicitInputs = {
    specVersion: 425,
    transactionVersion: 1,
    genesisHash: new Uint8Array(32).fill(1),
    birthHash: new Uint8Array(32).fill(1),
  };
  const explicit = Uint8Array.of(0x00, 0x0c, 0x00, 0x00); // immortal, nonce 3, tip 0, mode 0
  const implicitBytes = encodeImplicit(implicit);
  // spec ‖ tx version ‖ genesis ‖ birth hash ‖ None
  assert.deepEqual(
    implicitBytes,
    concatBytes(
      Uint8Array.of(0xa9, 0x01, 0, 0),
      Uint8Array.of(1, 0, 0, 0),
      implicit.genesisHash,
      implicit.birthHash,
      Uint8Array.of(0),
    ),
  );
  const small = new Uint8Array(256 - explicit.length - implicitBytes.length);
  assert.deepEqual(signedPayload(small, extra, implicit), concatBytes(small, explicit, implicitBytes));
  const large = new Uint8Array(small.length + 1);
  assert.deepEqual(
    signedPayload(large, extra, implicit),
    blake2b256(concatBytes(large, explicit, implicitBytes)),
  );
});

test('SIGNED_EXTENSIONS lists subtensor TxExtension in order, with its metadata identifiers', () => {
  assert.deepEqual(
    SIGNED_EXTENSIONS.map((e) => e.identifier),
    [
      'CheckNonZeroSender',
      'CheckSpecVersion',
      'CheckTxVersion',
      'CheckGenesis',
      'CheckMortality',
      'CheckNonce',
      'CheckWeight',
      'ChargeTransactionPayment',
      'SudoTransactionExtension',
      'CheckShieldedTxValidity',
      'SubtensorTransactionExtension',
      'DrandPriority',
      'CheckMetadataHash',
    ],
  );
});
