/**
 * Populated test networks built the way a live chain gets populated: funded coldkeys register
 * hotkeys with burned_register, validators stake with add_stake, hyperparameters change through
 * Sudo(AdminUtils). Used by the scenario tests and the runtime benchmark.
 */
import { blake2b256, concatBytes, u32, utf8 } from '@tao-ts/primitives';
import { devSpec, TAO, type ChainSpec, type GenesisSubnet } from '../genesis.js';
import { S } from '../pallets/subtensor/storage.js';
import type { AccountId } from '../types/substrate.js';
import { TestChain, errorName, type TestExtrinsic } from './chain.js';

/** Deterministic 32-byte account ids: execution never checks signatures, so no keys are derived. */
export function testAccounts(tag: string, count: number, from = 0): AccountId[] {
  return Array.from({ length: count }, (_, i) => blake2b256(concatBytes(utf8(tag), u32.enc(from + i))));
}

export interface NetworkPlan {
  readonly netuids: readonly number[];
  /** Validators per subnet (uids 1..validators; uid 0 is the owner's). */
  readonly validators: number;
  /** Miners per subnet, after the validators. */
  readonly miners: number;
  readonly tempo: number;
  /** Alpha staked by validator v (0-based) of a subnet. */
  readonly validatorStake: (v: number) => bigint;
  /** Other genesis subnet settings applied to every subnet. */
  readonly subnet?: Partial<GenesisSubnet>;
  /** Extra funded accounts (nominators…), 10,000 TAO each. */
  readonly extraFunded?: readonly AccountId[];
}

export interface SubnetParticipants {
  readonly netuid: number;
  readonly validatorColdkeys: AccountId[];
  readonly validatorHotkeys: AccountId[];
  readonly minerColdkeys: AccountId[];
  readonly minerHotkeys: AccountId[];
}

export interface PopulatedNetwork {
  readonly chain: TestChain;
  readonly sudoKey: AccountId;
  readonly subnets: SubnetParticipants[];
  /** Sudo(AdminUtils.<name>(args)) from the sudo key. */
  readonly sudo: (name: string, args: object) => TestExtrinsic;
  /** SubtensorModule.<name>(args) signed by `signer`. */
  readonly tx: (signer: AccountId, name: string, args: object) => TestExtrinsic;
}

const FUNDS = 10_000n * TAO;

/** Run a block whose extrinsics must all succeed (setup, not the behaviour under test). */
export function blockOk(chain: TestChain, xts: readonly TestExtrinsic[], what: string): void {
  const outcome = chain.block(xts);
  outcome.results.forEach((result, i) => {
    const error = errorName(result);
    if (error !== undefined) throw new Error(`${what}: extrinsic ${i} failed with ${error}`);
  });
}

function specFor(plan: NetworkPlan, funded: readonly AccountId[]): ChainSpec {
  const base = devSpec();
  const template = base.genesis.subnets[0];
  if (template === undefined) throw new Error('the dev spec has no subnet to copy');
  return {
    ...base,
    genesis: {
      ...base.genesis,
      balances: [...base.genesis.balances, ...funded.map((a) => [a, FUNDS] as const)],
      subnets: plan.netuids.map((netuid) => ({
        ...template,
        powRegistration: false,
        ...plan.subnet,
        netuid,
        tempo: plan.tempo,
      })),
    },
  };
}

/** A dev chain whose subnets hold the planned validators (staked) and miners. */
export function populatedNetwork(plan: NetworkPlan): PopulatedNetwork {
  const perSubnet = plan.validators + plan.miners;
  const subnets: SubnetParticipants[] = plan.netuids.map((netuid, s) => {
    const coldkeys = testAccounts('coldkey', perSubnet, s * perSubnet);
    const hotkeys = testAccounts('hotkey', perSubnet, s * perSubnet);
    return {
      netuid,
      validatorColdkeys: coldkeys.slice(0, plan.validators),
      validatorHotkeys: hotkeys.slice(0, plan.validators),
      minerColdkeys: coldkeys.slice(plan.validators),
      minerHotkeys: hotkeys.slice(plan.validators),
    };
  });
  const funded = subnets.flatMap((s) => [...s.validatorColdkeys, ...s.minerColdkeys]);
  const spec = specFor(plan, [...funded, ...(plan.extraFunded ?? [])]);
  const chain = new TestChain(spec);
  const sudoKey = spec.genesis.sudo;
  if (sudoKey === undefined) throw new Error('the dev spec has no sudo key');
  const sudo = (name: string, args: object): TestExtrinsic => ({
    signer: sudoKey,
    call: chain.call('Sudo', 'sudo', { call: chain.call('AdminUtils', name, args) }),
  });
  const tx = (signer: AccountId, name: string, args: object): TestExtrinsic => ({
    signer,
    call: chain.call('SubtensorModule', name, args),
  });

  const capacity = Math.max(perSubnet, 1);
  blockOk(
    chain,
    [
      sudo('sudo_set_max_epochs_per_block', { max_epochs_per_block: plan.netuids.length }),
      ...plan.netuids.flatMap((netuid) => [
        sudo('sudo_set_max_registrations_per_block', { netuid, max_registrations_per_block: capacity }),
        sudo('sudo_set_target_registrations_per_interval', {
          netuid,
          target_registrations_per_interval: capacity,
        }),
      ]),
    ],
    'registration limits',
  );
  for (const subnet of subnets) {
    const { netuid } = subnet;
    const coldkeys = [...subnet.validatorColdkeys, ...subnet.minerColdkeys];
    const hotkeys = [...subnet.validatorHotkeys, ...subnet.minerHotkeys];
    blockOk(
      chain,
      coldkeys.map((coldkey, i) => tx(coldkey, 'burned_register', { netuid, hotkey: hotkeys[i] })),
      `registrations on subnet ${netuid}`,
    );
    blockOk(
      chain,
      subnet.validatorColdkeys.map((coldkey, v) =>
        tx(coldkey, 'add_stake', {
          hotkey: subnet.validatorHotkeys[v],
          netuid,
          amount_staked: plan.validatorStake(v),
        }),
      ),
      `validator stake on subnet ${netuid}`,
    );
  }
  return { chain, sudoKey, subnets, sudo, tx };
}

/** Run blocks until every listed subnet has completed one more epoch (bounded). */
export function runUntilEpochs(chain: TestChain, netuids: readonly number[], maxBlocks = 10_000): void {
  const start = netuids.map((netuid) => S.SubnetEpochIndex.get(chain.storage, netuid));
  for (let i = 0; i < maxBlocks; i++) {
    chain.block();
    if (netuids.every((netuid, k) => S.SubnetEpochIndex.get(chain.storage, netuid) > (start[k] as bigint)))
      return;
  }
  throw new Error(`no epoch on subnets ${netuids.join(', ')} within ${maxBlocks} blocks`);
}
