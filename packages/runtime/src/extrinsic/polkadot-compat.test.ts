/**
 * Cross-checks against @polkadot/types without metadata: its era encoding, its signing payload
 * (with the >256-byte hashing) and its signed-extrinsic layout, configured with subtensor's
 * extension list, produce what this runtime decodes and verifies.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { TypeRegistry } from '@polkadot/types';
import { concatBytes, cryptoReady, encodeCompact, toHex } from '@tao-ts/primitives';
import { TestChain } from '../testing/chain.js';
import type { RuntimeCallValue } from '../frame/pallet.js';
import { signExtrinsic } from './codec.js';
import { encodeEra, mortalEra, IMMORTAL } from './era.js';
import { SIGNED_EXTENSIONS, encodeExplicit, encodeImplicit } from './extensions.js';
import { genesisHash, inBlock, pair, poolContext, remark } from './test-kit.js';
import { validateTransaction } from './validate.js';
import { applyExtrinsic } from './apply.js';

before(async () => {
  await cryptoReady();
});

/** A registry that knows subtensor's extensions (the four custom ones carry no data). */
function subtensorRegistry(): TypeRegistry {
  const registry = new TypeRegistry();
  const empty = { extrinsic: {}, payload: {} };
  registry.setSignedExtensions(
    SIGNED_EXTENSIONS.map((e) => e.identifier),
    {
      SudoTransactionExtension: empty,
      CheckShieldedTxValidity: empty,
      SubtensorTransactionExtension: empty,
      DrandPriority: empty,
    },
  );
  return registry;
}

test('eras: @polkadot/types ExtrinsicEra({ current, period }) encodes as Era::mortal', () => {
  const registry = new TypeRegistry();
  fc.assert(
    fc.property(
      fc.integer({ min: 4, max: 65536 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (period, current) => {
        const theirs = registry.createType('ExtrinsicEra', { current, period }).toU8a();
        assert.deepEqual([...encodeEra(mortalEra(period, current))], [...theirs]);
      },
    ),
    { numRuns: 500 },
  );
  assert.deepEqual([...registry.createType('ExtrinsicEra').toU8a()], [...encodeEra(IMMORTAL)]);
});

interface Case {
  readonly call: RuntimeCallValue;
  readonly nonce: number;
  readonly tip: bigint;
  readonly period?: number;
}

/** Sign with @polkadot/types (our keypair as its signer) and return the extrinsic it builds. */
function polkadotSigned(
  chain: TestChain,
  registry: TypeRegistry,
  c: Case,
): { bytes: Uint8Array; payload: Uint8Array } {
  const alice = pair('Alice');
  const callBytes = chain.runtime.callType.codec.enc(c.call);
  const era =
    c.period === undefined
      ? registry.createType('ExtrinsicEra')
      : registry.createType('ExtrinsicEra', { current: Number(chain.number), period: c.period });
  const json: Record<string, string | number> = {
    method: toHex(callBytes),
    era: era.toHex(),
    nonce: toHex(Uint8Array.of(c.nonce)),
    tip: `0x${c.tip.toString(16)}`,
    specVersion: '0x' + chain.runtime.version.specVersion.toString(16).padStart(8, '0'),
    transactionVersion: '0x' + chain.runtime.version.transactionVersion.toString(16).padStart(8, '0'),
    genesisHash: toHex(genesisHash(chain)),
    blockHash: toHex(c.period === undefined ? genesisHash(chain) : chain.parentHash),
    mode: 0,
  };
  const payload = registry.createType('ExtrinsicPayload', json, { version: 4 });
  const signer = {
    sign: (message: Uint8Array, options?: { withType?: boolean }): Uint8Array => {
      const sig = alice.sign(message);
      return options?.withType ? concatBytes(Uint8Array.of(1), sig) : sig;
    },
  };
  const { signature } = payload.sign(signer as never);
  // GenericExtrinsicSignatureV4 (not exported from the package root).
  const sig = registry.createType('ExtrinsicSignatureV4') as unknown as {
    addSignature(signer: string, signature: string, payload: Uint8Array): unknown;
    toU8a(): Uint8Array;
  };
  sig.addSignature(alice.address, signature, payload.toU8a());
  const body = concatBytes(Uint8Array.of(0x84), sig.toU8a(), callBytes);
  return { bytes: concatBytes(encodeCompact(body.length), body), payload: payload.toU8a({ method: true }) };
}

test('@polkadot/types signing payload and extrinsic layout match ours, and its signatures verify here', () => {
  const chain = new TestChain();
  chain.blocks(3);
  const registry = subtensorRegistry();
  const cases: Case[] = [
    { call: remark(chain), nonce: 0, tip: 0n },
    { call: remark(chain, new Uint8Array(300).fill(1)), nonce: 0, tip: 12_345n, period: 64 },
    {
      call: chain.call('Balances', 'transfer_keep_alive', {
        dest: { tag: 'Id', value: pair('Bob').publicKey },
        value: 10n ** 9n,
      }),
      nonce: 0,
      tip: 1n,
      period: 16,
    },
  ];
  for (const c of cases) {
    const { bytes, payload } = polkadotSigned(chain, registry, c);
    const era = c.period === undefined ? IMMORTAL : mortalEra(c.period, chain.number);
    const extra = { era, nonce: c.nonce, tip: c.tip, metadataHashMode: 'Disabled' as const };
    const ours = concatBytes(
      chain.runtime.callType.codec.enc(c.call),
      encodeExplicit(extra),
      encodeImplicit({
        specVersion: chain.runtime.version.specVersion,
        transactionVersion: chain.runtime.version.transactionVersion,
        genesisHash: genesisHash(chain),
        birthHash: c.period === undefined ? genesisHash(chain) : chain.parentHash,
      }),
    );
    assert.deepEqual(payload, ours);
    // Same layout as our encoder (signatures differ: sr25519 is randomised).
    const mine = signExtrinsic(chain.runtime, {
      call: c.call,
      signer: pair('Alice'),
      nonce: c.nonce,
      tip: c.tip,
      era,
      genesisHash: genesisHash(chain),
      birthHash: chain.parentHash,
    });
    assert.equal(bytes.length, mine.length);
    const signatureEnd =
      bytes.length - chain.runtime.callType.codec.enc(c.call).length - encodeExplicit(extra).length;
    assert.deepEqual(bytes.subarray(signatureEnd), mine.subarray(signatureEnd));
    assert.deepEqual(bytes.subarray(0, signatureEnd - 64), mine.subarray(0, signatureEnd - 64));
    // And it applies.
    const outcome = inBlock(chain, (exec) => applyExtrinsic(exec, bytes), false);
    assert.deepEqual(outcome.result, { tag: 'Ok', value: { tag: 'Ok', value: undefined } });
    assert.equal(validateTransaction(poolContext(chain), 'External', bytes).tag, 'Ok');
  }
});
