/**
 * Runtime throughput (execution only: no signature checks, no disk). Two figures:
 * - a block of 1,000 balance transfers from 1,000 distinct funded accounts;
 * - the block in which Yuma epochs run for three 256-uid subnets (every uid registered through
 *   burned_register, validators staked, every validator's weights set through set_weights).
 */
import { blake2b256, cryptoReady, u32 } from '../packages/primitives/src/index.js';
import { devSpec, TAO, type ChainSpec } from '../packages/runtime/src/genesis.js';
import { TestChain, errorName, type TestExtrinsic } from '../packages/runtime/src/testing/chain.js';
import { S } from '../packages/runtime/src/pallets/subtensor/storage.js';
import { median, round2, type Emit } from './harness.js';
import type { AccountId } from '../packages/runtime/src/types/substrate.js';

const RUNS = 7;

/** Deterministic 32-byte account ids (no key derivation needed: execution skips signatures). */
function accounts(tag: string, count: number): AccountId[] {
  return Array.from({ length: count }, (_, i) =>
    blake2b256(new Uint8Array([...new TextEncoder().encode(tag), ...u32.enc(i)])),
  );
}

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
  const senders = accounts('sender', 1000);
  const receivers = accounts('receiver', 1000);
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

/** Every call must succeed: the bench measures the intended work, not error paths. */
function expectOk(chain: TestChain, xts: readonly TestExtrinsic[], what: string): void {
  const outcome = chain.block(xts);
  const failed = outcome.results.find((r) => !('ok' in r) || !r.ok);
  if (failed !== undefined)
    throw new Error(`runtime bench setup (${what}): ${errorName(failed) ?? 'failed'}`);
}

/**
 * A chain with three full subnets whose validators have set weights; the next block runs all
 * three epochs. Everything goes through extrinsics, as on a live chain.
 */
function threeFullSubnets(): TestChain {
  const coldkeys = accounts('coldkey', NETUIDS.length * UIDS);
  const hotkeys = accounts('hotkey', NETUIDS.length * UIDS);
  const base = devSpec();
  const subnet1 = base.genesis.subnets[0];
  if (subnet1 === undefined) throw new Error('dev spec has no subnet 1');
  const spec = withFunded(
    {
      ...base,
      genesis: {
        ...base.genesis,
        subnets: NETUIDS.map((netuid) => ({ ...subnet1, netuid, powRegistration: false, burn: TAO })),
      },
    },
    coldkeys,
    100_000n * TAO,
  );
  const chain = new TestChain(spec);
  const alice = base.genesis.sudo as AccountId;
  const sudo = (name: string, args: object): TestExtrinsic => ({
    signer: alice,
    call: chain.call('Sudo', 'sudo', { call: chain.call('AdminUtils', name, args) }),
  });
  expectOk(
    chain,
    [
      sudo('sudo_set_max_epochs_per_block', { max_epochs_per_block: NETUIDS.length }),
      ...NETUIDS.flatMap((netuid) => [
        sudo('sudo_set_max_registrations_per_block', { netuid, max_registrations_per_block: UIDS }),
        sudo('sudo_set_target_registrations_per_interval', {
          netuid,
          target_registrations_per_interval: UIDS,
        }),
        sudo('sudo_set_max_allowed_validators', { netuid, max_allowed_validators: VALIDATORS }),
      ]),
    ],
    'hyperparameters',
  );
  NETUIDS.forEach((netuid, s) => {
    // uid 0 is the owner's; fill the other 255 slots.
    const range = Array.from({ length: UIDS - 1 }, (_, i) => s * UIDS + i);
    expectOk(
      chain,
      range.map((k) => ({
        signer: coldkeys[k] as AccountId,
        call: chain.call('SubtensorModule', 'burned_register', { netuid, hotkey: hotkeys[k] }),
      })),
      `register on subnet ${netuid}`,
    );
    expectOk(
      chain,
      range.slice(0, VALIDATORS).map((k, v) => ({
        signer: coldkeys[k] as AccountId,
        call: chain.call('SubtensorModule', 'add_stake', {
          hotkey: hotkeys[k],
          netuid,
          amount_staked: BigInt(1000 + 10 * v) * TAO,
        }),
      })),
      `stake on subnet ${netuid}`,
    );
  });
  // One epoch hands out validator permits by stake; then the validators set weights.
  runUntilEpoch(chain);
  expectOk(
    chain,
    NETUIDS.flatMap((netuid, s) =>
      Array.from({ length: VALIDATORS }, (_, v) => s * UIDS + v).map((k, v) => ({
        signer: hotkeys[k] as AccountId,
        call: chain.call('SubtensorModule', 'set_weights', {
          netuid,
          dests: Array.from({ length: UIDS }, (_, uid) => uid),
          weights: Array.from({ length: UIDS }, (_, uid) => 1 + ((uid * 7919 + v * 104_729) % 65_535)),
          version_key: 0n,
        }),
      })),
    ),
    'set weights',
  );
  // Align the three subnets' schedules so one block carries all three epochs.
  expectOk(
    chain,
    NETUIDS.map((netuid) => sudo('sudo_set_tempo', { netuid, tempo: 10 })),
    'tempo',
  );
  return chain;
}

/** Blocks until every subnet of NETUIDS has run an epoch. */
function runUntilEpoch(chain: TestChain): void {
  const start = NETUIDS.map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));
  for (let guard = 0; guard < 1000; guard++) {
    chain.block();
    if (NETUIDS.every((netuid, i) => S.SubnetEpochIndex.get(chain.storage, netuid) > (start[i] as bigint)))
      return;
  }
  throw new Error('runtime bench: epochs never ran');
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
