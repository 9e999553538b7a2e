/**
 * Delegate take (staking/decrease_take.rs, increase_take.rs): the share of a hotkey's dividends
 * its owner keeps. Lowering the take is immediate; raising it is rate limited (about 30 days on
 * mainnet) so nominators can leave before a higher take applies.
 */
import { ensureSigned } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { ReadableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { u16 } from '../../types/type.js';
import { emit, ensure } from './module.js';
import { coldkeyOwnsHotkey, hotkeyAccountExists } from './neurons.js';
import { S } from './storage.js';

/** do_take_checks: the hotkey exists and the caller is its owner. */
function takeChecks(storage: ReadableStorage, coldkey: AccountId, hotkey: AccountId): void {
  ensure(hotkeyAccountExists(storage, hotkey), 'HotKeyAccountNotExists');
  ensure(coldkeyOwnsHotkey(storage, coldkey, hotkey), 'NonAssociatedColdKey');
}

/**
 * subtensor's CheckDelegateTake guard, run before the call: the take is inside
 * [MinDelegateTake, MaxDelegateTake] and the caller owns the hotkey. (On chain a failure here
 * rejects the transaction from the pool; this runtime reports it as the call's error.)
 */
export function checkDelegateTake(
  storage: ReadableStorage,
  coldkey: AccountId,
  hotkey: AccountId,
  take: number,
): void {
  ensure(take >= S.MinDelegateTake.get(storage), 'DelegateTakeTooLow');
  ensure(take <= S.MaxDelegateTake.get(storage), 'DelegateTakeTooHigh');
  takeChecks(storage, coldkey, hotkey);
}

export function doDecreaseTake(ctx: Context, coldkey: AccountId, hotkey: AccountId, take: number): void {
  const { storage } = ctx;
  takeChecks(storage, coldkey, hotkey);
  // Only an explicitly stored take must strictly fall; the default is no constraint.
  const current = S.Delegates.tryGet(storage, hotkey);
  if (current !== undefined) ensure(take < current, 'DelegateTakeTooLow');
  ensure(take >= S.MinDelegateTake.get(storage), 'DelegateTakeTooLow');
  S.Delegates.set(storage, take, hotkey);
  S.LastTxBlockDelegateTake.set(storage, ctx.blockNumber, hotkey);
  emit(ctx, 'TakeDecreased', [coldkey, hotkey, take]);
}

/** Whether a take increase now would come too soon after the last take change. */
function exceedsTakeRateLimit(storage: ReadableStorage, last: bigint, now: bigint): boolean {
  const limit = S.TxDelegateTakeRateLimit.get(storage);
  if (limit === 0n || last === 0n) return false;
  const elapsed = now > last ? now - last : 0n;
  return elapsed <= limit;
}

export function doIncreaseTake(ctx: Context, coldkey: AccountId, hotkey: AccountId, take: number): void {
  const { storage } = ctx;
  takeChecks(storage, coldkey, hotkey);
  const current = S.Delegates.tryGet(storage, hotkey);
  if (current !== undefined) ensure(take > current, 'DelegateTakeTooLow');
  ensure(take <= S.MaxDelegateTake.get(storage), 'DelegateTakeTooHigh');
  const last = S.LastTxBlockDelegateTake.get(storage, hotkey);
  ensure(!exceedsTakeRateLimit(storage, last, ctx.blockNumber), 'DelegateTxRateLimitExceeded');
  S.LastTxBlockDelegateTake.set(storage, ctx.blockNumber, hotkey);
  S.Delegates.set(storage, take, hotkey);
  emit(ctx, 'TakeIncreased', [coldkey, hotkey, take]);
}

interface TakeArgs {
  hotkey: AccountId;
  take: number;
}

const takeArgs = [
  ['hotkey', AccountId32, 'T::AccountId'],
  ['take', u16, 'u16'],
] as const;

export const delegateCalls: AnyCallDef[] = [
  call<TakeArgs>({
    name: 'decrease_take',
    index: 65,
    args: takeArgs,
    docs: ['Lower the take of a hotkey the caller (its coldkey) owns; effective immediately.'],
    weight: () => 29_895_000n,
    pays: 'No',
    dispatch: (ctx, origin, { hotkey, take }) => {
      const coldkey = ensureSigned(origin);
      checkDelegateTake(ctx.storage, coldkey, hotkey, take);
      doDecreaseTake(ctx, coldkey, hotkey, take);
    },
  }),
  call<TakeArgs>({
    name: 'increase_take',
    index: 66,
    args: takeArgs,
    docs: ['Raise the take of a hotkey the caller owns, at most once per TxDelegateTakeRateLimit blocks.'],
    weight: () => 37_710_000n,
    pays: 'No',
    dispatch: (ctx, origin, { hotkey, take }) => {
      const coldkey = ensureSigned(origin);
      checkDelegateTake(ctx.storage, coldkey, hotkey, take);
      doIncreaseTake(ctx, coldkey, hotkey, take);
    },
  }),
];
