/** SubtensorModule: block emission, coinbase and epochs (being implemented). */
import type { Context } from '../../frame/pallet.js';

export function runCoinbase(_ctx: Context): void {}
