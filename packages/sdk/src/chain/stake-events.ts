/** Staking outcomes read from a submit's own events, not from a later query that emissions may have moved. */
import type { SubmitResult } from './submit.js';

/** StakeRemoved(coldkey, hotkey, tao, alpha, netuid, fee): where each amount sits. */
const TAO_FIELD = 2;
const ALPHA_FIELD = 3;

function stakeRemovedTotal(result: SubmitResult, field: number): bigint {
  let total = 0n;
  for (const event of result.events) {
    if (event.section !== 'subtensorModule' || event.method !== 'StakeRemoved') continue;
    total += BigInt(event.data[field] as bigint | number | string);
  }
  return total;
}

/** The α (rao) the extrinsic unstaked, summed over its StakeRemoved events. */
export const unstakedAlpha = (result: SubmitResult): bigint => stakeRemovedTotal(result, ALPHA_FIELD);

/** The TAO (rao) the extrinsic paid back to the coldkey, summed over its StakeRemoved events. */
export const unstakedTao = (result: SubmitResult): bigint => stakeRemovedTotal(result, TAO_FIELD);
