import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { U64F64 } from '@tao-ts/primitives';
import { adjustTowardsTarget, bumpBurn, decayBurn } from '@tao-ts/yuma';
import { SystemStorage } from '../../frame/system.js';
import { TAO } from '../../genesis.js';
import type { TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import { BalancesStorage, freeBalance } from '../balances.js';
import { U64_MAX } from './module.js';
import { createSealHash, hashMeetsDifficulty } from './pow.js';
import { S } from './storage.js';
import { initNewNetwork } from './subnets.js';
import {
  alice,
  assertFails,
  assertOk,
  bob,
  devChain,
  eventsOf,
  key,
  referenceSeal,
  solvePow,
  st,
} from './subnets-test-kit.js';

const E = (name: string): string => `SubtensorModule.${name}`;

function burnedRegister(chain: TestChain, coldkey: AccountId, hotkey: AccountId, netuid = 1) {
  return chain.exec(coldkey, st(chain, 'burned_register', { netuid, hotkey }));
}

/** Σ SubnetTAO: the TAO held in pools, which the coinbase may grow while a test runs. */
function poolTao(chain: TestChain): bigint {
  let sum = 0n;
  for (const [, tao] of S.SubnetTAO.entries(chain.storage)) sum += tao;
  return sum;
}

/** A second PoW subnet (netuid 2) created straight in storage. */
function addPowSubnet(chain: TestChain, netuid: number, difficulty: bigint): void {
  initNewNetwork(chain.storage, netuid, 0, chain.number);
  S.SubnetMechanism.set(chain.storage, 1, netuid);
  S.NetworkPowRegistrationAllowed.set(chain.storage, true, netuid);
  S.Difficulty.set(chain.storage, difficulty, netuid);
}

describe('burned_register', () => {
  it('registers, pays and recycles the burn, bumps the price', () => {
    const chain = devChain();
    const hotkey = key(1);
    const before = freeBalance(chain.storage, bob());
    const balancesIssuance = BalancesStorage.TotalIssuance.get(chain.storage);
    const outside = S.TotalIssuance.get(chain.storage) - poolTao(chain);
    const result = assertOk(burnedRegister(chain, bob(), hotkey));
    const cost = TAO; // block 1: the burn does not decay yet
    assert.equal(freeBalance(chain.storage, bob()), before - cost - result.fee);
    assert.equal(BalancesStorage.TotalIssuance.get(chain.storage), balancesIssuance - cost);
    assert.equal(S.TotalIssuance.get(chain.storage) - poolTao(chain), outside - cost);
    assert.equal(S.RAORecycledForRegistration.get(chain.storage, 1), cost);

    assert.equal(S.SubnetworkN.get(chain.storage, 1), 2);
    assert.deepEqual(S.Keys.get(chain.storage, 1, 1), hotkey);
    assert.equal(S.Uids.get(chain.storage, 1, hotkey), 1);
    assert.equal(S.IsNetworkMember.get(chain.storage, hotkey, 1), true);
    assert.equal(S.BlockAtRegistration.get(chain.storage, 1, 1), 1n);
    assert.deepEqual(S.Owner.get(chain.storage, hotkey), bob());
    assert.deepEqual(S.OwnedHotkeys.get(chain.storage, bob()), [hotkey]);
    assert.deepEqual(S.StakingHotkeys.get(chain.storage, bob()), [hotkey]);
    assert.deepEqual(S.Active.get(chain.storage, 1), [true, true]);
    assert.deepEqual(S.Emission.get(chain.storage, 1), [0n, 0n]);
    assert.deepEqual(S.ValidatorPermit.get(chain.storage, 1), [false, false]);
    assert.deepEqual(S.LastUpdate.get(chain.storage, 1), [0n, 1n]);
    assert.equal(S.Incentive.get(chain.storage, 1).length, 2);
    assert.equal(S.RegistrationsThisBlock.get(chain.storage, 1), 1);
    assert.equal(S.BurnRegistrationsThisInterval.get(chain.storage, 1), 1);
    assert.deepEqual(eventsOf(result, 'NeuronRegistered'), [[1, 1, hotkey]]);

    const bounds = { minBurn: S.MinBurn.get(chain.storage, 1), maxBurn: S.MaxBurn.get(chain.storage, 1) };
    const bumped = bumpBurn(cost, S.BurnIncreaseMult.get(chain.storage, 1), bounds);
    assert.equal(S.Burn.get(chain.storage, 1), bumped);
    // The next block decays the bumped price and resets the per-block count.
    chain.blocks(1);
    assert.equal(S.Burn.get(chain.storage, 1), decayBurn(bumped, 360, 2n, bounds));
    assert.equal(S.RegistrationsThisBlock.get(chain.storage, 1), 0);
  });

  it('charges rising prices within one block (immediate bump)', () => {
    const chain = devChain();
    const s = chain.storage;
    S.MaxRegistrationsPerBlock.set(s, 3, 1);
    S.BurnHalfLife.set(s, 0, 1);
    S.Burn.set(s, 1000n, 1);
    S.MinBurn.set(s, 0n, 1);
    S.BurnIncreaseMult.set(s, U64F64.fromInt(3), 1);
    const { results } = chain.block([
      { signer: bob(), call: st(chain, 'burned_register', { netuid: 1, hotkey: key(1) }) },
      { signer: bob(), call: st(chain, 'burned_register', { netuid: 1, hotkey: key(2) }) },
    ]);
    results.forEach(assertOk);
    assert.equal(S.RAORecycledForRegistration.get(s, 1), 1000n + 3000n);
    assert.equal(S.Burn.get(s, 1), 9000n);
    assert.equal(S.RegistrationsThisBlock.get(s, 1), 2);
  });

  it('follows the min/max clamp sequence of test_burn_min_and_max_clamps_prevent_zero_stuck_and_cap_bump', () => {
    const chain = devChain();
    const s = chain.storage;
    S.Burn.set(s, 1n, 1);
    S.BurnHalfLife.set(s, 1, 1);
    S.BurnIncreaseMult.set(s, U64F64.fromInt(2), 1);
    S.MinBurn.set(s, 100_000n, 1);
    S.MaxBurn.set(s, 150_000n, 1);
    chain.blocks(1);
    assert.equal(S.Burn.get(s, 1), 100_000n);
    assertOk(burnedRegister(chain, bob(), key(1)));
    assert.equal(S.Burn.get(s, 1), 150_000n);
    chain.blocks(1);
    assert.equal(S.Burn.get(s, 1), 100_000n);
    chain.blocks(1);
    assert.equal(S.Burn.get(s, 1), 100_000n);
  });

  it('fails on root, a missing subnet and a closed subnet', () => {
    const chain = devChain();
    assertFails(burnedRegister(chain, bob(), key(1), 0), E('RegistrationNotPermittedOnRootSubnet'));
    assertFails(burnedRegister(chain, bob(), key(1), 9), E('SubnetNotExists'));
    S.NetworkRegistrationAllowed.set(chain.storage, false, 1);
    assertFails(burnedRegister(chain, bob(), key(1)), E('SubNetRegistrationDisabled'));
  });

  it('allows MaxRegistrationsPerBlock per block', () => {
    const chain = devChain();
    const { results } = chain.block([
      { signer: bob(), call: st(chain, 'burned_register', { netuid: 1, hotkey: key(1) }) },
      { signer: bob(), call: st(chain, 'burned_register', { netuid: 1, hotkey: key(2) }) },
    ]);
    assertOk(results[0] as never);
    assertFails(results[1] as never, E('TooManyRegistrationsThisBlock'));
    assertOk(burnedRegister(chain, bob(), key(2)));
  });

  it('refuses a hotkey already on the subnet', () => {
    const chain = devChain();
    assertOk(burnedRegister(chain, bob(), key(1)));
    assertFails(burnedRegister(chain, bob(), key(1)), E('HotKeyAlreadyRegisteredInSubNet'));
    assertFails(burnedRegister(chain, alice(), alice()), E('HotKeyAlreadyRegisteredInSubNet'));
  });

  it('needs the burn in the balance', () => {
    const chain = devChain();
    S.BurnHalfLife.set(chain.storage, 0, 1);
    S.MaxBurn.set(chain.storage, U64_MAX, 1);
    S.Burn.set(chain.storage, 2_000_000n * TAO, 1);
    assertFails(burnedRegister(chain, bob(), key(1)), E('NotEnoughBalanceToStake'));
  });

  it('keeps the existential deposit when the balance only just covers the burn', () => {
    const chain = devChain();
    S.BurnHalfLife.set(chain.storage, 0, 1);
    S.MaxBurn.set(chain.storage, U64_MAX, 1);
    // Leave Bob exactly the burn once the fee is paid (every burned_register pays the same fee):
    // he pays the burn less the 500 rao of existential deposit he keeps.
    const regFee = assertOk(burnedRegister(chain, bob(), key(9))).fee;
    const cost = freeBalance(chain.storage, bob()) - regFee;
    S.Burn.set(chain.storage, cost, 1);
    const recycled = S.RAORecycledForRegistration.get(chain.storage, 1);
    const issuance = BalancesStorage.TotalIssuance.get(chain.storage);
    assertOk(burnedRegister(chain, bob(), key(1)));
    assert.equal(freeBalance(chain.storage, bob()), 500n);
    assert.equal(BalancesStorage.TotalIssuance.get(chain.storage), issuance - (cost - 500n));
    assert.equal(S.RAORecycledForRegistration.get(chain.storage, 1), recycled + cost);
  });

  it('refuses a hotkey owned by another coldkey', () => {
    const chain = devChain();
    S.Owner.set(chain.storage, alice(), key(1));
    assertFails(burnedRegister(chain, bob(), key(1)), E('NonAssociatedColdKey'));
  });

  it('fails when no uid can be found', () => {
    const chain = devChain();
    S.MaxAllowedUids.set(chain.storage, 0, 1);
    assertFails(burnedRegister(chain, bob(), key(1)), E('NoNeuronIdAvailable'));
    // Full with only the owner's immortal uid 0: nobody to replace.
    S.MaxAllowedUids.set(chain.storage, 1, 1);
    assertFails(burnedRegister(chain, bob(), key(1)), E('NoNeuronIdAvailable'));
  });
});

describe('burn decay in on_initialize', () => {
  interface Sequence {
    half_life: number;
    initial_burn: number;
    burn_after_each_of_next_20_blocks: number[];
  }
  const vectors = JSON.parse(
    readFileSync(new URL('../../../../../vectors/registration.json', import.meta.url), 'utf8'),
  ) as { derived_burn_sequences: { cases: Sequence[] } };

  it('reproduces every derived 20-block burn sequence through the runtime', () => {
    const chain = devChain();
    const s = chain.storage;
    const cases = vectors.derived_burn_sequences.cases;
    // Each case gets its own subnet (no emission, no legacy adjustment within the run).
    cases.forEach((c, i) => {
      const netuid = 10 + i;
      initNewNetwork(s, netuid, 0, 0n);
      S.Burn.set(s, BigInt(c.initial_burn), netuid);
      S.BurnHalfLife.set(s, c.half_life, netuid);
      S.MinBurn.set(s, 0n, netuid);
      S.MaxBurn.set(s, U64_MAX, netuid);
      S.AdjustmentInterval.set(s, 0xffff, netuid);
    });
    chain.blocks(1); // block 1: no decay
    cases.forEach((c, i) => assert.equal(S.Burn.get(s, 10 + i), BigInt(c.initial_burn)));
    for (let step = 0; step < 20; step++) {
      const previous = cases.map((_, i) => S.Burn.get(s, 10 + i));
      chain.blocks(1);
      cases.forEach((c, i) => {
        const burn = S.Burn.get(s, 10 + i);
        assert.equal(
          burn,
          BigInt(c.burn_after_each_of_next_20_blocks[step] as number),
          `half-life ${c.half_life}`,
        );
        const bounds = { minBurn: 0n, maxBurn: U64_MAX };
        assert.equal(burn, decayBurn(previous[i] as bigint, c.half_life, chain.number, bounds));
      });
    }
  });

  it('decays 1000 to 999 in one block at half-life 1000', () => {
    const chain = devChain();
    chain.blocks(1);
    S.Burn.set(chain.storage, 1000n, 1);
    S.MinBurn.set(chain.storage, 0n, 1);
    S.BurnHalfLife.set(chain.storage, 1000, 1);
    chain.blocks(1);
    assert.equal(S.Burn.get(chain.storage, 1), 999n);
  });
});

describe('register (proof of work)', () => {
  /** Error paths use an easy difficulty; the success path solves the brief's 1000. */
  function powChain(difficulty = 64n): TestChain {
    const chain = devChain();
    S.Difficulty.set(chain.storage, difficulty, 1);
    chain.blocks(3);
    return chain;
  }

  /** Work on the latest block (its hash is stored as the next block starts). */
  function work(chain: TestChain, hotkey: AccountId, coldkey: AccountId, netuid = 1) {
    const difficulty = S.Difficulty.get(chain.storage, netuid);
    const { nonce, work } = solvePow(chain.parentHash, hotkey, difficulty);
    return { netuid, block_number: chain.number, nonce, work, hotkey, coldkey };
  }

  it('builds the seal from the stored block hash', () => {
    const chain = powChain();
    const hash = SystemStorage.BlockHash.get(chain.storage, 1);
    assert.notDeepEqual(hash, new Uint8Array(32));
    assert.deepEqual(createSealHash(chain.storage, 1n, 77n, key(3)), referenceSeal(hash, 77n, key(3)));
    assert.equal(hashMeetsDifficulty(new Uint8Array(32).fill(0xff), 1n), true);
    assert.equal(hashMeetsDifficulty(new Uint8Array(32).fill(0xff), 2n), false);
  });

  it('registers a hotkey that proves work, without burning TAO', () => {
    const chain = powChain(1000n);
    const hotkey = key(7);
    const args = work(chain, hotkey, bob());
    const bobBefore = freeBalance(chain.storage, bob());
    const recycled = S.RAORecycledForRegistration.get(chain.storage, 1);
    const burn = S.Burn.get(chain.storage, 1);
    const result = assertOk(chain.exec(hotkey, st(chain, 'register', args)));
    assert.equal(result.fee, 0n);
    assert.equal(freeBalance(chain.storage, bob()), bobBefore);
    assert.equal(S.RAORecycledForRegistration.get(chain.storage, 1), recycled);
    assert.ok(S.Burn.get(chain.storage, 1) <= burn, 'PoW does not bump the burn');
    assert.equal(S.Uids.get(chain.storage, 1, hotkey), 1);
    assert.deepEqual(S.Owner.get(chain.storage, hotkey), bob());
    assert.equal(S.POWRegistrationsThisInterval.get(chain.storage, 1), 1);
    assert.equal(S.RegistrationsThisInterval.get(chain.storage, 1), 1);
    assert.equal(S.UsedWork.get(chain.storage, args.work), chain.number);
    assert.deepEqual(eventsOf(result, 'NeuronRegistered'), [[1, 1, hotkey]]);
  });

  it('accepts work up to two blocks old, not on the block being built', () => {
    const chain = powChain();
    const older = chain.number - 1n;
    const hash = SystemStorage.BlockHash.get(chain.storage, Number(older));
    const solved = solvePow(hash, key(1), 64n);
    const args = { ...solved, netuid: 1, block_number: older, hotkey: key(1), coldkey: bob() };
    assertOk(chain.exec(key(1), st(chain, 'register', args)));
    // The block being built has no stored hash yet (it reads as zeros, as in frame_system), so
    // work on it could be precomputed for any block: refused.
    const current = solvePow(new Uint8Array(32), key(2), 64n);
    const now = { ...current, netuid: 1, block_number: chain.number + 1n, hotkey: key(2), coldkey: bob() };
    assertFails(chain.exec(key(2), st(chain, 'register', now)), E('InvalidWorkBlock'));
  });

  it('refuses stale and future work blocks', () => {
    const chain = powChain();
    const stale = chain.number - 2n;
    const hash = SystemStorage.BlockHash.get(chain.storage, Number(stale));
    const solved = solvePow(hash, key(1), 64n);
    const args = { ...solved, netuid: 1, block_number: stale, hotkey: key(1), coldkey: bob() };
    assertFails(chain.exec(key(1), st(chain, 'register', args)), E('InvalidWorkBlock'));
    const future = { ...work(chain, key(1), bob()), block_number: chain.number + 2n };
    assertFails(chain.exec(key(1), st(chain, 'register', future)), E('InvalidWorkBlock'));
  });

  it('refuses wrong seals, reused seals and work below the difficulty', () => {
    const chain = powChain();
    const attempt = (change: (good: ReturnType<typeof work>) => object) =>
      chain.exec(key(1), st(chain, 'register', change(work(chain, key(1), bob()))));
    // All-zero work meets any difficulty but is not the seal.
    assertFails(
      attempt((good) => ({ ...good, work: new Uint8Array(32) })),
      E('InvalidSeal'),
    );
    assertFails(
      attempt((good) => ({ ...good, work: good.work.subarray(0, 31) })),
      E('InvalidSeal'),
    );
    assertFails(
      attempt((good) => ({ ...good, nonce: good.nonce + 1n })),
      E('InvalidSeal'),
    );
    assertFails(
      attempt((good) => ({ ...good, hotkey: key(2) })),
      E('TransactorAccountShouldBeHotKey'),
    );
    const fresh = work(chain, key(1), bob());
    S.Difficulty.set(chain.storage, U64_MAX, 1);
    assertFails(chain.exec(key(1), st(chain, 'register', fresh)), E('InvalidDifficulty'));
  });

  it('never accepts the same seal twice (another subnet within the work window)', () => {
    const chain = powChain();
    addPowSubnet(chain, 2, 64n);
    const args = work(chain, key(1), bob());
    assertOk(chain.exec(key(1), st(chain, 'register', args)));
    assertFails(chain.exec(key(1), st(chain, 'register', { ...args, netuid: 2 })), E('InvalidSeal'));
    assert.equal(S.Uids.tryGet(chain.storage, 2, key(1)), undefined);
  });

  it('is signed by the hotkey, on a PoW subnet, within the caps', () => {
    const chain = powChain();
    const args = work(chain, key(1), bob());
    assertFails(chain.exec(bob(), st(chain, 'register', args)), E('TransactorAccountShouldBeHotKey'));
    assertFails(
      chain.exec(key(1), st(chain, 'register', { ...args, netuid: 0 })),
      E('RegistrationNotPermittedOnRootSubnet'),
    );
    assertFails(chain.exec(key(1), st(chain, 'register', { ...args, netuid: 7 })), E('SubnetNotExists'));
    S.NetworkPowRegistrationAllowed.set(chain.storage, false, 1);
    assertFails(
      chain.exec(key(1), st(chain, 'register', work(chain, key(1), bob()))),
      E('SubNetRegistrationDisabled'),
    );
    S.NetworkPowRegistrationAllowed.set(chain.storage, true, 1);
    S.TargetRegistrationsPerInterval.set(chain.storage, 1, 1);
    S.RegistrationsThisInterval.set(chain.storage, 3, 1);
    assertFails(
      chain.exec(key(1), st(chain, 'register', work(chain, key(1), bob()))),
      E('TooManyRegistrationsThisInterval'),
    );
    S.RegistrationsThisInterval.set(chain.storage, 0, 1);
    S.Owner.set(chain.storage, alice(), key(1));
    assertFails(
      chain.exec(key(1), st(chain, 'register', work(chain, key(1), bob()))),
      E('NonAssociatedColdKey'),
    );
    assertFails(
      chain.exec(alice(), st(chain, 'register', work(chain, alice(), alice()))),
      E('HotKeyAlreadyRegisteredInSubNet'),
    );
  });

  it('allows one registration per block across burn and PoW', () => {
    const chain = powChain();
    const args = work(chain, key(1), bob());
    const { results } = chain.block([
      { signer: bob(), call: st(chain, 'burned_register', { netuid: 1, hotkey: key(2) }) },
      { signer: key(1), call: st(chain, 'register', args) },
    ]);
    assertOk(results[0] as never);
    assertFails(results[1] as never, E('TooManyRegistrationsThisBlock'));
  });
});

describe('legacy interval adjustment', () => {
  function intervalChain(): TestChain {
    const chain = devChain();
    const s = chain.storage;
    S.Tempo.set(s, 0, 1);
    S.AdjustmentInterval.set(s, 3, 1);
    S.TargetRegistrationsPerInterval.set(s, 1, 1);
    S.AdjustmentAlpha.set(s, 0n, 1);
    return chain;
  }

  it('raises the difficulty when PoW registrations overshoot (case A)', () => {
    const chain = intervalChain();
    const s = chain.storage;
    chain.blocks(2);
    S.RegistrationsThisInterval.set(s, 3, 1);
    S.POWRegistrationsThisInterval.set(s, 3, 1);
    const difficulty = S.Difficulty.get(s, 1);
    const burn = S.Burn.get(s, 1);
    const { events } = chain.block();
    const expected = adjustTowardsTarget(
      difficulty,
      3,
      1,
      0n,
      S.MinDifficulty.get(s, 1),
      S.MaxDifficulty.get(s, 1),
    );
    assert.equal(expected, 2n * difficulty);
    assert.equal(S.Difficulty.get(s, 1), expected);
    const bounds = { minBurn: S.MinBurn.get(s, 1), maxBurn: S.MaxBurn.get(s, 1) };
    assert.equal(S.Burn.get(s, 1), decayBurn(burn, 360, 3n, bounds), 'only the decay moves the burn');
    assert.deepEqual(chain.eventsNamed(events, 'SubtensorModule', 'DifficultySet'), [[1, expected]]);
    assert.equal(S.LastAdjustmentBlock.get(s, 1), 3n);
    assert.equal(S.RegistrationsThisInterval.get(s, 1), 0);
    assert.equal(S.POWRegistrationsThisInterval.get(s, 1), 0);
  });

  it('raises the burn when burned registrations overshoot (case B), then decays it', () => {
    const chain = intervalChain();
    const s = chain.storage;
    assertOk(burnedRegister(chain, bob(), key(1)));
    assertOk(burnedRegister(chain, bob(), key(2)));
    const burn = S.Burn.get(s, 1);
    const difficulty = S.Difficulty.get(s, 1);
    chain.blocks(1);
    const bounds = { minBurn: S.MinBurn.get(s, 1), maxBurn: S.MaxBurn.get(s, 1) };
    const adjusted = adjustTowardsTarget(burn, 2, 1, 0n, bounds.minBurn, bounds.maxBurn);
    assert.equal(S.Burn.get(s, 1), decayBurn(adjusted, 360, 3n, bounds));
    assert.equal(S.Difficulty.get(s, 1), difficulty);
    assert.equal(S.BurnRegistrationsThisInterval.get(s, 1), 0);
  });

  it('lowers the burn, not the difficulty, when PoW dominated an undersubscribed interval (case C)', () => {
    const chain = intervalChain();
    const s = chain.storage;
    chain.blocks(2);
    S.Burn.set(s, 10n * TAO, 1);
    S.BurnHalfLife.set(s, 0, 1);
    S.TargetRegistrationsPerInterval.set(s, 2, 1);
    S.RegistrationsThisInterval.set(s, 1, 1);
    S.POWRegistrationsThisInterval.set(s, 1, 1);
    const difficulty = S.Difficulty.get(s, 1);
    chain.blocks(1);
    assert.equal(S.Burn.get(s, 1), 7_500_000_000n); // × (r + t) / 2t = 3/4
    assert.equal(S.Difficulty.get(s, 1), difficulty);
  });

  it('halves burn and difficulty after an interval without registrations (case E)', () => {
    const chain = intervalChain();
    const s = chain.storage;
    S.BurnHalfLife.set(s, 0, 1);
    S.Burn.set(s, 8n * TAO, 1);
    S.Difficulty.set(s, 40_000n, 1);
    chain.blocks(3);
    assert.equal(S.Burn.get(s, 1), 4n * TAO);
    assert.equal(S.Difficulty.get(s, 1), 20_000n);
    chain.blocks(3);
    assert.equal(S.Burn.get(s, 1), 2n * TAO);
    assert.equal(S.Difficulty.get(s, 1), 10_000n);
  });

  it('leaves the burn of a subnet closed to PoW to the decay alone', () => {
    const chain = intervalChain();
    const s = chain.storage;
    S.NetworkPowRegistrationAllowed.set(s, false, 1);
    S.BurnHalfLife.set(s, 0, 1);
    S.Burn.set(s, 8n * TAO, 1);
    const difficulty = S.Difficulty.get(s, 1);
    S.RegistrationsThisInterval.set(s, 5, 1);
    S.BurnRegistrationsThisInterval.set(s, 5, 1);
    const { events } = chain.block();
    chain.blocks(2);
    assert.equal(S.Burn.get(s, 1), 8n * TAO);
    assert.equal(S.Difficulty.get(s, 1), difficulty);
    assert.deepEqual(chain.eventsNamed(events, 'SubtensorModule', 'DifficultySet'), []);
    assert.equal(S.RegistrationsThisInterval.get(s, 1), 0, 'the interval still rolls over');
    assert.equal(S.BurnRegistrationsThisInterval.get(s, 1), 0);
    assert.equal(S.LastAdjustmentBlock.get(s, 1), 3n);
  });

  it('matches test_registration_difficulty_adjustment (20000, 3 regs, target 1 → 40000)', () => {
    const chain = intervalChain();
    const s = chain.storage;
    S.AdjustmentAlpha.set(s, 58_000n, 1);
    S.Difficulty.set(s, 20_000n, 1);
    chain.blocks(2);
    S.RegistrationsThisInterval.set(s, 3, 1);
    S.POWRegistrationsThisInterval.set(s, 3, 1);
    chain.blocks(1);
    assert.equal(S.Difficulty.get(s, 1), 40_000n);
  });
});
