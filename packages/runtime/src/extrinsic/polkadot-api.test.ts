/**
 * With the runtime's metadata: an extrinsic @polkadot/api builds and signs with Keyring //Alice
 * (`createType('Extrinsic', …)`) decodes, verifies and applies here, and ours decode in
 * @polkadot/types to the same signer, nonce, tip, era and call.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Keyring } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { cryptoReady, toHex } from '@tao-ts/primitives';
import { buildMetadata } from '../metadata/build.js';
import { MultiAddressType } from '../types/substrate.js';
import { TestChain } from '../testing/chain.js';
import { applyExtrinsic } from './apply.js';
import { decodeExtrinsic } from './codec.js';
import { mortalEra } from './era.js';
import { SIGNATURE_TYPE, SIGNED_EXTENSIONS, TX_EXTENSION_TYPE } from './extensions.js';
import { genesisHash, inBlock, pair, poolContext, sign } from './test-kit.js';
import { validateTransaction } from './validate.js';

before(async () => {
  await cryptoReady();
});

function registryFor(chain: TestChain, version: 14 | 15): TypeRegistry {
  const built = buildMetadata({
    tao: chain.tao,
    signedExtensions: SIGNED_EXTENSIONS,
    address: MultiAddressType,
    signature: SIGNATURE_TYPE,
    extra: TX_EXTENSION_TYPE,
    apis: [],
  });
  const registry = new TypeRegistry();
  registry.setMetadata(new Metadata(registry, version === 14 ? built.v14 : built.v15));
  return registry;
}

for (const version of [14, 15] as const) {
  test(`metadata V${version}: @polkadot/api signs with Keyring //Alice, this runtime verifies and applies`, () => {
    const chain = new TestChain();
    chain.blocks(3);
    const registry = registryFor(chain, version);
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const bob = pair('Bob');
    const call = chain.call('Balances', 'transfer_keep_alive', {
      dest: { tag: 'Id', value: bob.publicKey },
      value: 42n,
    });
    const method = registry.createType('Call', chain.runtime.callType.codec.enc(call));
    for (const [nonce, period, tip] of [
      [0, undefined, 0],
      [1, 32, 77],
    ] as const) {
      const tx = registry.createType('Extrinsic', { method });
      tx.sign(alice, {
        nonce,
        tip,
        genesisHash: toHex(genesisHash(chain)),
        blockHash: toHex(period === undefined ? genesisHash(chain) : chain.parentHash),
        era:
          period === undefined
            ? registry.createType('ExtrinsicEra')
            : registry.createType('ExtrinsicEra', { current: Number(chain.number), period }),
        runtimeVersion: {
          specVersion: registry.createType('u32', chain.runtime.version.specVersion),
          transactionVersion: registry.createType('u32', chain.runtime.version.transactionVersion),
        } as never,
        signedExtensions: registry.signedExtensions,
      });
      const bytes = tx.toU8a();
      const decoded = decodeExtrinsic(chain.runtime, bytes);
      assert.deepEqual(decoded.call, call);
      assert.equal(decoded.signature?.extra.nonce, nonce);
      assert.equal(decoded.signature?.extra.tip, BigInt(tip));
      const validity = validateTransaction(poolContext(chain), 'External', bytes);
      assert.equal(validity.tag, 'Ok', validity.tag === 'Err' ? JSON.stringify(validity.value) : '');
      const outcome = inBlock(chain, (exec) => applyExtrinsic(exec, bytes));
      assert.deepEqual(outcome.result, { tag: 'Ok', value: { tag: 'Ok', value: undefined } });
    }
    assert.equal(chain.nonce(alice.publicKey), 2);
  });
}

test('our signed extrinsics decode in @polkadot/types with the same fields', () => {
  const chain = new TestChain();
  chain.blocks(5);
  const registry = registryFor(chain, 15);
  const call = chain.call('SubtensorModule', 'set_weights', {
    netuid: 1,
    dests: [0, 1],
    weights: [65535, 1],
    version_key: 7n,
  });
  const bytes = sign(chain, pair('Alice'), call, { tip: 123n, period: 64 });
  const tx = registry.createType('Extrinsic', bytes);
  assert.equal(tx.isSigned, true);
  assert.equal(tx.signer.toString(), pair('Alice').address);
  assert.equal(tx.nonce.toNumber(), 0);
  assert.equal(tx.tip.toBigInt(), 123n);
  const era = mortalEra(64, chain.number);
  assert.ok(era.kind === 'mortal');
  assert.equal(tx.era.asMortalEra.period.toNumber(), era.period);
  assert.equal(tx.era.asMortalEra.phase.toNumber(), era.phase);
  assert.equal(tx.method.section, 'subtensorModule');
  assert.equal(tx.method.method, 'setWeights');
  assert.deepEqual(tx.toU8a(), bytes);
});
