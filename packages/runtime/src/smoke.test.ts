import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestChain, devAccount, errorName, freeBalance } from '@tao-ts/runtime';

test('smoke: transfer between dev accounts', () => {
  const chain = new TestChain();
  const alice = devAccount('Alice');
  const bob = devAccount('Bob');
  const before = freeBalance(chain.storage, bob);
  const r = chain.exec(
    alice,
    chain.call('Balances', 'transfer_keep_alive', { dest: { tag: 'Id', value: bob }, value: 5_000_000_000n }),
  );
  assert.equal(errorName(r), undefined);
  assert.equal(freeBalance(chain.storage, bob), before + 5_000_000_000n);
  assert.equal(chain.nonce(alice), 1);
  const bad = chain.exec(
    bob,
    chain.call('Balances', 'transfer_keep_alive', { dest: { tag: 'Id', value: alice }, value: 10n ** 18n }),
  );
  assert.equal(errorName(bad), 'Token.FundsUnavailable');
});
