/**
 * Test setup for the weights and staking tests: neurons written straight into storage (as
 * subtensor's append_neuron does) so these tests do not depend on registration, a Context for
 * calling the pallet's internals directly, and epoch advancement that works whether or not the
 * coinbase runs epochs on its own.
 */
import { devAccount, devSpec } from '../../genesis.js';
import type { Context, PalletInfo } from '../../frame/pallet.js';
import type { EventRecord } from '../../frame/runtime.js';
import type { WritableStorage } from '../../storage/kv.js';
import { TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import type { EnumValue } from '../../types/type.js';
import { setLastUpdateForUid } from './neurons.js';
import { mechanismIndex } from './set-weights.js';
import { S } from './storage.js';

export const ALICE = devAccount('Alice');
export const BOB = devAccount('Bob');
export const CHARLIE = devAccount('Charlie');
export const DAVE = devAccount('Dave');

/** Deriving the dev keys is slow (PBKDF2); one spec serves every test chain. */
const DEV_SPEC = devSpec();

export function newChain(): TestChain {
  return new TestChain(DEV_SPEC);
}

/** A deterministic 32-byte key (hotkeys need no balance: weight calls are free). */
export function key(n: number): AccountId {
  const bytes = new Uint8Array(32);
  bytes[0] = 0xee;
  bytes[1] = n & 0xff;
  bytes[2] = (n >> 8) & 0xff;
  return bytes;
}

export interface TestSubnet {
  /** 0 (the default here): no automatic epochs; tests move epochs with advanceEpoch. */
  readonly tempo?: number;
  readonly commitReveal?: boolean;
  readonly owner?: AccountId;
  readonly ownerHotkey?: AccountId;
}

/**
 * A subnet with the fields weights and staking read, without emission (no start_call), so the
 * coinbase never pays stake into it behind a test's back. Weight rate limit 0, min weights 1.
 */
export function addSubnet(storage: WritableStorage, netuid: number, options: TestSubnet = {}): void {
  S.NetworksAdded.set(storage, true, netuid);
  S.SubnetworkN.set(storage, 0, netuid);
  S.Tempo.set(storage, options.tempo ?? 0, netuid);
  S.SubtokenEnabled.set(storage, true, netuid);
  S.CommitRevealWeightsEnabled.set(storage, options.commitReveal ?? false, netuid);
  S.WeightsSetRateLimit.set(storage, 0n, netuid);
  S.MinAllowedWeights.set(storage, 1, netuid);
  S.MaxAllowedUids.set(storage, 256, netuid);
  if (options.owner) S.SubnetOwner.set(storage, options.owner, netuid);
  if (options.ownerHotkey) S.SubnetOwnerHotkey.set(storage, options.ownerHotkey, netuid);
}

/** append_neuron plus create_account_if_non_existent (Owner, OwnedHotkeys, StakingHotkeys). Returns the uid. */
export function registerNeuron(
  storage: WritableStorage,
  netuid: number,
  hotkey: AccountId,
  coldkey: AccountId,
  block = 0n,
): number {
  const uid = S.SubnetworkN.get(storage, netuid);
  S.SubnetworkN.set(storage, uid + 1, netuid);
  S.Active.update(storage, [netuid], (v) => [...v, true]);
  S.Emission.update(storage, [netuid], (v) => [...v, 0n]);
  S.Consensus.update(storage, [netuid], (v) => [...v, 0]);
  S.Dividends.update(storage, [netuid], (v) => [...v, 0]);
  S.ValidatorTrust.update(storage, [netuid], (v) => [...v, 0]);
  S.ValidatorPermit.update(storage, [netuid], (v) => [...v, false]);
  for (let mecid = 0; mecid < S.MechanismCountCurrent.get(storage, netuid); mecid++) {
    const index = mechanismIndex(netuid, mecid);
    S.Incentive.update(storage, [index], (v) => [...v, 0]);
    setLastUpdateForUid(storage, index, uid, block);
  }
  S.Keys.set(storage, hotkey, netuid, uid);
  S.Uids.set(storage, uid, netuid, hotkey);
  S.BlockAtRegistration.set(storage, block, netuid, uid);
  S.IsNetworkMember.set(storage, true, hotkey, netuid);
  if (!S.Owner.exists(storage, hotkey)) {
    S.Owner.set(storage, coldkey, hotkey);
    S.OwnedHotkeys.update(storage, [coldkey], (v) => [...v, hotkey]);
    S.StakingHotkeys.update(storage, [coldkey], (v) => [...v, hotkey]);
  }
  return uid;
}

export function setPermit(storage: WritableStorage, netuid: number, uid: number, permit = true): void {
  S.ValidatorPermit.update(storage, [netuid], (v) => v.map((p, i) => (i === uid ? permit : p)));
}

/** A context over the chain's committed state, at its current block number. */
export function contextFor(chain: TestChain, events: EventRecord[] = []): Context {
  const ctx: Context = {
    storage: chain.storage,
    blockNumber: chain.number,
    parentHash: chain.parentHash,
    author: undefined,
    deposit: (pallet: PalletInfo, event: EnumValue) =>
      events.push({
        phase: { tag: 'Initialization', value: undefined },
        event: { tag: pallet.name, value: event },
        topics: [],
      }),
    dispatch: () => {
      throw new Error('nested dispatch is not available in contextFor');
    },
  };
  return ctx;
}

/**
 * Move the subnet into its next epoch as the coinbase does when an epoch fires: if blocks alone
 * (up to a tempo) did not advance SubnetEpochIndex, consume the slot by hand.
 */
export function advanceEpoch(chain: TestChain, netuid: number): void {
  const start = S.SubnetEpochIndex.get(chain.storage, netuid);
  const tempo = S.Tempo.get(chain.storage, netuid);
  for (let i = 0; i < tempo && S.SubnetEpochIndex.get(chain.storage, netuid) === start; i++) chain.block();
  if (S.SubnetEpochIndex.get(chain.storage, netuid) === start) {
    S.SubnetEpochIndex.set(chain.storage, start + 1n, netuid);
    S.LastEpochBlock.set(chain.storage, chain.number, netuid);
    S.BlocksSinceLastStep.set(chain.storage, 0n, netuid);
  }
}
