/** SubtensorModule: weights (being implemented). */
import type { AnyCallDef } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';

export const weightsCalls: AnyCallDef[] = [];

/** Storage items declared by this module (besides storage.ts). */
export const weightsStorage: { meta: StorageItemMeta }[] = [];
