/**
 * Staking (staking/add_stake.rs, remove_stake.rs, stake_utils.rs): a coldkey stakes TAO to a
 * hotkey on a subnet and holds alpha in the hotkey's share pool for that subnet. Dividends paid
 * into the pool (without new shares) raise every nominator's alpha pro rata.
 *
 * TAO and alpha swap 1:1 here, with no fee (subtensor's stable-mechanism path); the dynamic pools
 * come later. Staked TAO leaves the balances ledger (Balances.TotalIssuance falls) and sits in
 * the subnet (SubnetTAO, TotalStake), so SubtensorModule.TotalIssuance is unchanged.
 */
import { I64F64, U96F32 } from '@tao-ts/primitives';
import { DispatchError, ensureSigned, tokenError } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import { storageDoubleMap, type StorageItemMeta } from '../../storage/items.js';
import { Overlay, type ReadableStorage, type WritableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { option, u64 } from '../../types/type.js';
import { EXISTENTIAL_DEPOSIT, burnFrom, freeBalance, mint } from '../balances.js';
import { delegateCalls } from './delegates.js';
import { coldkeyOwnsHotkey, hotkeyAccountExists } from './neurons.js';
import { ROOT_NETUID, U64_MAX, emit, ensure, fail, sameAccount } from './module.js';
import { SharePool, asI64, type SharePoolStore } from './share-pool.js';
import { S } from './storage.js';
import { AlphaBalance, NetUid, TaoBalance } from './types.js';

/** DefaultMinStake (InitialMinStake): 0.002 TAO. */
export const DEFAULT_MIN_STAKE = 2_000_000n;

/** Last block at which a coldkey added or removed stake on a hotkey (OptionQuery). */
export const LastColdkeyHotkeyStakeBlock = storageDoubleMap(
  'SubtensorModule',
  'LastColdkeyHotkeyStakeBlock',
  { hasher: 'Twox64Concat', type: AccountId32 },
  { hasher: 'Twox64Concat', type: AccountId32 },
  u64,
  { docs: ['The last block at which a coldkey added or removed stake on a hotkey.'] },
);

// ---- the alpha share pool of a (hotkey, subnet) -------------------------------------------------

type PoolReads = Pick<SharePoolStore<AccountId>, 'sharedValue' | 'share' | 'denominator'>;

function poolReads(storage: ReadableStorage, hotkey: AccountId, netuid: number): PoolReads {
  return {
    sharedValue: () => S.TotalHotkeyAlpha.get(storage, hotkey, netuid),
    share: (coldkey) => S.Alpha.tryGet(storage, hotkey, coldkey, netuid),
    denominator: () => S.TotalHotkeyShares.get(storage, hotkey, netuid),
  };
}

/** The pool over storage; zero values are removed, as subtensor's pool data operations do. */
function alphaPool(storage: WritableStorage, hotkey: AccountId, netuid: number): SharePool<AccountId> {
  return new SharePool<AccountId>({
    ...poolReads(storage, hotkey, netuid),
    setSharedValue: (value) =>
      value === 0n
        ? S.TotalHotkeyAlpha.remove(storage, hotkey, netuid)
        : S.TotalHotkeyAlpha.set(storage, value, hotkey, netuid),
    setShare: (coldkey, share) =>
      share === 0n
        ? S.Alpha.remove(storage, hotkey, coldkey, netuid)
        : S.Alpha.set(storage, share, hotkey, coldkey, netuid),
    setDenominator: (value) =>
      value === 0n
        ? S.TotalHotkeyShares.remove(storage, hotkey, netuid)
        : S.TotalHotkeyShares.set(storage, value, hotkey, netuid),
  });
}

function readOnly(): never {
  throw new Error('the alpha pool was opened for reading');
}

function readPool(storage: ReadableStorage, hotkey: AccountId, netuid: number): SharePool<AccountId> {
  return new SharePool<AccountId>({
    ...poolReads(storage, hotkey, netuid),
    setSharedValue: readOnly,
    setShare: readOnly,
    setDenominator: readOnly,
  });
}

/** Alpha a coldkey holds through a hotkey on a subnet (its shares' value, floored). */
export function alphaStake(
  storage: ReadableStorage,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
): bigint {
  return readPool(storage, hotkey, netuid).tryValue(coldkey) ?? 0n;
}

/** All alpha staked to a hotkey on a subnet (TotalHotkeyAlpha). */
export function totalHotkeyAlpha(storage: ReadableStorage, hotkey: AccountId, netuid: number): bigint {
  return S.TotalHotkeyAlpha.get(storage, hotkey, netuid);
}

/**
 * The hotkey's own alpha on the subnet as Yuma weighs it (get_inherited_for_hotkey_on_subnet
 * without childkeys, which this runtime does not have yet). For the root network it is the
 * hotkey's root TAO. Callers combine alpha and root stake with TaoWeight themselves.
 */
export function stakeWeightOf(storage: ReadableStorage, hotkey: AccountId, netuid: number): bigint {
  return totalHotkeyAlpha(storage, hotkey, netuid);
}

/**
 * get_stake_weights_for_hotkey_on_subnet's total: alpha + TaoWeight × root stake (I64F64 bits).
 * This is the stake StakeThreshold gates weight setting with.
 */
export function totalStakeWeight(storage: ReadableStorage, hotkey: AccountId, netuid: number): bigint {
  const taoWeight = U96F32.safeDiv(U96F32.fromInt(S.TaoWeight.get(storage)), U96F32.fromInt(U64_MAX));
  const alpha = I64F64.saturatingFromInt(stakeWeightOf(storage, hotkey, netuid));
  const tao = I64F64.saturatingFromInt(stakeWeightOf(storage, hotkey, ROOT_NETUID));
  return I64F64.saturatingAdd(
    alpha,
    I64F64.saturatingMul(tao, I64F64.saturatingFromFixed(U96F32, taoWeight)),
  );
}

function rememberStakingHotkey(storage: WritableStorage, coldkey: AccountId, hotkey: AccountId): void {
  const hotkeys = S.StakingHotkeys.get(storage, coldkey);
  if (hotkeys.some((h) => sameAccount(h, hotkey))) return;
  S.StakingHotkeys.set(storage, [...hotkeys, hotkey], coldkey);
}

/**
 * Mint shares worth `alpha` for (hotkey, coldkey): how stake, incentive and the owner's take are
 * credited. Returns the alpha actually credited.
 */
export function increaseStakeForHotkeyAndColdkeyOnSubnet(
  storage: WritableStorage,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
): bigint {
  if (alpha !== 0n) rememberStakingHotkey(storage, coldkey, hotkey);
  const actual = alphaPool(storage, hotkey, netuid).updateValueForOne(coldkey, asI64(alpha));
  return actual > 0n ? actual : 0n;
}

/**
 * Burn shares worth `alpha` from (hotkey, coldkey), if it holds that much. Returns the alpha
 * actually removed: everything it held when the remainder would have been dust, 0 when it holds
 * less than asked.
 */
export function decreaseStakeForHotkeyAndColdkeyOnSubnet(
  storage: WritableStorage,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
): bigint {
  const pool = alphaPool(storage, hotkey, netuid);
  const held = pool.tryValue(coldkey);
  if (held === undefined || held < alpha) return 0n;
  const actual = pool.updateValueForOne(coldkey, -asI64(alpha));
  return actual < 0n ? -actual : 0n;
}

/** Add alpha to a hotkey's pool without minting shares: dividends reach nominators pro rata. */
export function increaseStakeForHotkeyOnSubnet(
  storage: WritableStorage,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
): void {
  alphaPool(storage, hotkey, netuid).updateValueForAll(asI64(alpha));
}

export function decreaseStakeForHotkeyOnSubnet(
  storage: WritableStorage,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
): void {
  alphaPool(storage, hotkey, netuid).updateValueForAll(-asI64(alpha));
}

/** Whether buying `alpha` would move any shares (a pool too coarse to credit it refuses). */
function poolCanCredit(storage: ReadableStorage, hotkey: AccountId, netuid: number, alpha: bigint): boolean {
  return readPool(storage, hotkey, netuid).simUpdateValueForOne(asI64(alpha));
}

// ---- add_stake / remove_stake -------------------------------------------------------------------

const saturatingSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);

/** The TAO an account can give up while staying alive (reducible balance, Preserve). */
function keepAliveBalance(storage: ReadableStorage, who: AccountId): bigint {
  return saturatingSub(freeBalance(storage, who), EXISTENTIAL_DEPOSIT);
}

/** validate_add_stake, with the 1:1 swap (no fee, any positive amount swaps). */
function validateAddStake(
  storage: ReadableStorage,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
): void {
  ensure(S.NetworksAdded.get(storage, netuid), 'SubnetNotExists');
  ensure(S.SubtokenEnabled.get(storage, netuid), 'SubtokenDisabled');
  ensure(amount >= DEFAULT_MIN_STAKE, 'AmountTooLow');
  // The whole free balance counts here; the transfer itself then keeps the existential deposit.
  ensure(amount <= freeBalance(storage, coldkey), 'NotEnoughBalanceToStake');
  ensure(hotkeyAccountExists(storage, hotkey), 'HotKeyAccountNotExists');
  ensure(poolCanCredit(storage, hotkey, netuid, amount), 'InsufficientLiquidity');
}

/** stake_into_subnet: move the TAO into the subnet and credit the alpha. Returns the alpha. */
export function stakeIntoSubnet(
  ctx: Context,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  amount: bigint,
): bigint {
  const { storage } = ctx;
  // Staking never reaps the coldkey: at most its balance above the existential deposit moves.
  const tao = amount < keepAliveBalance(storage, coldkey) ? amount : keepAliveBalance(storage, coldkey);
  ensure(tao !== 0n, 'InsufficientBalance');
  burnFrom(ctx, coldkey, tao, fail('InsufficientBalance'), 'Preserve');
  const alpha = tao;
  S.SubnetTAO.update(storage, [netuid], (v) => v + tao);
  S.TotalStake.update(storage, [], (v) => v + tao);
  S.SubnetAlphaOut.update(storage, [netuid], (v) => v + alpha);
  ensure(poolCanCredit(storage, hotkey, netuid, alpha), 'InsufficientLiquidity');
  increaseStakeForHotkeyAndColdkeyOnSubnet(storage, hotkey, coldkey, netuid, alpha);
  LastColdkeyHotkeyStakeBlock.set(storage, ctx.blockNumber, coldkey, hotkey);
  emit(ctx, 'StakeAdded', [coldkey, hotkey, tao, alpha, netuid, 0n]);
  return alpha;
}

export function doAddStake(
  ctx: Context,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
): bigint {
  validateAddStake(ctx.storage, coldkey, hotkey, netuid, amount);
  // maybe_become_delegate: a hotkey others stake to is listed as a delegate, at its current take.
  if (!coldkeyOwnsHotkey(ctx.storage, coldkey, hotkey) && !S.Delegates.exists(ctx.storage, hotkey)) {
    S.Delegates.set(ctx.storage, S.Delegates.get(ctx.storage, hotkey), hotkey);
  }
  return stakeIntoSubnet(ctx, hotkey, coldkey, netuid, amount);
}

/** validate_remove_stake, with the 1:1 swap (the TAO out equals the alpha in). */
function validateRemoveStake(
  storage: ReadableStorage,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
): void {
  ensure(S.NetworksAdded.get(storage, netuid), 'SubnetNotExists');
  ensure(alpha !== 0n, 'AmountTooLow');
  const held = alphaStake(storage, hotkey, coldkey, netuid);
  ensure(held >= alpha, 'NotEnoughStakeToWithdraw');
  // Partial unstakes must be worth the minimum stake; taking everything out always is allowed.
  if (held - alpha !== 0n) ensure(alpha >= DEFAULT_MIN_STAKE, 'AmountTooLow');
  ensure(hotkeyAccountExists(storage, hotkey), 'HotKeyAccountNotExists');
}

/** unstake_from_subnet: burn the shares, swap 1:1 and pay the coldkey. Returns the TAO paid. */
export function unstakeFromSubnet(
  ctx: Context,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
): bigint {
  const { storage } = ctx;
  // The shares are burned on a scratch layer first: a payout the coldkey cannot receive must
  // leave no trace, also when a caller (small-nomination clearing) carries on after the error.
  const scratch = new Overlay(storage);
  const removed = decreaseStakeForHotkeyAndColdkeyOnSubnet(scratch, hotkey, coldkey, netuid, alpha);
  const tao = removed;
  // pallet_balances refuses to create an account below the existential deposit.
  if (tao > 0n && freeBalance(storage, coldkey) + tao < EXISTENTIAL_DEPOSIT) throw tokenError('BelowMinimum');
  scratch.commitTo(storage);
  S.SubnetAlphaOut.update(storage, [netuid], (v) => saturatingSub(v, removed));
  S.SubnetTAO.update(storage, [netuid], (v) => saturatingSub(v, tao));
  S.TotalStake.update(storage, [], (v) => saturatingSub(v, tao));
  mint(storage, coldkey, tao, ctx);
  LastColdkeyHotkeyStakeBlock.set(storage, ctx.blockNumber, coldkey, hotkey);
  emit(ctx, 'StakeRemoved', [coldkey, hotkey, tao, removed, netuid, 0n]);
  return tao;
}

/** A nominator (not the hotkey's owner) left with less than the minimum nomination is unstaked. */
function clearSmallNominationIfRequired(
  ctx: Context,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
): void {
  const { storage } = ctx;
  if (coldkeyOwnsHotkey(storage, coldkey, hotkey)) return;
  const held = alphaStake(storage, hotkey, coldkey, netuid);
  // NominatorMinRequiredStake is per million of DefaultMinStake, in TAO; at the 1:1 price the
  // same amount of alpha.
  const minAlpha = (DEFAULT_MIN_STAKE * S.NominatorMinRequiredStake.get(storage)) / 1_000_000n;
  if (held === 0n || held >= minAlpha) return;
  try {
    unstakeFromSubnet(ctx, hotkey, coldkey, netuid, held);
  } catch (error) {
    // Subtensor would then drop the alpha without paying it out, destroying TAO its issuance
    // still counts; here the small nomination simply stays.
    if (!(error instanceof DispatchError)) throw error;
  }
}

/**
 * clear_small_nominations: after the nominator minimum rises, every nomination below it is
 * unstaked back to its coldkey (hotkey owners' own stake is never touched).
 */
export function clearSmallNominations(ctx: Context): void {
  // Collected first: unstaking rewrites the entries being scanned.
  const positions = [...S.Alpha.keysUnder(ctx.storage)] as [AccountId, AccountId, number][];
  for (const [hotkey, coldkey, netuid] of positions)
    clearSmallNominationIfRequired(ctx, hotkey, coldkey, netuid);
}

export function doRemoveStake(
  ctx: Context,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  requested: bigint,
): void {
  const { storage } = ctx;
  ensure(S.SubtokenEnabled.get(storage, netuid), 'SubtokenDisabled');
  // Asking for more than is held unstakes everything held.
  const held = alphaStake(storage, hotkey, coldkey, netuid);
  const alpha = requested < held ? requested : held;
  validateRemoveStake(storage, coldkey, hotkey, netuid, alpha);
  unstakeFromSubnet(ctx, hotkey, coldkey, netuid, alpha);
  clearSmallNominationIfRequired(ctx, hotkey, coldkey, netuid);
}

/** The price of one alpha in rao: 1:1 on every subnet until the dynamic pools arrive. */
const ALPHA_PRICE_RAO = 1_000_000_000n;

/**
 * remove_stake_full_limit: unstake everything the coldkey holds on the hotkey at dispatch time, so
 * emissions paid between reading the stake and inclusion leave nothing behind. With a limit price
 * above what the swap pays (get_max_amount_remove), nothing moves and the call fails whole.
 */
export function doRemoveStakeFullLimit(
  ctx: Context,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  limitPrice: bigint | undefined,
): void {
  const held = alphaStake(ctx.storage, hotkey, coldkey, netuid);
  if (limitPrice !== undefined && limitPrice > ALPHA_PRICE_RAO) {
    ensure(S.NetworksAdded.get(ctx.storage, netuid), 'SubnetNotExists');
    ensure(held !== 0n, 'AmountTooLow');
    throw fail('SlippageTooHigh');
  }
  doRemoveStake(ctx, coldkey, hotkey, netuid, held);
}

interface AddStakeArgs {
  hotkey: AccountId;
  netuid: number;
  amount_staked: bigint;
}

interface RemoveStakeArgs {
  hotkey: AccountId;
  netuid: number;
  amount_unstaked: bigint;
}

interface RemoveStakeFullLimitArgs {
  hotkey: AccountId;
  netuid: number;
  limit_price: bigint | undefined;
}

export const stakingCalls: AnyCallDef[] = [
  call<AddStakeArgs>({
    name: 'add_stake',
    index: 2,
    args: [
      ['hotkey', AccountId32, 'T::AccountId'],
      ['netuid', NetUid, 'NetUid'],
      ['amount_staked', TaoBalance, 'TaoBalance'],
    ],
    docs: ['Stake TAO from the calling coldkey to a hotkey on a subnet, receiving its alpha.'],
    weight: () => 664_064_000n,
    dispatch: (ctx, origin, { hotkey, netuid, amount_staked }) => {
      doAddStake(ctx, ensureSigned(origin), hotkey, netuid, amount_staked);
    },
  }),
  call<RemoveStakeArgs>({
    name: 'remove_stake',
    index: 3,
    args: [
      ['hotkey', AccountId32, 'T::AccountId'],
      ['netuid', NetUid, 'NetUid'],
      ['amount_unstaked', AlphaBalance, 'AlphaBalance'],
    ],
    docs: ['Unstake alpha from a hotkey on a subnet back to the calling coldkey as TAO.'],
    weight: () => 569_198_000n,
    dispatch: (ctx, origin, { hotkey, netuid, amount_unstaked }) => {
      doRemoveStake(ctx, ensureSigned(origin), hotkey, netuid, amount_unstaked);
    },
  }),
  call<RemoveStakeFullLimitArgs>({
    name: 'remove_stake_full_limit',
    index: 103,
    args: [
      ['hotkey', AccountId32, 'T::AccountId'],
      ['netuid', NetUid, 'NetUid'],
      ['limit_price', option(TaoBalance), 'Option<TaoBalance>'],
    ],
    docs: [
      "Unstake all of the calling coldkey's alpha from a hotkey on a subnet, optionally only at",
      'a price (rao per alpha) at or above `limit_price`.',
    ],
    weight: () => 754_292_000n,
    dispatch: (ctx, origin, { hotkey, netuid, limit_price }) => {
      doRemoveStakeFullLimit(ctx, ensureSigned(origin), hotkey, netuid, limit_price);
    },
  }),
  ...delegateCalls,
];

/** Storage items declared by this module (besides storage.ts). */
export const stakingStorage: { meta: StorageItemMeta }[] = [LastColdkeyHotkeyStakeBlock];
