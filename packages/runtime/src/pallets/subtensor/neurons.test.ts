import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MemoryStorage, type ReadableStorage } from '../../storage/kv.js';
import type { TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import {
  NeuronCertificates,
  appendNeuron,
  immuneOwnerUids,
  neuronToPrune,
  replaceNeuron,
} from './neurons.js';
import { S } from './storage.js';
import { initNewNetwork } from './subnets.js';
import { alice, assertFails, assertOk, bob, charlie, devChain, key, st } from './subnets-test-kit.js';

const axon = (block: bigint) => ({
  block,
  version: 1,
  ip: 0x0a00_0001n,
  port: 8091,
  ip_type: 4,
  protocol: 4,
  placeholder1: 0,
  placeholder2: 0,
});

/** A bare subnet 1 in fresh storage with the given neurons, registered at the given blocks. */
function subnetWith(blocks: readonly bigint[]): MemoryStorage {
  const storage = new MemoryStorage();
  initNewNetwork(storage, 1, 0, 0n);
  blocks.forEach((block, uid) => appendNeuron(storage, 1, key(uid), block));
  return storage;
}

describe('neuronToPrune (registration.json pruning cases)', () => {
  it('breaks emission ties by registration block, then uid', () => {
    const s = subnetWith([1n, 2n, 3n]);
    S.ImmunityPeriod.set(s, 0, 1);
    S.MinNonImmuneUids.set(s, 0, 1);
    S.Emission.set(s, [10n, 10n, 10n], 1);
    assert.equal(neuronToPrune(s, 1, 10n), 0);
    S.BlockAtRegistration.set(s, 3n, 1, 0);
    assert.equal(neuronToPrune(s, 1, 10n), 1);
    S.BlockAtRegistration.set(s, 2n, 1, 0);
    assert.equal(neuronToPrune(s, 1, 10n), 0, 'equal block: lowest uid');
    S.Emission.set(s, [10n, 10n, 9n], 1);
    assert.equal(neuronToPrune(s, 1, 10n), 2);
  });

  it('keeps MinNonImmuneUids non-immune neurons and prunes an immune one instead', () => {
    const s = subnetWith([0n, 0n, 0n, 95n]);
    S.ImmunityPeriod.set(s, 10, 1);
    S.MinNonImmuneUids.set(s, 3, 1);
    S.Emission.set(s, [1n, 2n, 3n, 50n], 1);
    assert.equal(neuronToPrune(s, 1, 100n), 3);
    S.MinNonImmuneUids.set(s, 2, 1);
    assert.equal(neuronToPrune(s, 1, 100n), 0);
  });

  it('returns nothing when every uid is owner-immortal', () => {
    const s = subnetWith([0n, 1n, 2n]);
    const owner = alice();
    S.SubnetOwner.set(s, owner, 1);
    S.OwnedHotkeys.set(s, [key(0), key(1), key(2)], owner);
    S.ImmuneOwnerUidsLimit.set(s, 10, 1);
    S.ImmunityPeriod.set(s, 0, 1);
    S.MinNonImmuneUids.set(s, 0, 1);
    assert.equal(neuronToPrune(s, 1, 100n), undefined);
    S.ImmuneOwnerUidsLimit.set(s, 2, 1);
    assert.deepEqual(
      immuneOwnerUids(s, 1, owner).map((t) => t.uid),
      [0, 1],
    );
    assert.equal(neuronToPrune(s, 1, 100n), 2);
  });

  it('puts the subnet owner hotkey first among the immortal', () => {
    const s = subnetWith([0n, 1n, 2n]);
    const owner = alice();
    S.SubnetOwner.set(s, owner, 1);
    S.SubnetOwnerHotkey.set(s, key(2), 1);
    S.OwnedHotkeys.set(s, [key(1), key(0)], owner);
    S.ImmuneOwnerUidsLimit.set(s, 2, 1);
    assert.deepEqual(
      immuneOwnerUids(s, 1, owner).map((t) => t.uid),
      [2, 0],
    );
    assert.equal(neuronToPrune(new MemoryStorage(), 1, 0n), undefined, 'empty subnet');
  });

  it('never replaces the subnet owner hotkey', () => {
    const s = subnetWith([0n, 1n]);
    S.SubnetOwnerHotkey.set(s, key(0), 1);
    assert.equal(replaceNeuron(s, 1, 0, key(9), 5n), false);
    assert.deepEqual(S.Keys.get(s, 1, 0), key(0));
    assert.equal(replaceNeuron(s, 1, 1, key(9), 5n), true);
    assert.deepEqual(S.Keys.get(s, 1, 1), key(9));
  });
});

describe('registration into a full subnet', () => {
  function fullSubnet(): TestChain {
    const chain = devChain();
    const s = chain.storage;
    S.Tempo.set(s, 0, 1); // no epochs overwriting the vectors under test
    S.MaxAllowedUids.set(s, 3, 1);
    S.ImmunityPeriod.set(s, 0, 1);
    S.MinNonImmuneUids.set(s, 0, 1);
    assertOk(chain.exec(bob(), st(chain, 'burned_register', { netuid: 1, hotkey: key(1) })));
    assertOk(chain.exec(bob(), st(chain, 'burned_register', { netuid: 1, hotkey: key(2) })));
    return chain;
  }

  it('replaces the lowest-emission neuron with a clean slate', () => {
    const chain = fullSubnet();
    const s = chain.storage;
    S.Emission.set(s, [0n, 5n, 3n], 1);
    S.Incentive.set(s, [0, 4, 6], 1);
    S.Consensus.set(s, [0, 1, 2], 1);
    S.Dividends.set(s, [0, 1, 2], 1);
    S.ValidatorTrust.set(s, [0, 1, 2], 1);
    S.ValidatorPermit.set(s, [false, false, true], 1);
    S.StakeWeight.set(s, [1, 2, 3], 1);
    S.Active.set(s, [true, true, false], 1);
    S.Weights.set(
      s,
      [
        [0, 10],
        [2, 20],
      ],
      1,
      1,
    );
    S.Weights.set(
      s,
      [
        [1, 5],
        [2, 9],
      ],
      1,
      2,
    );
    S.Bonds.set(s, [[1, 7]], 1, 2);
    S.Bonds.set(s, [[2, 7]], 1, 1);
    S.Axons.set(s, axon(2n), 1, key(2));
    S.Prometheus.set(s, { block: 2n, version: 1, ip: 1n, port: 9090, ip_type: 4 }, 1, key(2));
    NeuronCertificates.set(s, { public_key: new Uint8Array(32), algorithm: 1 }, 1, key(2));

    const result = assertOk(
      chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(3) })),
    );
    const now = chain.number;
    assert.equal(S.SubnetworkN.get(s, 1), 3);
    assert.deepEqual(S.Keys.get(s, 1, 2), key(3));
    assert.equal(S.Uids.get(s, 1, key(3)), 2);
    assert.equal(S.Uids.tryGet(s, 1, key(2)), undefined);
    assert.equal(S.IsNetworkMember.get(s, key(2), 1), false);
    assert.equal(S.IsNetworkMember.get(s, key(3), 1), true);
    assert.equal(S.BlockAtRegistration.get(s, 1, 2), now);
    assert.equal(S.LastUpdate.get(s, 1)[2], now);
    assert.deepEqual(S.Emission.get(s, 1), [0n, 5n, 0n]);
    assert.deepEqual(S.Incentive.get(s, 1), [0, 4, 0]);
    assert.deepEqual(S.Consensus.get(s, 1), [0, 1, 0]);
    assert.deepEqual(S.Dividends.get(s, 1), [0, 1, 0]);
    assert.deepEqual(S.ValidatorTrust.get(s, 1), [0, 1, 0]);
    assert.deepEqual(S.ValidatorPermit.get(s, 1), [false, false, false]);
    assert.deepEqual(S.StakeWeight.get(s, 1), [1, 2, 0]);
    assert.deepEqual(S.Active.get(s, 1), [true, true, true]);
    assert.equal(S.Weights.exists(s, 1, 2), false, 'its own weights go');
    assert.deepEqual(
      S.Weights.get(s, 1, 1),
      [
        [0, 10],
        [2, 0],
      ],
      'weights on it are zeroed, not removed',
    );
    assert.equal(S.Bonds.exists(s, 1, 2), false);
    assert.deepEqual(S.Bonds.get(s, 1, 1), [[2, 7]], 'bonds of others are left to the epoch');
    assert.equal(S.Axons.tryGet(s, 1, key(2)), undefined);
    assert.equal(S.Prometheus.tryGet(s, 1, key(2)), undefined);
    assert.equal(NeuronCertificates.tryGet(s, 1, key(2)), undefined);
    assert.deepEqual(S.Owner.get(s, key(2)), bob(), 'the old hotkey keeps its owner');
    assert.ok(result.events.length > 0);
  });

  it('picks among immune neurons while all are immune', () => {
    const chain = fullSubnet();
    const s = chain.storage;
    S.ImmunityPeriod.set(s, 1000, 1);
    S.MinNonImmuneUids.set(s, 10, 1);
    S.Emission.set(s, [0n, 3n, 5n], 1);
    assertOk(chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(3) })));
    assert.deepEqual(S.Keys.get(s, 1, 1), key(3));
  });

  it('finds no uid when only non-immune neurons at the floor remain', () => {
    const chain = fullSubnet();
    const s = chain.storage;
    S.ImmunityPeriod.set(s, 2, 1);
    S.MinNonImmuneUids.set(s, 2, 1);
    chain.blocks(5);
    assertFails(
      chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(3) })),
      'SubtensorModule.NoNeuronIdAvailable',
    );
    S.MinNonImmuneUids.set(s, 1, 1);
    assertOk(chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(3) })));
  });

  it('protects the owner coldkey hotkeys up to ImmuneOwnerUidsLimit', () => {
    const chain = devChain();
    const s = chain.storage;
    S.Tempo.set(s, 0, 1);
    S.MaxAllowedUids.set(s, 3, 1);
    S.ImmunityPeriod.set(s, 0, 1);
    S.MinNonImmuneUids.set(s, 0, 1);
    assertOk(chain.exec(alice(), st(chain, 'burned_register', { netuid: 1, hotkey: key(5) })));
    assertOk(chain.exec(bob(), st(chain, 'burned_register', { netuid: 1, hotkey: key(6) })));
    S.Emission.set(s, [0n, 0n, 9n], 1);
    S.ImmuneOwnerUidsLimit.set(s, 2, 1);
    assertOk(chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(7) })));
    assert.deepEqual(S.Keys.get(s, 1, 2), key(7), 'uid 1 (the owner coldkey) is protected');
    S.ImmuneOwnerUidsLimit.set(s, 1, 1);
    S.Emission.set(s, [0n, 0n, 9n], 1);
    assertOk(chain.exec(charlie(), st(chain, 'burned_register', { netuid: 1, hotkey: key(8) })));
    assert.deepEqual(S.Keys.get(s, 1, 1), key(8), 'only the owner hotkey itself stays');
    assert.deepEqual(S.Keys.get(s, 1, 0), alice());
  });
});

/** The registry invariants the property test checks after every step. */
function checkRegistry(s: ReadableStorage, netuid: number): void {
  const n = S.SubnetworkN.get(s, netuid);
  assert.ok(n <= S.MaxAllowedUids.get(s, netuid), 'SubnetworkN ≤ MaxAllowedUids');
  const seen = new Set<string>();
  for (let uid = 0; uid < n; uid++) {
    const hotkey = S.Keys.tryGet(s, netuid, uid);
    assert.ok(hotkey !== undefined, `uid ${uid} has a hotkey`);
    assert.equal(S.Uids.tryGet(s, netuid, hotkey), uid, 'Uids inverts Keys');
    assert.equal(S.IsNetworkMember.get(s, hotkey, netuid), true);
    const hex = Buffer.from(hotkey).toString('hex');
    assert.ok(!seen.has(hex), 'one uid per hotkey');
    seen.add(hex);
  }
  assert.equal([...S.Uids.entries(s, netuid)].length, n, 'no stale Uids entries');
  assert.equal([...S.Keys.entries(s, netuid)].length, n, 'no stale Keys entries');
  for (const vector of [
    S.Active,
    S.Emission,
    S.Consensus,
    S.Dividends,
    S.ValidatorTrust,
    S.ValidatorPermit,
  ] as const) {
    assert.equal(vector.get(s, netuid).length, n);
  }
  assert.equal(S.LastUpdate.get(s, netuid).length, n);
  assert.equal(S.Incentive.get(s, netuid).length, n);
  const burn = S.Burn.get(s, netuid);
  assert.ok(burn >= S.MinBurn.get(s, netuid) && burn <= S.MaxBurn.get(s, netuid), 'burn within bounds');
}

type Action =
  | { kind: 'register'; hotkey: number; byCharlie: boolean; twice: boolean }
  | { kind: 'blocks'; count: number }
  | { kind: 'emission'; uid: number; value: bigint };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const),
    hotkey: fc.integer({ min: 0, max: 9 }),
    byCharlie: fc.boolean(),
    twice: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('blocks' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('emission' as const),
    uid: fc.integer({ min: 0, max: 5 }),
    value: fc.bigInt({ min: 0n, max: 100n }),
  }),
);

describe('registration properties', () => {
  it('random registrations keep the registry a bijection within bounds', () => {
    let appended = 0;
    let replaced = 0;
    fc.assert(
      fc.property(
        fc.array(actionArb, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.bigInt({ min: 1n, max: 3_000_000_000n }),
        (actions, maxUids, immunity, minNonImmune, maxBurn) => {
          const chain = devChain();
          const s = chain.storage;
          S.Tempo.set(s, 0, 1);
          S.MaxAllowedUids.set(s, maxUids, 1);
          S.ImmunityPeriod.set(s, immunity, 1);
          S.MinNonImmuneUids.set(s, minNonImmune, 1);
          S.MaxRegistrationsPerBlock.set(s, 2, 1);
          const cap = maxBurn < 500_000n ? 500_000n : maxBurn;
          S.MaxBurn.set(s, cap, 1);
          if (S.Burn.get(s, 1) > cap) S.Burn.set(s, cap, 1);
          for (const action of actions) {
            if (action.kind === 'blocks') chain.blocks(action.count);
            else if (action.kind === 'emission') {
              const emission = S.Emission.get(s, 1);
              if (action.uid < emission.length) {
                emission[action.uid] = action.value;
                S.Emission.set(s, emission, 1);
              }
            } else {
              const coldkey: AccountId = action.byCharlie ? charlie() : bob();
              const call = st(chain, 'burned_register', { netuid: 1, hotkey: key(action.hotkey) });
              const second = st(chain, 'burned_register', { netuid: 1, hotkey: key(action.hotkey + 10) });
              const full = S.SubnetworkN.get(s, 1) === maxUids;
              const { results } = chain.block([
                { signer: coldkey, call },
                ...(action.twice ? [{ signer: coldkey, call: second }] : []),
              ]);
              const ok = results.filter((r) => !(r instanceof Error) && r.ok).length;
              if (full) replaced += ok;
              else appended += ok;
            }
            checkRegistry(s, 1);
          }
        },
      ),
      { numRuns: 40, seed: 20_250_301 },
    );
    // The runs must have exercised both paths, not just failed registrations.
    assert.ok(appended > 20 && replaced > 5, `appended ${appended}, replaced ${replaced}`);
  });
});
