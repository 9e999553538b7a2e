/** pallet_aura's storage: the authority set and the current slot (the node authors by slot). */
import { Pallet } from '../frame/pallet.js';
import { storageValue } from '../storage/items.js';
import { fixedBytes, newtype, u64, vec } from '../types/type.js';

const P = 'Aura';

export const AuraPublic = newtype(['sp_consensus_aura', 'sr25519', 'app_sr25519', 'Public'], fixedBytes(32));

export const AuraStorage = {
  Authorities: storageValue(P, 'Authorities', vec(AuraPublic), {
    default: [],
    docs: ['The current authority set.'],
  }),
  CurrentSlot: storageValue(P, 'CurrentSlot', newtype(['sp_consensus_slots', 'Slot'], u64), {
    default: 0n,
    docs: ['The current slot of this block.'],
  }),
};

export const aura = new Pallet({ name: P, index: 3, storage: Object.values(AuraStorage) });

/** Who authors a slot: authorities[slot mod count], as Aura does. */
export function slotAuthor(authorities: readonly Uint8Array[], slot: bigint): Uint8Array | undefined {
  if (authorities.length === 0) return undefined;
  return authorities[Number(slot % BigInt(authorities.length))];
}
