import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { cryptoReady } from '@tao-ts/primitives';
import { account } from '../frame/system.js';
import { freeBalance } from '../pallets/balances.js';
import { Overlay } from '../storage/kv.js';
import { TestChain } from '../testing/chain.js';
import { applyExtrinsic } from './apply.js';
import { encodeExtrinsic } from './codec.js';
import { genesisHash, inBlock, pair, remark, sign } from './test-kit.js';

before(async () => {
  await cryptoReady();
});

function chainAt(blocks = 2): TestChain {
  const chain = new TestChain();
  chain.blocks(blocks);
  return chain;
}

test('a valid transfer is Ok(Ok): nonce bumped, fee charged, events recorded', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const bob = pair('Bob');
  const before = freeBalance(chain.storage, bob.publicKey);
  const call = chain.call('Balances', 'transfer_keep_alive', {
    dest: { tag: 'Id', value: bob.publicKey },
    value: 5n,
  });
  const bytes = sign(chain, alice, call, { tip: 3n });
  const outcome = inBlock(chain, (exec) => applyExtrinsic(exec, bytes));
  assert.deepEqual(outcome.result, { tag: 'Ok', value: { tag: 'Ok', value: undefined } });
  assert.equal(outcome.applied?.fee, outcome.checked?.fee);
  assert.ok((outcome.applied?.fee ?? 0n) > 3n);
  assert.equal(chain.nonce(alice.publicKey), 1);
  assert.equal(freeBalance(chain.storage, bob.publicKey), before + 5n);
  assert.ok(outcome.applied?.events.some((e) => e.event.value.tag === 'ExtrinsicSuccess'));
});

test('a failing call is Ok(Err(Module)): included, nonce and fee taken', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const call = chain.call('SubtensorModule', 'add_stake', {
    hotkey: alice.publicKey,
    netuid: 99,
    amount_staked: 1n,
  });
  const outcome = inBlock(chain, (exec) => applyExtrinsic(exec, sign(chain, alice, call)));
  assert.equal(outcome.result.tag, 'Ok');
  assert.equal(outcome.result.tag === 'Ok' && outcome.result.value.tag, 'Err');
  assert.equal(outcome.applied?.error?.errorName, 'SubtensorModule.SubnetNotExists');
  assert.equal(chain.nonce(alice.publicKey), 1);
});

test('invalid extrinsics are Err and leave the block untouched', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const stale = sign(chain, alice, remark(chain), { nonce: 0 });
  chain.ok(alice.publicKey, remark(chain));
  inBlock(
    chain,
    (exec) => {
      const layer = exec.storage as Overlay;
      const pending = new Map(layer.pending());
      const events = exec.events.length;
      const results = [
        applyExtrinsic(exec, stale).result,
        applyExtrinsic(exec, sign(chain, pair('Nobody'), remark(chain))).result,
        applyExtrinsic(exec, encodeExtrinsic(chain.runtime, { call: remark(chain) })).result,
        applyExtrinsic(exec, sign(chain, pair('Bob'), chain.call('Sudo', 'sudo', { call: remark(chain) })))
          .result,
        applyExtrinsic(
          exec,
          sign(
            chain,
            pair('Bob'),
            chain.call('SubtensorModule', 'increase_take', { hotkey: pair('Bob').publicKey, take: 65535 }),
          ),
        ).result,
      ];
      assert.deepEqual(
        results.map((r) => (r.tag === 'Err' ? `${r.value.tag}:${r.value.value.tag}` : 'ok')),
        [
          'Invalid:Stale',
          'Invalid:Payment',
          'Unknown:NoUnsignedValidator',
          'Invalid:BadSigner',
          'Invalid:Custom',
        ],
      );
      assert.deepEqual(new Map(layer.pending()), pending);
      assert.equal(exec.events.length, events);
    },
    false,
  );
});

test('several transactions of one account in one block, in nonce order; Future out of order', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const first = sign(chain, alice, remark(chain), { nonce: 0 });
  const second = sign(chain, alice, remark(chain), { nonce: 1 });
  const results = inBlock(chain, (exec) => [
    applyExtrinsic(exec, second).result.tag === 'Err' ? 'Future' : 'ok',
    applyExtrinsic(exec, first).result.tag,
    applyExtrinsic(exec, second).result.tag,
  ]);
  assert.deepEqual(results, ['Future', 'Ok', 'Ok']);
  assert.equal(chain.nonce(alice.publicKey), 2);
});

test('inherents apply bare (a second timestamp panics, as in Substrate); a mortal transaction applies in its era', () => {
  const chain = chainAt();
  const alice = pair('Alice');
  const mortal = sign(chain, alice, remark(chain), { period: 4 });
  inBlock(chain, (exec) => {
    const again = encodeExtrinsic(chain.runtime, {
      call: chain.call('Timestamp', 'set', { now: chain.timestamp + 1n }),
    });
    assert.throws(() => applyExtrinsic(exec, again), /only once/);
    assert.equal(applyExtrinsic(exec, mortal).result.tag, 'Ok');
  });
  assert.equal(account(chain.storage, alice.publicKey).nonce, 1);
  // Block 1 (whose parent is the genesis block) accepts transactions signed for this genesis.
  const fresh = new TestChain();
  const bytes = sign(fresh, alice, remark(fresh));
  const first = inBlock(fresh, (exec) => applyExtrinsic(exec, bytes, genesisHash(fresh)));
  assert.equal(first.result.tag, 'Ok');
  // A bare timestamp in a fresh block applies.
  const timestamp = encodeExtrinsic(fresh.runtime, {
    call: fresh.call('Timestamp', 'set', { now: 10n ** 12n }),
  });
  const overlay = new Overlay(fresh.storage);
  const exec = fresh.tao.beginBlock(overlay, { number: fresh.number + 1n, parentHash: fresh.parentHash });
  assert.deepEqual(applyExtrinsic(exec, timestamp).result, {
    tag: 'Ok',
    value: { tag: 'Ok', value: undefined },
  });
});
