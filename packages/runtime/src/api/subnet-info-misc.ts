/**
 * SubnetInfoRuntimeApi's small answers: the subnet a registration would recycle, a subnet's
 * account, its next epoch block and a coldkey's auto-stake destination.
 */
import { concatBytes, u16 as u16Codec, utf8 } from '@tao-ts/primitives';
import { blocksUntilNextAutoEpoch } from '@tao-ts/yuma';
import { ROOT_NETUID } from '../pallets/subtensor/module.js';
import { S } from '../pallets/subtensor/storage.js';
import { networkToPrune } from '../pallets/subtensor/subnets.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { AccountId } from '../types/substrate.js';

/** frame_support's sub-account prefix and subtensor's SubtensorPalletId. */
const MODULE_PREFIX = utf8('modl');
const SUBTENSOR_PALLET_ID = utf8('subtensr');

/**
 * PalletId::into_sub_account_truncating(netuid): "modl" ‖ pallet id ‖ SCALE(u16 netuid), zero
 * padded to 32 bytes.
 */
export function subnetAccountId(netuid: number): AccountId {
  const account = new Uint8Array(32);
  account.set(concatBytes(MODULE_PREFIX, SUBTENSOR_PALLET_ID, u16Codec.enc(netuid)));
  return account;
}

/** get_subnet_account_id: for root and for any netuid NetworksAdded has an entry for. */
export function getSubnetAccountId(storage: ReadableStorage, netuid: number): AccountId | undefined {
  if (netuid !== ROOT_NETUID && !S.NetworksAdded.exists(storage, netuid)) return undefined;
  return subnetAccountId(netuid);
}

/**
 * get_next_epoch_start_block: LastEpochBlock + tempo (saturating), or an earlier owner-triggered
 * PendingEpochAt; none when tempo is 0. Like subtensor it does not check that the subnet exists
 * (a missing one reads the storage defaults) and ignores per-block deferral.
 */
export function getNextEpochStartBlock(storage: ReadableStorage, netuid: number): bigint | undefined {
  const tempo = S.Tempo.get(storage, netuid);
  if (tempo === 0) return undefined;
  // Counted from block 0, the blocks until the next automatic epoch are that epoch's block.
  const auto = blocksUntilNextAutoEpoch(tempo, 0n, S.LastEpochBlock.get(storage, netuid));
  const pending = S.PendingEpochAt.get(storage, netuid);
  return pending > 0n && pending < auto ? pending : auto;
}

/** get_subnet_to_prune: what register_network would recycle at the subnet limit now. */
export function getSubnetToPrune(storage: ReadableStorage, block: bigint): number | undefined {
  return networkToPrune(storage, block);
}

/**
 * get_coldkey_auto_stake_hotkey reads AutoStakeDestination, which only
 * set_coldkey_auto_stake_hotkey writes. That call is not implemented here, so no coldkey has a
 * destination and the answer is None, as on subtensor for a coldkey that never set one.
 */
export function getColdkeyAutoStakeHotkey(): AccountId | undefined {
  return undefined;
}
