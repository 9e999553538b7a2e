/** SubtensorModule: registration (being implemented). */
import type { AnyCallDef, Context } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';

export const registrationCalls: AnyCallDef[] = [];

/** Storage items declared by this module (besides storage.ts). */
export const registrationStorage: { meta: StorageItemMeta }[] = [];

/** on_initialize step 1: registration burn decay (and legacy difficulty adjustment). */
export function updateRegistrationPrices(_ctx: Context): void {}
