import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { concatBytes, cryptoReady, u32 } from '@tao-ts/primitives';
import type { RuntimeCallValue } from '../frame/pallet.js';
import { S } from '../pallets/subtensor/storage.js';
import type { MemoryStorage } from '../storage/kv.js';
import { TestChain } from '../testing/chain.js';
import { ExtrinsicDecodeError } from './codec.js';
import { eraDeath, mortalEra } from './era.js';
import { pair, poolContext, remark, sign } from './test-kit.js';
import { DISPATCH_PRIORITY, nonceTag, validateTransaction } from './validate.js';
import type { TransactionValidity, TransactionValidityErrorValue, ValidTransaction } from './validity.js';

before(async () => {
  await cryptoReady();
});

const U64_MAX = (1n << 64n) - 1n;

function chainAt(blocks = 3): TestChain {
  const chain = new TestChain();
  chain.blocks(blocks);
  return chain;
}

function validate(chain: TestChain, bytes: Uint8Array): TransactionValidity {
  return validateTransaction(poolContext(chain), 'External', bytes);
}

function ok(result: TransactionValidity): ValidTransaction {
  if (result.tag !== 'Ok') assert.fail(`expected Ok, got ${JSON.stringify(result.value)}`);
  return result.value;
}

function err(result: TransactionValidity): TransactionValidityErrorValue {
  if (result.tag !== 'Err') assert.fail('expected Err');
  return result.value;
}

const custom = (code: number): TransactionValidityErrorValue => ({
  tag: 'Invalid',
  value: { tag: 'Custom', value: code },
});

function snapshot(storage: MemoryStorage): string {
  return [...storage.entries()].map(([k, v]) => `${k}=${Buffer.from(v).toString('hex')}`).join(';');
}

test('provides (signer, nonce); requires the previous nonce while ahead; priority by class; longevity by era', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const current = chain.number + 1n;
  const now = ok(validate(chain, sign(chain, alice, remark(chain))));
  assert.deepEqual(now.provides, [concatBytes(alice.publicKey, u32.enc(0))]);
  assert.deepEqual(now.requires, []);
  assert.equal(now.priority, DISPATCH_PRIORITY.Normal);
  assert.equal(now.priority, 1n);
  assert.equal(now.longevity, U64_MAX - current);
  assert.equal(now.propagate, true);

  const later = ok(validate(chain, sign(chain, alice, remark(chain), { nonce: 3 })));
  assert.deepEqual(later.provides, [nonceTag(alice.publicKey, 3)]);
  assert.deepEqual(later.requires, [nonceTag(alice.publicKey, 2)]);

  const mortal = ok(validate(chain, sign(chain, alice, remark(chain), { period: 16 })));
  assert.equal(mortal.longevity, eraDeath(mortalEra(16, chain.number), current) - current);
  assert.ok(mortal.longevity > 0n && mortal.longevity <= 16n);
});

test('tips buy no priority (subtensor fixes it per class); operational calls rank far above', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const tipped = ok(validate(chain, sign(chain, alice, remark(chain), { tip: 1_000_000n })));
  assert.equal(tipped.priority, 1n);
  const operational = chain.call('AdminUtils', 'sudo_set_burn_half_life', { netuid: 1, burn_half_life: 10 });
  assert.equal(ok(validate(chain, sign(chain, alice, operational))).priority, 10_000_000_000n);
});

test('subtensor guards reject at validation with their CustomTransactionError codes', () => {
  const chain = chainAt();
  const bob = pair('Bob');
  const sub = (name: string, args: object): RuntimeCallValue => chain.call('SubtensorModule', name, args);
  // CheckDelegateTake: the hotkey does not exist (4); take above the maximum (27)
  assert.deepEqual(
    err(validate(chain, sign(chain, bob, sub('decrease_take', { hotkey: bob.publicKey, take: 0 })))),
    custom(4),
  );
  assert.deepEqual(
    err(validate(chain, sign(chain, bob, sub('increase_take', { hotkey: bob.publicKey, take: 65535 })))),
    custom(27),
  );
  // CheckWeights: batch lengths (18), then the minimum stake (1)
  const batch = sub('batch_set_weights', { netuids: [1, 1], weights: [[]], version_keys: [0n] });
  assert.deepEqual(err(validate(chain, sign(chain, bob, batch))), custom(18));
  const weights = sub('set_weights', { netuid: 1, dests: [0], weights: [1], version_key: 0n });
  S.StakeThreshold.set(chain.storage, 1_000n);
  assert.deepEqual(err(validate(chain, sign(chain, bob, weights))), custom(1));
  S.StakeThreshold.set(chain.storage, 0n);
  // CheckServingEndpoints: not registered on the subnet (10)
  const axon = sub('serve_axon', {
    netuid: 1,
    version: 1,
    ip: 0x0a000001n,
    port: 8091,
    ip_type: 4,
    protocol: 0,
    placeholder1: 0,
    placeholder2: 0,
  });
  assert.deepEqual(err(validate(chain, sign(chain, bob, axon))), custom(10));
  // CheckRateLimits on register_network (6)
  S.NetworkLastLockBlock.set(chain.storage, chain.number);
  S.NetworkRateLimit.set(chain.storage, 100n);
  assert.deepEqual(
    err(validate(chain, sign(chain, bob, sub('register_network', { hotkey: bob.publicKey })))),
    custom(6),
  );
});

test('a registered hotkey passes the serving guard, which writes nothing', () => {
  const chain = chainAt();
  const bob = pair('Bob');
  chain.ok(
    bob.publicKey,
    chain.call('SubtensorModule', 'burned_register', { netuid: 1, hotkey: bob.publicKey }),
  );
  const axon = chain.call('SubtensorModule', 'serve_axon', {
    netuid: 1,
    version: 1,
    ip: 0x0a000001n,
    port: 8091,
    ip_type: 4,
    protocol: 0,
    placeholder1: 0,
    placeholder2: 0,
  });
  const before = snapshot(chain.storage);
  ok(validate(chain, sign(chain, bob, axon)));
  const badPort = chain.call('SubtensorModule', 'serve_axon', {
    netuid: 1,
    version: 1,
    ip: 0x0a000001n,
    port: 0,
    ip_type: 4,
    protocol: 0,
    placeholder1: 0,
    placeholder2: 0,
  });
  assert.deepEqual(err(validate(chain, sign(chain, bob, badPort))), custom(13));
  assert.equal(snapshot(chain.storage), before);
});

test('calls nested more than 8 deep are Invalid(Call) in the pool', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const nest = (depth: number): RuntimeCallValue => {
    let call = remark(chain);
    for (let i = 0; i < depth; i++) call = chain.call('Sudo', 'sudo', { call });
    return call;
  };
  ok(validate(chain, sign(chain, alice, nest(8))));
  assert.deepEqual(err(validate(chain, sign(chain, alice, nest(9)))), {
    tag: 'Invalid',
    value: { tag: 'Call', value: undefined },
  });
});

test('validation is on top of the given block: its hash is the parent, its number + 1 the current block', () => {
  const chain = chainAt(2);
  const alice = pair('Alice');
  // A mortal transaction born at the best block is valid only with that block's hash.
  const bytes = sign(chain, alice, remark(chain), { period: 8 });
  ok(validate(chain, bytes));
  const elsewhere = validateTransaction(
    { ...poolContext(chain), blockHash: new Uint8Array(32).fill(4) },
    'Local',
    bytes,
  );
  assert.deepEqual(err(elsewhere), { tag: 'Invalid', value: { tag: 'BadProof', value: undefined } });
  assert.throws(() => validate(chain, Uint8Array.of(4, 0x04, 0xee)), ExtrinsicDecodeError);
});
