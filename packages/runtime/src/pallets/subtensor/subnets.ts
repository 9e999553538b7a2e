/** SubtensorModule: subnets (being implemented further). */
import type { AnyCallDef } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';
import type { WritableStorage } from '../../storage/kv.js';
import { S } from './storage.js';

/** DefaultNeuronBurnCost: the burn a new subnet starts at (1 TAO). */
export const NEW_SUBNET_BURN = 1_000_000_000n;

/**
 * init_new_network: an empty subnet with subtensor's explicit defaults for new subnets (which
 * differ from the storage defaults: Yuma3 on, 64 validators, 1 minimum weight, 5000 immunity).
 */
export function initNewNetwork(storage: WritableStorage, netuid: number, tempo: number, now: bigint): void {
  S.SubnetworkN.set(storage, 0, netuid);
  S.NetworksAdded.set(storage, true, netuid);
  S.Tempo.set(storage, tempo, netuid);
  const period = BigInt(Math.max(tempo, 1));
  const stagger = BigInt(netuid) % period;
  S.LastEpochBlock.set(storage, now > stagger ? now - stagger : 0n, netuid);
  S.TotalNetworks.update(storage, [], (n) => Math.min(n + 1, 0xffff));
  S.NetworkRegistrationAllowed.set(storage, true, netuid);
  S.MaxAllowedUids.set(storage, 256, netuid);
  S.MaxAllowedValidators.set(storage, 64, netuid);
  S.MinAllowedWeights.set(storage, 1, netuid);
  S.ImmunityPeriod.set(storage, 5000, netuid);
  S.Yuma3On.set(storage, true, netuid);
  S.Burn.set(storage, NEW_SUBNET_BURN, netuid);
  S.SubnetEmissionEnabled.set(storage, true, netuid);
  for (const item of [S.Kappa, S.ActivityCutoff, S.RegistrationsThisInterval] as const) {
    if (!item.exists(storage, netuid)) item.set(storage, item.get(storage, netuid), netuid);
  }
}

export const subnetsCalls: AnyCallDef[] = [];

/** Storage items declared by this module (besides storage.ts). */
export const subnetsStorage: { meta: StorageItemMeta }[] = [];
