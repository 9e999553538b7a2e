import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockEmissionForIssuance } from '@tao-ts/yuma';
import { TAO } from '../../genesis.js';
import type { TestChain } from '../../testing/chain.js';
import { blockOk, populatedNetwork, runUntilEpochs, type PopulatedNetwork } from '../../testing/network.js';
import type { AccountId } from '../../types/substrate.js';
import { splitAlphaOut } from './emission-split.js';
import { alphaStake, totalHotkeyAlpha } from './staking.js';
import { S } from './storage.js';

const OWNER_CUT = 11_796; // 18% of u16::MAX, subtensor's default

/** Two subnets with 2 validators and 4 miners each, validator permits handed out. */
function network(netuids: readonly number[] = [1, 2], tempo = 10): PopulatedNetwork {
  const net = populatedNetwork({
    netuids,
    validators: 2,
    miners: 4,
    tempo,
    validatorStake: (v) => BigInt(100 * (v + 1)) * TAO,
  });
  runUntilEpochs(net.chain, netuids);
  return net;
}

function pendingTotal(chain: TestChain, netuid: number): bigint {
  const s = chain.storage;
  return (
    S.PendingServerEmission.get(s, netuid) +
    S.PendingValidatorEmission.get(s, netuid) +
    S.PendingOwnerCut.get(s, netuid) +
    S.PendingRootAlphaDivs.get(s, netuid)
  );
}

/** Weights from every validator: miner k gets weight k + 1 (uids after the validators). */
function setWeights(net: PopulatedNetwork): void {
  blockOk(
    net.chain,
    net.subnets.flatMap(({ netuid, validatorHotkeys, minerHotkeys }) =>
      validatorHotkeys.map((hotkey) =>
        net.tx(hotkey, 'set_weights', {
          netuid,
          dests: minerHotkeys.map((_, k) => 1 + validatorHotkeys.length + k),
          weights: minerHotkeys.map((_, k) => k + 1),
          version_key: 0n,
        }),
      ),
    ),
    'weights',
  );
}

test('each block mints the block emission into the started subnets, equally, as pending alpha', () => {
  const { chain } = network();
  const issuance = S.TotalIssuance.get(chain.storage);
  const taoBefore = [1, 2].map((netuid) => S.SubnetTAO.get(chain.storage, netuid));
  const pendingBefore = [1, 2].map((netuid) => pendingTotal(chain, netuid));
  chain.block();
  const emission = blockEmissionForIssuance(issuance);
  assert.equal(emission, TAO);
  assert.equal(S.BlockEmission.get(chain.storage), emission);
  assert.equal(S.TotalIssuance.get(chain.storage), issuance + emission);
  [1, 2].forEach((netuid, k) => {
    assert.equal(S.SubnetEmission.get(chain.storage, netuid), emission / 2n);
    assert.equal(S.SubnetTAO.get(chain.storage, netuid) - (taoBefore[k] as bigint), emission / 2n);
    const split = splitAlphaOut(emission / 2n, OWNER_CUT, true, 0n);
    const owed = split.ownerCut + split.server + split.validator + split.rootAlpha;
    assert.ok(owed <= emission / 2n && owed >= emission / 2n - 2n, 'flooring loses at most a rao per part');
    assert.equal(pendingTotal(chain, netuid) - (pendingBefore[k] as bigint), owed);
  });
});

test('the pending split: owner cut first, then half to miners and the rest to validators', () => {
  const split = splitAlphaOut(TAO, OWNER_CUT, true, 0n);
  // 1e9 × 11796/65535 floored, then the remainder halved.
  assert.equal(split.ownerCut, 179_995_422n);
  assert.equal(split.server, 410_002_288n);
  assert.equal(split.validator, 410_002_288n);
  assert.equal(split.rootAlpha, 0n);
  const noCut = splitAlphaOut(TAO, OWNER_CUT, false, 0n);
  assert.deepEqual(noCut, { ownerCut: 0n, server: 500_000_000n, validator: 500_000_000n, rootAlpha: 0n });
  const fullCut = splitAlphaOut(TAO, 65_535, true, 0n);
  assert.equal(fullCut.ownerCut, TAO);
  assert.equal(fullCut.server + fullCut.validator, 0n);
});

test('subnets that have not started, or whose emission is off, get nothing', () => {
  const { chain } = network();
  S.FirstEmissionBlockNumber.remove(chain.storage, 2);
  S.SubnetEmissionEnabled.set(chain.storage, false, 1);
  const issuance = S.TotalIssuance.get(chain.storage);
  const before = [1, 2].map((netuid) => S.SubnetTAO.get(chain.storage, netuid));
  chain.block();
  assert.equal(S.TotalIssuance.get(chain.storage), issuance);
  [1, 2].forEach((netuid, k) => assert.equal(S.SubnetTAO.get(chain.storage, netuid), before[k]));
  // One started subnet left: it takes the whole block emission.
  S.SubnetEmissionEnabled.set(chain.storage, true, 1);
  chain.block();
  assert.equal(S.SubnetEmission.get(chain.storage, 1), TAO);
  assert.equal(S.SubnetEmission.get(chain.storage, 2), 0n);
});

test('emission halves with issuance and stops at the 21M cap', () => {
  const { chain } = network([1]);
  // Issuance counts every TAO, so move it (not balances) to the halving point.
  S.TotalIssuance.set(chain.storage, 10_500_000n * TAO);
  chain.block();
  assert.equal(S.BlockEmission.get(chain.storage), TAO / 2n);
  S.TotalIssuance.set(chain.storage, 21_000_000n * TAO);
  const tao = S.SubnetTAO.get(chain.storage, 1);
  chain.block();
  assert.equal(S.BlockEmission.get(chain.storage), 0n);
  assert.equal(S.SubnetTAO.get(chain.storage, 1), tao);
});

test('an epoch pays incentive to miners by weight, dividends to validators, and the owner its cut', () => {
  const net = network([1]);
  const { chain } = net;
  setWeights(net);
  runUntilEpochs(chain, [1]);
  const subnet = net.subnets[0];
  assert.ok(subnet !== undefined);
  const minerStake = () =>
    subnet.minerHotkeys.map((h, k) => alphaStake(chain.storage, h, subnet.minerColdkeys[k] as AccountId, 1));
  const validatorAlpha = () => subnet.validatorHotkeys.map((h) => totalHotkeyAlpha(chain.storage, h, 1));
  const owner = S.SubnetOwnerHotkey.get(chain.storage, 1);
  const [miners0, validators0, owner0] = [
    minerStake(),
    validatorAlpha(),
    totalHotkeyAlpha(chain.storage, owner, 1),
  ];
  const pendingCut = S.PendingOwnerCut.get(chain.storage, 1);
  runUntilEpochs(chain, [1]);
  const gains = minerStake().map((v, k) => v - (miners0[k] as bigint));
  for (let k = 1; k < gains.length; k++)
    assert.ok((gains[k] as bigint) > (gains[k - 1] as bigint), `miner ${k}`);
  validatorAlpha().forEach((v, k) => assert.ok(v > (validators0[k] as bigint), `validator ${k} dividends`));
  // The owner's gain is its cut of the epoch's emission (10 blocks × 1 TAO × 18%), pending included.
  const ownerGain = totalHotkeyAlpha(chain.storage, owner, 1) - owner0;
  assert.ok(ownerGain >= pendingCut && ownerGain <= 11n * 179_995_422n, `owner gain ${ownerGain}`);
  assert.equal(S.PendingOwnerCut.get(chain.storage, 1), 0n);
  assert.equal(S.PendingServerEmission.get(chain.storage, 1), 0n);
});

test('the validator keeps its take; nominators share the rest pro rata', () => {
  const net = network([1]);
  const { chain } = net;
  const subnet = net.subnets[0];
  assert.ok(subnet !== undefined);
  const validator = subnet.validatorHotkeys[1] as AccountId;
  const validatorColdkey = subnet.validatorColdkeys[1] as AccountId;
  // A miner's coldkey nominates the same amount the validator's owner staked (200 TAO).
  const nominator = subnet.minerColdkeys[0] as AccountId;
  blockOk(
    chain,
    [net.tx(nominator, 'add_stake', { hotkey: validator, netuid: 1, amount_staked: 200n * TAO })],
    'nominate',
  );
  setWeights(net);
  runUntilEpochs(chain, [1]);
  const own0 = alphaStake(chain.storage, validator, validatorColdkey, 1);
  const nom0 = alphaStake(chain.storage, validator, nominator, 1);
  runUntilEpochs(chain, [1]);
  const ownGain = alphaStake(chain.storage, validator, validatorColdkey, 1) - own0;
  const nomGain = alphaStake(chain.storage, validator, nominator, 1) - nom0;
  assert.ok(nomGain > 0n);
  // Dividend D: the nominator's part is D·(1 − take)·nom0/(own0 + nom0); the owner's is D·take
  // plus its own pro-rata part of the rest.
  const take = 11_796n;
  const dividend = (nomGain * (own0 + nom0) * 65_535n) / ((65_535n - take) * nom0);
  const expected =
    (dividend * take) / 65_535n + (dividend * (65_535n - take) * own0) / (65_535n * (own0 + nom0));
  const tolerance = expected / 100n;
  assert.ok(
    ownGain > expected - tolerance && ownGain < expected + tolerance,
    `own ${ownGain} vs ${expected}`,
  );
});

test('with no weights at all, miners earn nothing and the stakers receive the whole emission', () => {
  const net = network([1]);
  const { chain } = net;
  const subnet = net.subnets[0];
  assert.ok(subnet !== undefined);
  const hotkeys = Array.from({ length: S.SubnetworkN.get(chain.storage, 1) }, (_, uid) =>
    S.Keys.get(chain.storage, 1, uid),
  );
  const before = hotkeys.map((h) => totalHotkeyAlpha(chain.storage, h, 1));
  const pending = pendingTotal(chain, 1);
  const minersBefore = subnet.minerHotkeys.map((h) => totalHotkeyAlpha(chain.storage, h, 1));
  runUntilEpochs(chain, [1]);
  subnet.minerHotkeys.forEach((h, k) => assert.equal(totalHotkeyAlpha(chain.storage, h, 1), minersBefore[k]));
  const gained = hotkeys.reduce(
    (sum, h, k) => sum + totalHotkeyAlpha(chain.storage, h, 1) - (before[k] as bigint),
    0n,
  );
  // Everything drained (pending before + this epoch's blocks) reaches the validators and the owner.
  const blocks = 10n;
  const expected = pending + blocks * TAO;
  assert.ok(gained <= expected && gained > expected - 1_000n, `stakers gained ${gained} of ${expected}`);
  assert.equal(pendingTotal(chain, 1), 0n);
});

test('epochs beyond MaxEpochsPerBlock are deferred to the next block', () => {
  const net = network([1, 2, 3]);
  const { chain } = net;
  // All three due in the same block (tempo reset aligns them), but only two may run.
  blockOk(
    chain,
    [
      net.sudo('sudo_set_max_epochs_per_block', { max_epochs_per_block: 2 }),
      ...[1, 2, 3].map((netuid) => net.sudo('sudo_set_tempo', { netuid, tempo: 5 })),
    ],
    'align',
  );
  const index = () => [1, 2, 3].map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));
  const start = index();
  let deferredAt: bigint | undefined;
  for (let i = 0; i < 10 && deferredAt === undefined; i++) {
    const outcome = chain.block();
    const deferred = chain.eventsNamed(outcome.events, 'SubtensorModule', 'EpochDeferred');
    if (deferred.length > 0) {
      deferredAt = outcome.number;
      assert.deepEqual(deferred, [{ netuid: 3, from_block: outcome.number, to_block: outcome.number + 1n }]);
      assert.deepEqual(
        index().map((v, k) => v - (start[k] as bigint)),
        [1n, 1n, 0n],
      );
    }
  }
  assert.ok(deferredAt !== undefined, 'no epoch was deferred');
  chain.block();
  assert.deepEqual(
    index().map((v, k) => v - (start[k] as bigint)),
    [1n, 1n, 1n],
  );
  assert.equal(S.PendingEpochAt.get(chain.storage, 3), 0n);
});
