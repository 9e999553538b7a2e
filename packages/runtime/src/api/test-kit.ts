/**
 * Test support for the runtime API tests: a small populated network that has run epochs with
 * weights set and an axon served, and helpers to call APIs over its state.
 */
import { TAO } from '../genesis.js';
import type { TestChain } from '../testing/chain.js';
import { blockOk, populatedNetwork, runUntilEpochs, type PopulatedNetwork } from '../testing/network.js';
import type { AccountId } from '../types/substrate.js';
import type { Type } from '../types/type.js';
import { AuraApi } from './aura.js';
import { callRuntimeApi } from './call.js';
import { DelegateInfoRuntimeApi } from './delegate-info.js';
import { NeuronInfoRuntimeApi } from './neuron-info.js';
import { StakeInfoRuntimeApi } from './stake-info.js';
import { SubnetRegistrationRuntimeApi } from './subnet-registration.js';
import type { RuntimeApiContext, RuntimeApiDecl } from './types.js';

export const TEST_APIS: readonly RuntimeApiDecl[] = [
  NeuronInfoRuntimeApi,
  DelegateInfoRuntimeApi,
  StakeInfoRuntimeApi,
  SubnetRegistrationRuntimeApi,
  AuraApi,
];

export function contextOf(chain: TestChain): RuntimeApiContext {
  return {
    storage: chain.storage,
    tao: chain.tao,
    blockNumber: chain.number,
    genesisHash: new Uint8Array(32),
  };
}

/** state_call over the chain's current state with the test APIs. */
export function stateCall(chain: TestChain, name: string, input: Uint8Array = new Uint8Array()): Uint8Array {
  return callRuntimeApi(TEST_APIS, contextOf(chain), name, input);
}

/** state_call, then decode the output with `type` (exactly: no bytes left over). */
export function stateCallDecoded<T>(chain: TestChain, name: string, type: Type<T>, input?: Uint8Array): T {
  const out = stateCall(chain, name, input);
  const value = type.codec.dec(out);
  const again = type.codec.enc(value);
  if (Buffer.compare(Buffer.from(again), Buffer.from(out)) !== 0)
    throw new Error(`${name}: output does not round-trip through ${type.name}`);
  return value;
}

export const NETUIDS = [1, 2] as const;
export const VALIDATORS = 2;
export const MINERS = 3;
export const validatorStake = (v: number): bigint => BigInt(100 + 50 * v) * TAO;

export interface ApiNetwork extends PopulatedNetwork {
  /** Validator 0 of subnet 1 lowered its take and so is listed in Delegates. */
  readonly delegate: AccountId;
  readonly delegateTake: number;
  /** A coldkey staking to the delegate on subnets 1 and 2 without owning it. */
  readonly nominator: AccountId;
  readonly nomination: bigint;
}

/**
 * Two subnets (tempo 10) of 2 validators and 3 miners; validators set weights on every miner,
 * miner 0 of subnet 1 serves an axon, and each subnet has run epochs since.
 */
export function apiNetwork(): ApiNetwork {
  const network = populatedNetwork({
    netuids: NETUIDS,
    validators: VALIDATORS,
    miners: MINERS,
    tempo: 10,
    validatorStake,
    extraFunded: [],
  });
  const { chain, subnets, tx } = network;
  const [first, second] = subnets;
  if (first === undefined || second === undefined) throw new Error('expected two subnets');
  const delegate = first.validatorHotkeys[0] as AccountId;
  const delegateColdkey = first.validatorColdkeys[0] as AccountId;
  const nominator = second.validatorColdkeys[1] as AccountId;
  const nomination = 40n * TAO;
  const delegateTake = 5_000;
  blockOk(
    chain,
    [
      tx(delegateColdkey, 'decrease_take', { hotkey: delegate, take: delegateTake }),
      tx(nominator, 'add_stake', { hotkey: delegate, netuid: 1, amount_staked: nomination }),
      tx(nominator, 'add_stake', { hotkey: delegate, netuid: 2, amount_staked: nomination }),
      tx(first.minerHotkeys[0] as AccountId, 'serve_axon', {
        netuid: 1,
        version: 7,
        ip: 0xc0a8_0001n,
        port: 8091,
        ip_type: 4,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
      }),
    ],
    'delegation and serving',
  );
  // Permits come with the first epoch; weights after that; the next epochs pay by them.
  runUntilEpochs(chain, NETUIDS);
  blockOk(
    chain,
    subnets.flatMap(({ netuid, validatorHotkeys }) =>
      validatorHotkeys.map((hotkey) =>
        tx(hotkey, 'set_weights', {
          netuid,
          dests: [3, 4, 5],
          weights: [1_000, 2_000, 3_000],
          version_key: 0n,
        }),
      ),
    ),
    'weights',
  );
  runUntilEpochs(chain, NETUIDS);
  runUntilEpochs(chain, NETUIDS);
  return { ...network, delegate, delegateTake, nominator, nomination };
}
