import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1';
import { blake2b256, concatBytes, cryptoReady, encodeCompact } from '@tao-ts/primitives';
import { SystemStorage } from '../frame/system.js';
import { Overlay } from '../storage/kv.js';
import { TestChain } from '../testing/chain.js';
import { TAO } from '../genesis.js';
import { checkExtrinsic, type CheckContext, type CheckPhase } from './check.js';
import { decodeExtrinsic, encodeExtrinsic, signExtrinsic, type ExtrinsicSigner } from './codec.js';
import { mortalEra } from './era.js';
import { genesisHash, pair, remark, sign } from './test-kit.js';
import { TransactionValidityError, type TransactionValidityErrorValue } from './validity.js';

before(async () => {
  await cryptoReady();
});

/** A fresh dev chain a few blocks in. */
function chainAt(blocks = 3): TestChain {
  const chain = new TestChain();
  chain.blocks(blocks);
  return chain;
}

/** The context of the chain's next block, as BlockExecution would present it. */
function nextBlock(chain: TestChain): CheckContext {
  const storage = new Overlay(chain.storage);
  SystemStorage.Number.set(storage, Number(chain.number + 1n));
  SystemStorage.BlockHash.set(storage, chain.parentHash, Number(chain.number));
  return { tao: chain.tao, storage };
}

function reason(
  ctx: CheckContext,
  bytes: Uint8Array,
  phase: CheckPhase = 'apply',
): TransactionValidityErrorValue | 'ok' {
  try {
    checkExtrinsic(ctx, bytes, phase);
    return 'ok';
  } catch (error) {
    if (error instanceof TransactionValidityError) return error.value;
    throw error;
  }
}

const invalid = (tag: string): TransactionValidityErrorValue =>
  ({ tag: 'Invalid', value: { tag, value: undefined } }) as TransactionValidityErrorValue;
const unknown = (tag: string): TransactionValidityErrorValue =>
  ({ tag: 'Unknown', value: { tag, value: undefined } }) as TransactionValidityErrorValue;

test('a signed extrinsic checks out: signer, nonce, tip, fee and dispatch info', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const bytes = sign(chain, alice, remark(chain), { tip: 7n });
  const checked = checkExtrinsic(nextBlock(chain), bytes);
  assert.deepEqual(checked.signer, alice.publicKey);
  assert.equal(checked.nonce, 0);
  assert.equal(checked.tip, 7n);
  assert.equal(checked.length, bytes.length);
  assert.equal(checked.fee, chain.tao.fees.fee(checked.def, checked.info.weight.ref_time, bytes.length, 7n));
  assert.equal(checked.info.class.tag, 'Normal');
  assert.equal(checked.blockNumber, chain.number + 1n);
});

test('a tampered byte anywhere signed gives BadProof; wrong versions or genesis too', () => {
  const chain = chainAt();
  const ctx = nextBlock(chain);
  const alice = pair('Alice');
  const call = remark(chain, new Uint8Array(40).fill(5));
  const bytes = sign(chain, alice, call);
  assert.equal(reason(ctx, bytes), 'ok');
  // The last byte is in the remark; the byte before the call is CheckMetadataHash's mode.
  const flip = (at: number, mask: number): Uint8Array => {
    const copy = Uint8Array.from(bytes);
    copy[at] = (copy[at] as number) ^ mask;
    return copy;
  };
  const lastByte = flip(bytes.length - 1, 1);
  assert.deepEqual(reason(ctx, lastByte), invalid('BadProof'));
  const signatureByte = flip(40, 0x80);
  assert.deepEqual(reason(ctx, signatureByte), invalid('BadProof'));
  for (const wrong of [
    { specVersion: 424 },
    { transactionVersion: 2 },
    { genesisHash: new Uint8Array(32) },
  ]) {
    assert.deepEqual(reason(ctx, sign(chain, alice, call, wrong)), invalid('BadProof'));
  }
  // A tip changed after signing
  const decoded = decodeExtrinsic(chain.runtime, bytes);
  const sig = decoded.signature;
  assert.ok(sig);
  const retipped = encodeExtrinsic(chain.runtime, {
    call,
    signature: { ...sig, extra: { ...sig.extra, tip: 1n } },
  });
  assert.deepEqual(reason(ctx, retipped), invalid('BadProof'));
});

test('ed25519 and ecdsa signers verify too', () => {
  const chain = chainAt(1);
  const edAlice = pair('Alice', 'ed25519');
  const secret = blake2b256(new TextEncoder().encode('ecdsa test key'));
  const ecdsa: ExtrinsicSigner = {
    accountId: blake2b256(secp256k1.getPublicKey(secret, true)),
    signPayload: (payload) => {
      const sig = secp256k1.sign(blake2b256(payload), secret);
      return { tag: 'Ecdsa', value: concatBytes(sig.toCompactRawBytes(), Uint8Array.of(sig.recovery)) };
    },
  };
  for (const dest of [edAlice.publicKey, ecdsa.accountId]) {
    chain.ok(
      pair('Alice').publicKey,
      chain.call('Balances', 'transfer_keep_alive', { dest: { tag: 'Id', value: dest }, value: TAO }),
    );
  }
  const ctx = nextBlock(chain);
  assert.equal(reason(ctx, sign(chain, edAlice, remark(chain))), 'ok');
  assert.equal(reason(ctx, sign(chain, ecdsa, remark(chain))), 'ok');
  // Ethereum-style v (27/28) is accepted as well
  const eth: ExtrinsicSigner = {
    accountId: ecdsa.accountId,
    signPayload: (payload) => {
      const sig = ecdsa.signPayload(payload);
      const value = Uint8Array.from(sig.value);
      value[64] = (value[64] as number) + 27;
      return { tag: 'Ecdsa', value };
    },
  };
  assert.equal(reason(ctx, sign(chain, eth, remark(chain))), 'ok');
  // An ed25519 signature presented as sr25519 does not verify
  const wrongScheme: ExtrinsicSigner = {
    accountId: edAlice.publicKey,
    signPayload: (payload) => ({ tag: 'Sr25519', value: edAlice.sign(payload) }),
  };
  assert.deepEqual(reason(ctx, sign(chain, wrongScheme, remark(chain))), invalid('BadProof'));
});

test('nonces: Stale below the account nonce, Future above it when applying (not when validating)', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const first = sign(chain, alice, remark(chain));
  chain.ok(alice.publicKey, remark(chain));
  const ctx = nextBlock(chain);
  assert.deepEqual(reason(ctx, first), invalid('Stale'));
  const ahead = sign(chain, alice, remark(chain), { nonce: chain.nonce(alice.publicKey) + 1 });
  assert.deepEqual(reason(ctx, ahead), invalid('Future'));
  const checked = checkExtrinsic(ctx, ahead, 'validate');
  assert.equal(checked.nonce, checked.accountNonce + 1);
});

test('Payment: no account, or a balance that cannot pay the fee above the existential deposit', () => {
  const chain = chainAt();
  const nobody = pair('Nobody');
  assert.deepEqual(reason(nextBlock(chain), sign(chain, nobody, remark(chain))), invalid('Payment'));
  chain.ok(
    pair('Alice').publicKey,
    chain.call('Balances', 'transfer_keep_alive', {
      dest: { tag: 'Id', value: nobody.publicKey },
      value: 600n,
    }),
  );
  assert.deepEqual(reason(nextBlock(chain), sign(chain, nobody, remark(chain))), invalid('Payment'));
  assert.deepEqual(
    reason(nextBlock(chain), sign(chain, pair('Bob'), remark(chain), { tip: 10n ** 18n })),
    invalid('Payment'),
  );
});

test('mortality: birth hash signed, AncientBirthBlock for unknown or pruned birth blocks', () => {
  const chain = chainAt(5);
  const alice = pair('Alice');
  const ctx = nextBlock(chain);
  assert.equal(reason(ctx, sign(chain, alice, remark(chain), { period: 64 })), 'ok');
  // Signed over another block's hash than the birth block's: BadProof.
  assert.deepEqual(
    reason(ctx, sign(chain, alice, remark(chain), { period: 64, birthHash: new Uint8Array(32).fill(3) })),
    invalid('BadProof'),
  );
  // Born in a block that does not exist yet.
  const future = mortalEra(64, chain.number + 10n);
  assert.deepEqual(
    reason(ctx, sign(chain, alice, remark(chain), { era: future, birthHash: chain.parentHash })),
    invalid('AncientBirthBlock'),
  );
  // A long era whose birth block is older than BlockHashCount (2400) + 1 blocks.
  const old = new Overlay(chain.storage);
  const era = mortalEra(65536, 96);
  SystemStorage.Number.set(old, 96 + 2402);
  SystemStorage.BlockHash.set(old, new Uint8Array(32).fill(9), 96);
  const bytes = sign(chain, alice, remark(chain), { era, birthHash: new Uint8Array(32).fill(9) });
  assert.deepEqual(reason({ tao: chain.tao, storage: old }, bytes), invalid('AncientBirthBlock'));
  SystemStorage.Number.set(old, 96 + 2401);
  assert.equal(reason({ tao: chain.tao, storage: old }, bytes), 'ok');
});

test('lookups: non-Id addresses and CheckMetadataHash mode Enabled are CannotLookup', () => {
  const chain = chainAt();
  const ctx = nextBlock(chain);
  const alice = pair('Alice');
  const bytes = sign(chain, alice, remark(chain));
  const decoded = decodeExtrinsic(chain.runtime, bytes);
  assert.ok(decoded.signature);
  const raw = encodeExtrinsic(chain.runtime, {
    call: decoded.call,
    signature: { ...decoded.signature, address: { tag: 'Address32', value: alice.publicKey } },
  });
  assert.deepEqual(reason(ctx, raw), unknown('CannotLookup'));
  const withHash = sign(chain, alice, remark(chain), { metadataHash: new Uint8Array(32).fill(1) });
  assert.deepEqual(reason(ctx, withHash), unknown('CannotLookup'));
});

test('bare extrinsics: inherents only (NoUnsignedValidator); they never enter the pool; signed inherents are mandatory', () => {
  const chain = chainAt();
  const ctx = nextBlock(chain);
  const bare = (call: ReturnType<typeof remark>): Uint8Array => encodeExtrinsic(chain.runtime, { call });
  assert.deepEqual(reason(ctx, bare(remark(chain))), unknown('NoUnsignedValidator'));
  const timestamp = chain.call('Timestamp', 'set', { now: 1n });
  assert.equal(reason(ctx, bare(timestamp)), 'ok');
  assert.deepEqual(reason(ctx, bare(timestamp), 'validate'), invalid('MandatoryValidation'));
  const signedTimestamp = sign(chain, pair('Alice'), timestamp);
  assert.deepEqual(reason(ctx, signedTimestamp), invalid('BadMandatory'));
  assert.deepEqual(reason(ctx, signedTimestamp, 'validate'), invalid('MandatoryValidation'));
});

test('Sudo calls need the sudo key (SudoTransactionExtension: BadSigner)', () => {
  const chain = chainAt();
  const ctx = nextBlock(chain);
  const sudo = chain.call('Sudo', 'sudo', { call: remark(chain) });
  assert.deepEqual(reason(ctx, sign(chain, pair('Bob'), sudo)), invalid('BadSigner'));
  assert.equal(reason(ctx, sign(chain, pair('Alice'), sudo)), 'ok');
});

test('ExhaustsResources: over 75% of the 10 MiB block, or more weight than one normal extrinsic may use', () => {
  const chain = chainAt(1);
  const ctx = nextBlock(chain);
  const big = remark(chain, new Uint8Array(7_864_320));
  assert.deepEqual(reason(ctx, sign(chain, pair('Alice'), big)), invalid('ExhaustsResources'));
  // 100 rows of 7,000 weights: about 2.64e12 ps, above System's normal max_extrinsic (2.6e12).
  const row = Array.from({ length: 7_000 }, () => [0, 0]);
  const heavy = chain.call('SubtensorModule', 'batch_set_weights', {
    netuids: Array.from({ length: 100 }, () => 1),
    weights: Array.from({ length: 100 }, () => row),
    version_keys: Array.from({ length: 100 }, () => 0n),
  });
  assert.deepEqual(reason(ctx, sign(chain, pair('Bob'), heavy)), invalid('ExhaustsResources'));
});

test('the length prefix must cover the extrinsic exactly (encoded length is what fees count)', () => {
  const chain = chainAt(1);
  const bytes = sign(chain, pair('Alice'), remark(chain));
  const body = bytes.subarray(encodeCompact(bytes.length - 2).length);
  assert.equal(
    checkExtrinsic(nextBlock(chain), concatBytes(encodeCompact(body.length), body)).length,
    bytes.length,
  );
  assert.ok(genesisHash(chain).length === 32);
  assert.throws(
    () =>
      signExtrinsic(chain.runtime, {
        call: remark(chain),
        signer: pair('Alice'),
        nonce: 0,
        genesisHash: genesisHash(chain),
        era: mortalEra(64, 1),
      }),
    /birthHash/,
  );
});
