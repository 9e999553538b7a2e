/**
 * What SubtensorModule's parts share: the pallet's identity, its named errors and event
 * emission. Kept apart from pallet.ts (which assembles the calls) so call modules can import it
 * without an import cycle.
 */
import { DispatchError } from '../../frame/dispatch.js';
import type { Context, PalletInfo } from '../../frame/pallet.js';
import { SUBTENSOR_ERRORS, type SubtensorErrorName } from './errors.js';

export const SUBTENSOR: PalletInfo = { name: 'SubtensorModule', index: 7 };

const errorIndex = new Map<string, number>(SUBTENSOR_ERRORS.map((e, i) => [e.name, i]));

/** The DispatchError for a subtensor error, e.g. fail('NotEnoughBalanceToStake'). */
export function fail(name: SubtensorErrorName): DispatchError {
  const index = errorIndex.get(name) as number;
  return new DispatchError(
    { tag: 'Module', value: { index: SUBTENSOR.index, error: Uint8Array.of(index, 0, 0, 0) } },
    `${SUBTENSOR.name}.${name}`,
    SUBTENSOR_ERRORS[index]?.docs,
  );
}

/** Throw `fail(name)` unless the condition holds (subtensor's ensure!). */
export function ensure(condition: boolean, name: SubtensorErrorName): void {
  if (!condition) throw fail(name);
}

/** Deposit a SubtensorModule event (see events.ts for each variant's value shape). */
export function emit(ctx: Context, name: string, value?: unknown): void {
  ctx.deposit(SUBTENSOR, { tag: name, value });
}

/** GLOBAL_MAX_SUBNET_COUNT: mechanism storage indices are mecid × 4096 + netuid. */
export const MAX_SUBNETS = 4096;

/**
 * get_mechanism_storage_index with u16 saturation: an out-of-range mechanism id maps to 65535
 * (which no subnet uses) rather than wrapping onto another subnet's index.
 */
export function storageIndex(netuid: number, mecid = 0): number {
  return Math.min(Math.min(mecid * MAX_SUBNETS, 0xffff) + netuid, 0xffff);
}

export const ROOT_NETUID = 0;
export const U64_MAX = 0xffff_ffff_ffff_ffffn;

export function sameAccount(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
