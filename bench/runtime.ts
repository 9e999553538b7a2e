/**
 * Runtime throughput (execution only: no signature checks, no disk). Two figures:
 * - a block of 1,000 balance transfers from 1,000 distinct funded accounts;
 * - the block in which Yuma epochs run for three 256-uid subnets (every uid registered through
 *   burned_register, validators staked, every validator's weights set through set_weights).
 */
import { cryptoReady } from '../packages/primitives/src/index.js';
import { devSpec, TAO, type ChainSpec } from '../packages/runtime/src/genesis.js';
import { TestChain, type TestExtrinsic } from '../packages/runtime/src/testing/chain.js';
import {
  blockOk,
  populatedNetwork,
  runUntilEpochs,
  testAccounts,
} from '../packages/runtime/src/testing/network.js';
import { S } from '../packages/runtime/src/pallets/subtensor/storage.js';
import { median, round2, type Emit } from './harness.js';
import type { AccountId } from '../packages/runtime/src/types/substrate.js';

const RUNS = 7;

function withFunded(spec: ChainSpec, funded: readonly AccountId[], amount: bigint): ChainSpec {
  return {
    ...spec,
    genesis: {
      ...spec.genesis,
      balances: [...spec.genesis.balances, ...funded.map((a) => [a, amount] as const)],
    },
  };
}

function transferBlock(emit: Emit): void {
  const senders = testAccounts('sender', 1000);
  const receivers = testAccounts('receiver', 1000);
  const chain = new TestChain(withFunded(devSpec(), senders, 1000n * TAO));
  const times: number[] = [];
  for (let run = 0; run < RUNS + 2; run++) {
    const xts: TestExtrinsic[] = senders.map((signer, i) => ({
      signer,
      call: chain.call('Balances', 'transfer_keep_alive', {
        dest: { tag: 'Id', value: receivers[i] },
        value: TAO,
      }),
    }));
    const start = performance.now();
    const outcome = chain.block(xts);
    const elapsed = performance.now() - start;
    const failed = outcome.results.filter((r) => !('ok' in r) || !r.ok).length;
    if (failed > 0) throw new Error(`transfer bench: ${failed} transfers failed`);
    if (run >= 2) times.push(elapsed);
  }
  emit({
    bench: 'runtime_block_1000_transfers',
    unit: 'ms',
    median: round2(median(times)),
    runs: RUNS,
    per_transfer_us: round2((median(times) * 1000) / 1000),
    anchor:
      'declared weight of transfer_keep_alive: 40 µs ref time each, 40 ms per 1,000 (Substrate WASM runtime)',
  });
}

const NETUIDS = [1, 2, 3] as const;
const UIDS = 256;
const VALIDATORS = 64;

/**
 * A chain with three full subnets whose validators have set weights; the next block runs all
 * three epochs. Everything goes through extrinsics, as on a live chain.
 */
function threeFullSubnets(): TestChain {
  const network = populatedNetwork({
    netuids: NETUIDS,
    validators: VALIDATORS,
    // uid 0 is the owner's: 64 validators and 191 miners fill the other 255 slots.
    miners: UIDS - 1 - VALIDATORS,
    tempo: 10,
    validatorStake: (v) => BigInt(1000 + 10 * v) * TAO,
  });
  const { chain, subnets, sudo, tx } = network;
  blockOk(
    chain,
    NETUIDS.map((netuid) =>
      sudo('sudo_set_max_allowed_validators', { netuid, max_allowed_validators: VALIDATORS }),
    ),
    'validator slots',
  );
  // One epoch hands out validator permits by stake; then the validators set weights.
  runUntilEpochs(chain, NETUIDS);
  blockOk(
    chain,
    subnets.flatMap(({ netuid, validatorHotkeys }) =>
      validatorHotkeys.map((hotkey, v) =>
        tx(hotkey, 'set_weights', {
          netuid,
          dests: Array.from({ length: UIDS }, (_, uid) => uid),
          weights: Array.from({ length: UIDS }, (_, uid) => 1 + ((uid * 7919 + v * 104_729) % 65_535)),
          version_key: 0n,
        }),
      ),
    ),
    'set weights',
  );
  // Align the three subnets' schedules so one block carries all three epochs.
  blockOk(
    chain,
    NETUIDS.map((netuid) => sudo('sudo_set_tempo', { netuid, tempo: 10 })),
    'tempo',
  );
  return chain;
}

function epochBlock(emit: Emit): void {
  const chain = threeFullSubnets();
  const epochTimes: number[] = [];
  const plainTimes: number[] = [];
  for (let run = 0; run < 3; run++) {
    const before = NETUIDS.map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));
    // Blocks between epochs: emission and bookkeeping only.
    for (;;) {
      const t0 = performance.now();
      chain.block();
      const elapsed = performance.now() - t0;
      const ran = NETUIDS.filter(
        (netuid, i) => S.SubnetEpochIndex.get(chain.storage, netuid) > (before[i] as bigint),
      );
      if (ran.length === 0) {
        plainTimes.push(elapsed);
        continue;
      }
      if (ran.length !== NETUIDS.length)
        throw new Error(`runtime bench: only subnets ${ran.join(',')} ran epochs`);
      epochTimes.push(elapsed);
      break;
    }
  }
  emit({
    bench: 'runtime_epoch_block_3x256',
    unit: 'ms',
    median: round2(median(epochTimes)),
    runs: epochTimes.length,
    validators_per_subnet: VALIDATORS,
    weights_per_validator: UIDS,
    anchor: 'subtensor epoch() for a 256-uid subnet is budgeted in one 12 s block; ours runs three',
  });
  emit({
    bench: 'runtime_block_without_epoch_3x256',
    unit: 'ms',
    median: round2(median(plainTimes)),
    runs: plainTimes.length,
  });
}

export async function run(emit: Emit): Promise<void> {
  await cryptoReady();
  transferBlock(emit);
  epochBlock(emit);
}
