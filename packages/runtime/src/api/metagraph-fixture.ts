/**
 * A full subnet for the SubnetInfoRuntimeApi tests and measurements: 256 uids (the owner, 63
 * staked validators, 192 miners), weights set, some axons served, one validator with root stake,
 * and two epochs run so that every per-uid column holds real values.
 */
import { TAO } from '../genesis.js';
import { S } from '../pallets/subtensor/storage.js';
import type { TestChain } from '../testing/chain.js';
import { blockOk, populatedNetwork, runUntilEpochs, type SubnetParticipants } from '../testing/network.js';
import type { AccountId } from '../types/substrate.js';
import type { RuntimeApiContext } from './types.js';

export const NETUID = 1;
export const VALIDATORS = 63;
export const MINERS = 192;
/** Miners that announce an axon. */
export const SERVING_MINERS = 20;
export const ROOT_STAKE = 500n * TAO;

export interface FullSubnet {
  readonly chain: TestChain;
  readonly subnet: SubnetParticipants;
  readonly ctx: () => RuntimeApiContext;
}

let cached: FullSubnet | undefined;

export function axonIp(m: number): bigint {
  return (10n << 24n) | BigInt(m + 1);
}

/** Built once per test process: it takes a couple of seconds. */
export function fullSubnet(): FullSubnet {
  if (cached !== undefined) return cached;
  const network = populatedNetwork({
    netuids: [NETUID],
    validators: VALIDATORS,
    miners: MINERS,
    tempo: 10,
    validatorStake: (v) => BigInt(1_000 + 10 * v) * TAO,
  });
  const { chain, tx } = network;
  const subnet = network.subnets[0] as SubnetParticipants;
  runUntilEpochs(chain, [NETUID]);
  const minerUids = subnet.minerHotkeys.map((_, m) => 1 + VALIDATORS + m);
  blockOk(
    chain,
    [
      ...subnet.validatorHotkeys.map((hotkey, v) =>
        tx(hotkey, 'set_weights', {
          netuid: NETUID,
          dests: minerUids,
          weights: minerUids.map((_, m) => 100 + ((m * 13 + v * 7) % 1_000)),
          version_key: 0n,
        }),
      ),
      ...subnet.minerHotkeys.slice(0, SERVING_MINERS).map((hotkey, m) =>
        tx(hotkey, 'serve_axon', {
          netuid: NETUID,
          version: 7 + m,
          ip: axonIp(m),
          port: 8_000 + m,
          ip_type: 4,
          protocol: 4,
          placeholder1: 0,
          placeholder2: 0,
        }),
      ),
      tx(subnet.validatorColdkeys[0] as AccountId, 'add_stake', {
        hotkey: subnet.validatorHotkeys[0],
        netuid: 0,
        amount_staked: ROOT_STAKE,
      }),
    ],
    'weights, axons and root stake',
  );
  runUntilEpochs(chain, [NETUID]);
  runUntilEpochs(chain, [NETUID]);
  if (S.SubnetworkN.get(chain.storage, NETUID) !== 1 + VALIDATORS + MINERS) {
    throw new Error('the fixture subnet does not hold 256 uids');
  }
  const ctx = (): RuntimeApiContext => ({
    storage: chain.storage,
    tao: chain.tao,
    blockNumber: chain.number,
    genesisHash: new Uint8Array(32),
  });
  cached = { chain, subnet, ctx };
  return cached;
}
