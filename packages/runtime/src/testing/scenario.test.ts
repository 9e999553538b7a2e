/**
 * A long-running network: three subnets, each with 10 staked validators and 40 miners, run for
 * 2,000+ blocks while validators keep setting weights. Checks what participants care about:
 * epochs fire on schedule, miners with more weight earn more, validators (and their
 * nominators) earn dividends, the owner gets its cut, and the chain's invariants hold at every
 * block.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TAO } from '../genesis.js';
import { alphaStake, totalHotkeyAlpha } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import type { AccountId } from '../types/substrate.js';
import type { TestExtrinsic } from './chain.js';
import { invariantViolations } from './invariants.js';
import { blockOk, populatedNetwork, runUntilEpochs, testAccounts } from './network.js';

const NETUIDS = [1, 2, 3];
const TEMPOS = new Map([
  [1, 20],
  [2, 30],
  [3, 45],
]);
const VALIDATORS = 10;
const MINERS = 40;
/** Miners 0..UNWEIGHTED-1 get no weight from anyone. */
const UNWEIGHTED = 5;
const BLOCKS = 2_000;
const WEIGHTS_EVERY = 15;
const NOMINATION = 2_000n * TAO;

const validatorStake = (v: number): bigint => BigInt(1_000 + 200 * v) * TAO;

test('3 subnets × (10 validators + 40 miners) over 2,000 blocks: schedule, incentive, dividends, invariants', () => {
  const nominators = testAccounts('nominator', NETUIDS.length);
  const network = populatedNetwork({
    netuids: NETUIDS,
    validators: VALIDATORS,
    miners: MINERS,
    tempo: 20,
    validatorStake,
    extraFunded: nominators,
  });
  const { chain, subnets, sudo, tx } = network;
  // Each subnet on its own tempo; one nominator per subnet delegates to that subnet's validator 0.
  blockOk(
    chain,
    [
      ...NETUIDS.map((netuid) => sudo('sudo_set_tempo', { netuid, tempo: TEMPOS.get(netuid) })),
      ...subnets.map((subnet, s) =>
        tx(nominators[s] as AccountId, 'add_stake', {
          hotkey: subnet.validatorHotkeys[0],
          netuid: subnet.netuid,
          amount_staked: NOMINATION,
        }),
      ),
    ],
    'tempos and nominations',
  );
  // The first epoch hands out validator permits (by stake); only then may validators set weights.
  runUntilEpochs(chain, NETUIDS);

  const minerUid = (m: number): number => 1 + VALIDATORS + m;
  const weightsBlock = (round: number): TestExtrinsic[] =>
    subnets.flatMap(({ netuid, validatorHotkeys }) =>
      validatorHotkeys.map((hotkey, v) => {
        const weighted = Array.from({ length: MINERS - UNWEIGHTED }, (_, k) => UNWEIGHTED + k);
        return tx(hotkey, 'set_weights', {
          netuid,
          dests: weighted.map(minerUid),
          // Weight grows with the miner's index; validators disagree a little, and differently each round.
          weights: weighted.map((m) => (m + 1) * 1_000 + ((v * 31 + m * 7 + round) % 50)),
          version_key: 0n,
        });
      }),
    );

  const start = chain.number;
  const stakeAtStart = subnets.map((subnet) =>
    subnet.validatorHotkeys.map((hotkey) => totalHotkeyAlpha(chain.storage, hotkey, subnet.netuid)),
  );
  const ownerAtStart = NETUIDS.map((netuid) =>
    totalHotkeyAlpha(chain.storage, S.SubnetOwnerHotkey.get(chain.storage, netuid), netuid),
  );
  const issuanceAtStart = S.TotalIssuance.get(chain.storage);
  const epochBlocks = new Map<number, bigint[]>(NETUIDS.map((netuid) => [netuid, []]));
  let epochIndex = NETUIDS.map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));

  for (let i = 0; i < BLOCKS; i++) {
    const outcome = chain.block(i % WEIGHTS_EVERY === 0 ? weightsBlock(i / WEIGHTS_EVERY) : []);
    for (const result of outcome.results) {
      assert.equal('ok' in result && result.ok, true, `block ${outcome.number}: an extrinsic failed`);
    }
    const violations = invariantViolations(chain.storage);
    assert.deepEqual(violations, [], `block ${outcome.number}`);
    const now = NETUIDS.map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));
    NETUIDS.forEach((netuid, k) => {
      if ((now[k] as bigint) > (epochIndex[k] as bigint)) epochBlocks.get(netuid)?.push(outcome.number);
    });
    epochIndex = now;
  }
  assert.ok(chain.number - start >= 2_000n);

  // Epochs every `tempo` blocks exactly, from each subnet's own starting point.
  for (const netuid of NETUIDS) {
    const blocks = epochBlocks.get(netuid) ?? [];
    const tempo = BigInt(TEMPOS.get(netuid) ?? 0);
    const expected = BigInt(BLOCKS) / tempo;
    assert.ok(
      BigInt(blocks.length) === expected || BigInt(blocks.length) === expected + 1n,
      `subnet ${netuid}: ${blocks.length} epochs in ${BLOCKS} blocks of tempo ${tempo}`,
    );
    for (let k = 1; k < blocks.length; k++) {
      assert.equal((blocks[k] as bigint) - (blocks[k - 1] as bigint), tempo, `subnet ${netuid}: epoch ${k}`);
    }
  }

  // Emission: one TAO a block (first halving is far away), shared by the three subnets.
  const minted = S.TotalIssuance.get(chain.storage) - issuanceAtStart;
  assert.ok(
    minted > (BigInt(BLOCKS) * TAO * 99n) / 100n && minted <= BigInt(BLOCKS) * TAO,
    `minted ${minted}`,
  );

  subnets.forEach((subnet, s) => {
    const { netuid } = subnet;
    const earned = subnet.minerHotkeys.map((hotkey, m) =>
      alphaStake(chain.storage, hotkey, subnet.minerColdkeys[m] as AccountId, netuid),
    );
    for (let m = 0; m < UNWEIGHTED; m++)
      assert.equal(earned[m], 0n, `subnet ${netuid}: unweighted miner ${m}`);
    for (let m = UNWEIGHTED + 1; m < MINERS; m++) {
      assert.ok(
        (earned[m] as bigint) > (earned[m - 1] as bigint),
        `subnet ${netuid}: miner ${m} (more weight) earned ${earned[m]} ≤ miner ${m - 1}'s ${earned[m - 1]}`,
      );
    }
    // Weight (m+1): the top miner's weight is 8× the lowest weighted one's, and so roughly is its pay.
    const ratio = Number(earned[MINERS - 1]) / Number(earned[UNWEIGHTED]);
    assert.ok(ratio > 6 && ratio < 10, `subnet ${netuid}: top/bottom incentive ratio ${ratio}`);

    subnet.validatorHotkeys.forEach((hotkey, v) => {
      const gained = totalHotkeyAlpha(chain.storage, hotkey, netuid) - (stakeAtStart[s]?.[v] ?? 0n);
      assert.ok(gained > 0n, `subnet ${netuid}: validator ${v} earned no dividends`);
      assert.ok(S.AlphaDividendsPerSubnet.get(chain.storage, netuid, hotkey) >= 0n);
    });
    // The validator's coldkey collects its take; its nominator's share grew too.
    const v0 = subnet.validatorHotkeys[0] as AccountId;
    const ownStake = alphaStake(chain.storage, v0, subnet.validatorColdkeys[0] as AccountId, netuid);
    assert.ok(ownStake > validatorStake(0), `subnet ${netuid}: validator 0's own stake did not grow`);
    const nominated = alphaStake(chain.storage, v0, nominators[s] as AccountId, netuid);
    assert.ok(nominated > NOMINATION, `subnet ${netuid}: nominator earned nothing (${nominated})`);

    const owner = S.SubnetOwnerHotkey.get(chain.storage, netuid);
    const ownerGain = totalHotkeyAlpha(chain.storage, owner, netuid) - (ownerAtStart[s] ?? 0n);
    // 18% of a third of 2,000 TAO, give or take one epoch's cut (pending at either end).
    const ownerShare = (BigInt(BLOCKS) * TAO * 11_796n) / 65_535n / 3n;
    const epochCut = (BigInt(TEMPOS.get(netuid) ?? 0) * TAO * 11_796n) / 65_535n / 3n + TAO;
    assert.ok(
      ownerGain <= ownerShare + epochCut && ownerGain >= ownerShare - epochCut,
      `subnet ${netuid}: owner cut ${ownerGain}, expected about ${ownerShare}`,
    );
  });
});
