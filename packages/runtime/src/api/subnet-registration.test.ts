import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { u64 as u64Codec } from '@tao-ts/primitives';
import { TAO, devAccount } from '../genesis.js';
import { S } from '../pallets/subtensor/storage.js';
import { networkLockCost } from '../pallets/subtensor/subnets.js';
import { TestChain } from '../testing/chain.js';
import { stateCall } from './test-kit.js';

/** A dev chain whose last lock (1000 TAO) sits well above the minimum, so the decay shows. */
function chainWithLock(): TestChain {
  const chain = new TestChain();
  S.NetworkLastLockCost.set(chain.storage, 1_000n * TAO);
  return chain;
}

const quote = (chain: TestChain): bigint =>
  u64Codec.dec(stateCall(chain, 'SubnetRegistrationRuntimeApi_get_network_registration_cost'));

describe('SubnetRegistrationRuntimeApi', () => {
  it('quotes the lock cost at the state’s block: the last lock decaying block by block', () => {
    const chain = chainWithLock();
    chain.blocks(3);
    const lastLock = S.NetworkLastLockCost.get(chain.storage);
    const perBlock = lastLock / S.NetworkLockReductionInterval.get(chain.storage);
    // No subnet registered since genesis: the last lock counts once, minus 3 blocks of decay.
    assert.equal(quote(chain), lastLock - 3n * perBlock);
    assert.equal(quote(chain), networkLockCost(chain.storage, chain.number));
  });

  it('is what register_network locks when it runs in the next block (one more block of decay)', () => {
    const chain = chainWithLock();
    chain.blocks(2);
    const before = quote(chain);
    const perBlock =
      S.NetworkLastLockCost.get(chain.storage) / S.NetworkLockReductionInterval.get(chain.storage);
    chain.ok(
      devAccount('Bob'),
      chain.call('SubtensorModule', 'register_network', { hotkey: devAccount('Charlie') }),
    );
    assert.equal(S.NetworkLastLockCost.get(chain.storage), before - perBlock);
    // Right after a registration the price doubles.
    assert.equal(quote(chain), 2n * (before - perBlock));
  });
});
