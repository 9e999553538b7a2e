import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { I96F32, U64F64 } from '@tao-ts/primitives';
import { TAO, devAccount } from '../../genesis.js';
import { MemoryStorage } from '../../storage/kv.js';
import type { TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import { BalancesStorage, freeBalance } from '../balances.js';
import { S } from './storage.js';
import {
  initNewNetwork,
  isSubnetOwner,
  medianSubnetAlphaPrice,
  networkLockCost,
  networkToPrune,
  nextNetuid,
  subnetExists,
} from './subnets.js';
import {
  alice,
  assertFails,
  assertOk,
  bob,
  charlie,
  devChain,
  eventsOf,
  key,
  st,
} from './subnets-test-kit.js';
import type { SubnetIdentityV3 } from './types.js';

const E = (name: string): string => `SubtensorModule.${name}`;
const dave = devAccount('Dave');

function poolTao(chain: TestChain): bigint {
  let sum = 0n;
  for (const [, tao] of S.SubnetTAO.entries(chain.storage)) sum += tao;
  return sum;
}

/** SubtensorModule.TotalIssuance − Balances.TotalIssuance − Σ SubnetTAO: 0 when TAO is conserved. */
function unaccounted(chain: TestChain): bigint {
  return (
    S.TotalIssuance.get(chain.storage) - BalancesStorage.TotalIssuance.get(chain.storage) - poolTao(chain)
  );
}

function registerNetwork(chain: TestChain, coldkey: AccountId, hotkey: AccountId) {
  return chain.exec(coldkey, st(chain, 'register_network', { hotkey }));
}

function identity(name: string): SubnetIdentityV3 {
  const text = (s: string) => new TextEncoder().encode(s);
  return {
    subnet_name: text(name),
    github_repo: text('https://github.com/example/sn'),
    subnet_contact: text('ops@example.com'),
    subnet_url: text('https://example.com'),
    discord: text('example#1'),
    description: text('An example subnet.'),
    logo_url: text('https://example.com/logo.png'),
    additional: new Uint8Array(),
  };
}

describe('register_network', () => {
  it('locks the lock cost into a new pool owned by the caller, hotkey at uid 0', () => {
    const chain = devChain();
    const s = chain.storage;
    const before = freeBalance(s, bob());
    // The coinbase may add emission to pools (and TotalStake) while the block runs.
    const stakeOutsidePools = S.TotalStake.get(s) - poolTao(chain);
    const networks = S.TotalNetworks.get(s);
    const lock = networkLockCost(s, 1n);
    assert.equal(lock, 100n * TAO, 'dev minimum lock; no doubling before the first lock');
    const result = assertOk(registerNetwork(chain, bob(), key(1)));
    assert.equal(freeBalance(s, bob()), before - lock - result.fee);
    assert.equal(unaccounted(chain), 0n, 'the lock moved from balances into the pool');

    assert.equal(subnetExists(s, 2), true);
    assert.equal(isSubnetOwner(s, 2, bob()), true);
    assert.deepEqual(S.SubnetOwnerHotkey.get(s, 2), key(1));
    assert.equal(S.SubnetMechanism.get(s, 2), 1);
    assert.equal(S.NetworkRegisteredAt.get(s, 2), 1n);
    assert.equal(S.SubnetTAO.get(s, 2), lock);
    assert.equal(S.SubnetAlphaIn.get(s, 2), lock, 'no priced pool yet: median price 1');
    assert.equal(S.SubnetAlphaOut.get(s, 2), 0n);
    assert.equal(S.SubnetLocked.get(s, 2), lock);
    assert.equal(S.TotalStake.get(s) - poolTao(chain), stakeOutsidePools, 'the pool TAO counts as stake');
    assert.equal(S.NetworkLastLockCost.get(s), lock);
    assert.equal(S.NetworkLastLockBlock.get(s), 1n);
    assert.equal(S.TotalNetworks.get(s), networks + 1);
    assert.equal(S.SubnetEmissionEnabled.get(s, 2), false);
    assert.equal(S.FirstEmissionBlockNumber.tryGet(s, 2), undefined);
    assert.equal(S.Burn.get(s, 2), TAO);
    assert.equal(S.MaxAllowedUids.get(s, 2), 256);
    assert.equal(S.SubnetworkN.get(s, 2), 1);
    assert.deepEqual(S.Keys.get(s, 2, 0), key(1));
    assert.deepEqual(S.Owner.get(s, key(1)), bob());
    assert.deepEqual(S.LastUpdate.get(s, 2), [1n]);
    assert.deepEqual(eventsOf(result, 'SubnetOwnerHotkeySet'), [[2, key(1)]]);
    assert.deepEqual(eventsOf(result, 'NetworkAdded'), [[2, 1]]);
    assert.deepEqual(eventsOf(result, 'SubnetIdentitySet'), []);
  });

  it('doubles the lock for the next registration, then lets it decay', () => {
    const chain = devChain();
    const s = chain.storage;
    assertOk(registerNetwork(chain, bob(), key(1)));
    const first = S.NetworkLastLockCost.get(s);
    const perBlock = first / 100_800n;
    assert.equal(networkLockCost(s, 2n), 2n * first - perBlock);
    const before = freeBalance(s, charlie());
    const result = assertOk(registerNetwork(chain, charlie(), key(2)));
    assert.equal(freeBalance(s, charlie()), before - (2n * first - perBlock) - result.fee);
    assert.equal(S.SubnetLocked.get(s, 3), 2n * first - perBlock);
    const second = S.NetworkLastLockCost.get(s);
    assert.equal(networkLockCost(s, 2n + 50_400n), 2n * second - (second / 100_800n) * 50_400n);
    assert.equal(networkLockCost(s, 2n + 1_000_000n), S.NetworkMinLockCost.get(s), 'never below the minimum');
    assert.equal(unaccounted(chain), 0n);
  });

  it('computes the lock cost from storage alone', () => {
    const s = new MemoryStorage();
    S.NetworkMinLockCost.set(s, 1000n);
    S.NetworkLastLockCost.set(s, 5000n);
    assert.equal(networkLockCost(s, 10n), 5000n, 'no lock yet: multiplier 1, no decay since block 0');
    S.NetworkLastLockBlock.set(s, 10n);
    S.NetworkLockReductionInterval.set(s, 100n);
    assert.equal(networkLockCost(s, 10n), 10_000n);
    assert.equal(networkLockCost(s, 60n), 10_000n - 50n * 50n);
    assert.equal(networkLockCost(s, 5n), 10_000n, 'a clock before the lock saturates to no decay');
    S.NetworkLockReductionInterval.set(s, 0n);
    assert.equal(networkLockCost(s, 1_000n), 10_000n, 'a zero interval never decays');
  });

  it('is rate limited since the last lock', () => {
    const chain = devChain();
    S.NetworkRateLimit.set(chain.storage, 3n);
    assertOk(registerNetwork(chain, bob(), key(1)));
    assertFails(registerNetwork(chain, charlie(), key(2)), E('NetworkTxRateLimitExceeded'));
    chain.blocks(1);
    assertOk(registerNetwork(chain, charlie(), key(2)));
  });

  it('needs the lock cost and an unowned or own hotkey', () => {
    const chain = devChain();
    S.NetworkMinLockCost.set(chain.storage, 2_000_000n * TAO);
    assertFails(registerNetwork(chain, bob(), key(1)), E('CannotAffordLockCost'));
    S.NetworkMinLockCost.set(chain.storage, 100n * TAO);
    assertFails(registerNetwork(chain, bob(), alice()), E('NonAssociatedColdKey'));
    assertOk(registerNetwork(chain, alice(), alice()));
    assert.deepEqual(S.Keys.get(chain.storage, 2, 0), alice());
  });

  it('stops at the subnet limit while every subnet is immune', () => {
    const chain = devChain();
    S.SubnetLimit.set(chain.storage, 1);
    assertFails(registerNetwork(chain, bob(), key(1)), E('SubnetLimitReached'));
  });

  it('recycles the lowest-priced subnet at the limit, paying its stakers', () => {
    const chain = devChain();
    const s = chain.storage;
    assertOk(
      chain.exec(
        bob(),
        st(chain, 'register_network_with_identity', { hotkey: key(1), identity: identity('doomed') }),
      ),
    );
    assertOk(chain.exec(bob(), st(chain, 'burned_register', { netuid: 2, hotkey: key(2) })));
    // Charlie holds 50 alpha of stake on key(1); the pool holds 50 TAO more for it.
    const shares = U64F64.fromInt(50n * TAO);
    S.Alpha.set(s, shares, key(1), charlie(), 2);
    S.TotalHotkeyAlpha.set(s, 50n * TAO, key(1), 2);
    S.TotalHotkeyShares.set(s, shares, key(1), 2);
    S.SubnetAlphaOut.set(s, 50n * TAO, 2);
    S.SubnetTAO.update(s, [2], (t) => t + 50n * TAO);
    S.TotalIssuance.update(s, [], (t) => t + 50n * TAO);
    S.TotalStake.update(s, [], (t) => t + 50n * TAO);
    const pot = S.SubnetTAO.get(s, 2);
    const protocolAlpha = S.SubnetAlphaIn.get(s, 2);
    assert.equal(unaccounted(chain), 0n);

    S.SubnetLimit.set(s, 2);
    S.NetworkImmunityPeriod.set(s, 0n);
    S.SubnetMovingPrice.set(s, I96F32.one, 1);
    assert.equal(networkToPrune(s, chain.number + 1n), 2);
    const charlieBefore = freeBalance(s, charlie());
    const stakeOutsidePools = S.TotalStake.get(s) - poolTao(chain);
    const result = assertOk(registerNetwork(chain, dave, key(3)));

    const paid = (pot * 50n * TAO) / (50n * TAO + protocolAlpha);
    assert.equal(freeBalance(s, charlie()), charlieBefore + paid);
    assert.equal(unaccounted(chain), 0n, 'the protocol share was recycled');
    assert.deepEqual(eventsOf(result, 'NetworkRemoved'), [[2]]);
    assert.deepEqual(eventsOf(result, 'SubnetIdentityRemoved'), [[2]]);
    assert.deepEqual(eventsOf(result, 'NetworkAdded'), [[2, 1]]);
    assert.equal(S.Alpha.tryGet(s, key(1), charlie(), 2), undefined);
    assert.equal(S.TotalHotkeyAlpha.tryGet(s, key(1), 2), undefined);
    assert.equal(S.IsNetworkMember.get(s, key(2), 2), false);
    assert.equal(S.Uids.tryGet(s, 2, key(1)), undefined);
    assert.equal(S.SubnetIdentitiesV3.tryGet(s, 2), undefined);
    assert.deepEqual(S.SubnetOwner.get(s, 2), dave);
    assert.deepEqual(S.Keys.get(s, 2, 0), key(3));
    assert.equal(S.SubnetworkN.get(s, 2), 1);
    const lock = S.SubnetLocked.get(s, 2);
    assert.equal(S.TotalStake.get(s) - poolTao(chain), stakeOutsidePools);
    assert.equal(S.SubnetTAO.get(s, 2), lock);
    assert.equal(S.TotalNetworks.get(s), 3);
  });

  it('sets an identity when one is given, and refuses an invalid one', () => {
    const chain = devChain();
    const s = chain.storage;
    const named = identity('alpha');
    const result = assertOk(
      chain.exec(bob(), st(chain, 'register_network_with_identity', { hotkey: key(1), identity: named })),
    );
    assert.deepEqual(S.SubnetIdentitiesV3.get(s, 2), named);
    assert.deepEqual(eventsOf(result, 'SubnetIdentitySet'), [[2]]);
    assertOk(
      chain.exec(bob(), st(chain, 'register_network_with_identity', { hotkey: key(2), identity: undefined })),
    );
    assert.equal(S.SubnetIdentitiesV3.tryGet(s, 3), undefined);
    const tooLong = { ...named, subnet_name: new Uint8Array(257) };
    const failed = chain.exec(
      bob(),
      st(chain, 'register_network_with_identity', { hotkey: key(3), identity: tooLong }),
    );
    assertFails(failed, E('InvalidIdentity'));
    assert.equal(subnetExists(s, 4), false, 'nothing of the failed registration remains');
  });
});

describe('set_subnet_identity', () => {
  it('lets the owner set a valid identity', () => {
    const chain = devChain();
    const args = { netuid: 1, ...identity('dev') };
    const result = assertOk(chain.exec(alice(), st(chain, 'set_subnet_identity', args)));
    assert.deepEqual(S.SubnetIdentitiesV3.get(chain.storage, 1), identity('dev'));
    assert.deepEqual(eventsOf(result, 'SubnetIdentitySet'), [[1]]);
    assertFails(chain.exec(bob(), st(chain, 'set_subnet_identity', args)), E('NotSubnetOwner'));
    assertFails(
      chain.exec(alice(), st(chain, 'set_subnet_identity', { ...args, discord: new Uint8Array(257) })),
      E('InvalidIdentity'),
    );
    assertFails(
      chain.exec(alice(), st(chain, 'set_subnet_identity', { ...args, netuid: 9 })),
      E('NotSubnetOwner'),
    );
  });
});

describe('start_call', () => {
  function startable(): TestChain {
    const chain = devChain();
    S.StartCallDelay.set(chain.storage, 3n);
    assertOk(registerNetwork(chain, bob(), key(1)));
    return chain;
  }

  it('opens emission from the next block, once, after the delay', () => {
    const chain = startable();
    const s = chain.storage;
    const start = (who: AccountId, netuid = 2) => chain.exec(who, st(chain, 'start_call', { netuid }));
    assertFails(start(bob()), E('NeedWaitingMoreBlocksToStarCall'));
    chain.blocks(1);
    const result = assertOk(start(bob())); // block 4 = registered at 1 + delay 3
    assert.equal(S.FirstEmissionBlockNumber.get(s, 2), 5n);
    assert.equal(S.SubtokenEnabled.get(s, 2), true);
    assert.deepEqual(eventsOf(result, 'FirstEmissionBlockNumberSet'), [[2, 5n]]);
    assertFails(start(bob()), E('FirstEmissionBlockNumberAlreadySet'));
    assertFails(start(alice(), 1), E('FirstEmissionBlockNumberAlreadySet'));
  });

  it('is for the owner of an existing subnet only', () => {
    const chain = startable();
    chain.blocks(3);
    assertFails(chain.exec(bob(), st(chain, 'start_call', { netuid: 9 })), E('SubnetNotExists'));
    assertFails(chain.exec(alice(), st(chain, 'start_call', { netuid: 2 })), 'BadOrigin');
    assert.equal(S.FirstEmissionBlockNumber.tryGet(chain.storage, 2), undefined);
  });
});

describe('subnet helpers', () => {
  it('takes the median spot price of priced dynamic subnets', () => {
    const s = new MemoryStorage();
    assert.equal(medianSubnetAlphaPrice(s), U64F64.one);
    const pool = (netuid: number, tao: bigint, alpha: bigint) => {
      initNewNetwork(s, netuid, 0, 0n);
      S.SubnetMechanism.set(s, 1, netuid);
      S.SubnetTAO.set(s, tao, netuid);
      S.SubnetAlphaIn.set(s, alpha, netuid);
    };
    pool(1, 4n, 1n);
    pool(2, 1n, 1n);
    pool(3, 5n, 0n); // empty alpha reserve: unpriced
    assert.equal(medianSubnetAlphaPrice(s), U64F64.fromInt(5n) / 2n, 'two prices: their mean');
    pool(4, 2n, 1n);
    assert.equal(medianSubnetAlphaPrice(s), U64F64.fromInt(2n));
    initNewNetwork(s, 0, 0, 0n);
    assert.equal(medianSubnetAlphaPrice(s), U64F64.fromInt(2n), 'root is not counted');
  });

  it('hands out the lowest free netuid and prunes by price, then age', () => {
    const s = new MemoryStorage();
    initNewNetwork(s, 0, 0, 0n);
    initNewNetwork(s, 1, 0, 0n);
    initNewNetwork(s, 3, 0, 0n);
    assert.equal(nextNetuid(s), 2);
    S.NetworkImmunityPeriod.set(s, 10n);
    assert.equal(networkToPrune(s, 5n), undefined, 'all immune');
    for (const netuid of [1, 3]) S.SubnetMechanism.set(s, 1, netuid);
    S.NetworkRegisteredAt.set(s, 2n, 1);
    S.NetworkRegisteredAt.set(s, 1n, 3);
    assert.equal(networkToPrune(s, 20n), 3, 'equal prices: the earlier registration');
    S.SubnetMovingPrice.set(s, I96F32.fromInt(1n), 3);
    assert.equal(networkToPrune(s, 20n), 1);
    S.SubnetMechanism.set(s, 0, 1);
    assert.equal(networkToPrune(s, 20n), 3, 'stable subnets are priced 1; the tie goes to the older');
  });
});
