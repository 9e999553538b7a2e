/**
 * SubtensorModule: subnets. Registering one locks TAO into its pool (the lock price doubles with
 * each registration and decays back linearly), makes the caller its owner with its hotkey as
 * uid 0, and recycles the weakest old subnet when the limit is reached. The owner later starts
 * emission with start_call and may describe the subnet with an identity.
 */
import { I96F32, U64F64 } from '@tao-ts/primitives';
import { badOrigin, ensureSigned, type Origin } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';
import type { ReadableStorage, WritableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { bytes, option } from '../../types/type.js';
import { freeBalance } from '../balances.js';
import { dissolveNetwork } from './dissolve.js';
import { ROOT_NETUID, U64_MAX, emit, ensure, fail, sameAccount } from './module.js';
import {
  appendNeuron,
  coldkeyOwnsHotkey,
  createAccountIfNonExistent,
  hotkeyAccountExists,
} from './neurons.js';
import { withdrawKeepingAlive } from './registration.js';
import { S } from './storage.js';
import { NetUid, SubnetIdentityV3Type, type SubnetIdentityV3 } from './types.js';

export { dissolveNetwork, onNetworkRemoved, removeNetwork } from './dissolve.js';

/** DefaultNeuronBurnCost: the burn a new subnet starts at (1 TAO). */
export const NEW_SUBNET_BURN = 1_000_000_000n;
/** register_network only creates dynamic (pool-priced) subnets. */
const DYNAMIC_MECHANISM = 1;

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

export function subnetExists(storage: ReadableStorage, netuid: number): boolean {
  return S.NetworksAdded.get(storage, netuid);
}

export function isSubnetOwner(storage: ReadableStorage, netuid: number, coldkey: AccountId): boolean {
  return sameAccount(S.SubnetOwner.get(storage, netuid), coldkey);
}

/** ensure_subnet_owner: anyone but the owner gets BadOrigin, as on subtensor. */
export function ensureSubnetOwner(storage: ReadableStorage, origin: Origin, netuid: number): AccountId {
  const who = ensureSigned(origin);
  if (!isSubnetOwner(storage, netuid, who)) throw badOrigin();
  return who;
}

const satMulU64 = (a: bigint, b: bigint): bigint => (a * b > U64_MAX ? U64_MAX : a * b);
const satSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);

/**
 * get_network_lock_cost: twice the last lock (once, before any lock), minus what has decayed
 * since at last_lock / reduction_interval per block, never below the minimum lock.
 */
export function networkLockCost(storage: ReadableStorage, now: bigint): bigint {
  const lastLock = S.NetworkLastLockCost.get(storage);
  const minLock = S.NetworkMinLockCost.get(storage);
  const lastBlock = S.NetworkLastLockBlock.get(storage);
  const interval = S.NetworkLockReductionInterval.get(storage);
  const mult = lastBlock === 0n ? 1n : 2n;
  const perBlock = interval === 0n ? 0n : lastLock / interval;
  const cost = satSub(satMulU64(lastLock, mult), satMulU64(perBlock, satSub(now, lastBlock)));
  return cost < minLock ? minLock : cost;
}

/** Netuids of existing subnets in storage order (that of subtensor's NetworksAdded::iter). */
function addedNetuids(storage: ReadableStorage): number[] {
  const out: number[] = [];
  for (const [[netuid], added] of S.NetworksAdded.entries(storage)) if (added) out.push(netuid as number);
  return out;
}

/** get_next_netuid: the lowest unused netuid above root. */
export function nextNetuid(storage: ReadableStorage): number {
  const used = new Set(addedNetuids(storage));
  let netuid = 1;
  while (used.has(netuid)) netuid++;
  return netuid;
}

/** Root and stable subnets are priced 1; dynamic ones by their moving price (U64F64 raw). */
function movingAlphaPrice(storage: ReadableStorage, netuid: number): bigint {
  if (netuid === ROOT_NETUID || S.SubnetMechanism.get(storage, netuid) === 0) return U64F64.one;
  return U64F64.saturatingFromFixed(I96F32, S.SubnetMovingPrice.get(storage, netuid));
}

/**
 * get_network_to_prune: among non-root subnets past NetworkImmunityPeriod, the lowest moving
 * price, the earliest registration on ties (then the first in storage order).
 */
export function networkToPrune(storage: ReadableStorage, now: bigint): number | undefined {
  const immunity = S.NetworkImmunityPeriod.get(storage);
  let best: { netuid: number; price: bigint; registeredAt: bigint } | undefined;
  for (const netuid of addedNetuids(storage)) {
    if (netuid === ROOT_NETUID) continue;
    const registeredAt = S.NetworkRegisteredAt.get(storage, netuid);
    if (now < registeredAt + immunity) continue;
    const price = movingAlphaPrice(storage, netuid);
    if (
      best === undefined ||
      price < best.price ||
      (price === best.price && registeredAt < best.registeredAt)
    ) {
      best = { netuid, price, registeredAt };
    }
  }
  return best?.netuid;
}

/**
 * The pool's spot price in TAO per alpha (U64F64 raw): TAO reserve over alpha reserve for
 * dynamic subnets (the balanced 50/50 pool every subnet starts with), 1 for stable ones, 0 for
 * an empty pool.
 */
export function spotAlphaPrice(storage: ReadableStorage, netuid: number): bigint {
  if (S.SubnetMechanism.get(storage, netuid) !== DYNAMIC_MECHANISM) return U64F64.one;
  const alpha = S.SubnetAlphaIn.get(storage, netuid);
  if (alpha === 0n) return 0n;
  return U64F64.safeDiv(U64F64.fromInt(S.SubnetTAO.get(storage, netuid)), U64F64.fromInt(alpha));
}

/** get_median_subnet_alpha_price over non-root subnets with a positive price (1 when none). */
export function medianSubnetAlphaPrice(storage: ReadableStorage): bigint {
  const prices = addedNetuids(storage)
    .filter((netuid) => netuid !== ROOT_NETUID)
    .map((netuid) => spotAlphaPrice(storage, netuid))
    .filter((price) => price > 0n)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (prices.length === 0) return U64F64.one;
  const lowerIndex = (prices.length - 1) >> 1;
  const upperIndex = prices.length >> 1;
  const lower = prices[lowerIndex] as bigint;
  const upper = prices[upperIndex] as bigint;
  if (lowerIndex === upperIndex) return upper;
  return U64F64.safeDiv(U64F64.saturatingAdd(lower, upper), U64F64.fromInt(2));
}

const IDENTITY_LIMITS: readonly (readonly [keyof SubnetIdentityV3, number])[] = [
  ['subnet_name', 256],
  ['github_repo', 1024],
  ['subnet_contact', 1024],
  ['subnet_url', 1024],
  ['discord', 256],
  ['description', 1024],
  ['logo_url', 1024],
  ['additional', 1024],
];

/** is_valid_subnet_identity: every field within its own limit. */
export function isValidSubnetIdentity(identity: SubnetIdentityV3): boolean {
  // subtensor also bounds name + repo + contact by the sum of all limits, which the per-field
  // limits already imply.
  return IDENTITY_LIMITS.every(([field, max]) => identity[field].length <= max);
}

/** do_register_network (mechanism 1): returns the new subnet's netuid. */
export function doRegisterNetwork(
  ctx: Context,
  coldkey: AccountId,
  hotkey: AccountId,
  identity: SubnetIdentityV3 | undefined,
): number {
  const { storage, blockNumber: now } = ctx;
  ensure(
    !hotkeyAccountExists(storage, hotkey) || coldkeyOwnsHotkey(storage, coldkey, hotkey),
    'NonAssociatedColdKey',
  );
  const lastLockBlock = S.NetworkLastLockBlock.get(storage);
  ensure(
    lastLockBlock === 0n || satSub(now, lastLockBlock) >= S.NetworkRateLimit.get(storage),
    'NetworkTxRateLimitExceeded',
  );
  const count = addedNetuids(storage).filter((netuid) => netuid !== ROOT_NETUID).length;
  let recycled: number | undefined;
  if (count >= S.SubnetLimit.get(storage)) {
    recycled = networkToPrune(storage, now);
    if (recycled === undefined) throw fail('SubnetLimitReached');
  }
  const lock = networkLockCost(storage, now);
  ensure(lock <= freeBalance(storage, coldkey), 'CannotAffordLockCost');
  if (recycled !== undefined) dissolveNetwork(ctx, recycled);
  const netuid = recycled ?? nextNetuid(storage);
  const medianPrice = medianSubnetAlphaPrice(storage);
  initNewNetwork(storage, netuid, S.Tempo.get(storage, netuid), now);

  const locked = withdrawKeepingAlive(ctx, coldkey, lock);
  S.NetworkLastLockCost.set(storage, locked);
  S.NetworkLastLockBlock.set(storage, now);
  createAccountIfNonExistent(storage, coldkey, hotkey);
  appendNeuron(storage, netuid, hotkey, now);
  S.SubnetMechanism.set(storage, DYNAMIC_MECHANISM, netuid);
  S.NetworkRegisteredAt.set(storage, now, netuid);

  // The whole lock stays in the pool, topped up to the minimum lock if the keep-alive rule let
  // less leave the coldkey (that top-up is new TAO, so issuance follows it).
  const minLock = S.NetworkMinLockCost.get(storage);
  const poolTao = locked >= minLock ? locked : minLock;
  if (poolTao > locked) S.TotalIssuance.update(storage, [], (t) => t + (poolTao - locked));
  const poolAlpha = U64F64.saturatingToU64(U64F64.safeDiv(U64F64.saturatingFromInt(poolTao), medianPrice));
  S.SubnetTAO.set(storage, poolTao, netuid);
  S.SubnetAlphaIn.set(storage, poolAlpha, netuid);
  S.SubnetOwner.set(storage, coldkey, netuid);
  S.SubnetOwnerHotkey.set(storage, hotkey, netuid);
  emit(ctx, 'SubnetOwnerHotkeySet', [netuid, hotkey]);
  S.SubnetLocked.set(storage, locked, netuid);
  S.SubnetAlphaOut.set(storage, 0n, netuid);
  S.RAORecycledForRegistration.set(storage, 0n, netuid);
  S.TotalStake.update(storage, [], (t) => t + poolTao);

  if (identity !== undefined) {
    ensure(isValidSubnetIdentity(identity), 'InvalidIdentity');
    S.SubnetIdentitiesV3.set(storage, identity, netuid);
    emit(ctx, 'SubnetIdentitySet', [netuid]);
  }
  emit(ctx, 'NetworkAdded', [netuid, DYNAMIC_MECHANISM]);
  // New dynamic subnets take no share of block emission until governance enables it.
  S.SubnetEmissionEnabled.set(storage, false, netuid);
  return netuid;
}

/** do_start_call: the owner opens emission from the next block, once, after StartCallDelay. */
export function doStartCall(ctx: Context, origin: Origin, netuid: number): void {
  const { storage, blockNumber: now } = ctx;
  ensure(subnetExists(storage, netuid), 'SubnetNotExists');
  ensureSubnetOwner(storage, origin, netuid);
  ensure(
    S.FirstEmissionBlockNumber.tryGet(storage, netuid) === undefined,
    'FirstEmissionBlockNumberAlreadySet',
  );
  const earliest = S.NetworkRegisteredAt.get(storage, netuid) + S.StartCallDelay.get(storage);
  ensure(now >= earliest, 'NeedWaitingMoreBlocksToStarCall');
  const first = now + 1n;
  S.FirstEmissionBlockNumber.set(storage, first, netuid);
  S.SubtokenEnabled.set(storage, true, netuid);
  emit(ctx, 'FirstEmissionBlockNumberSet', [netuid, first]);
}

type IdentityArgs = SubnetIdentityV3 & { netuid: number };

// Benchmarked ref-time of subtensor's weights.rs (storage reads/writes not priced, as in the
// other call modules).
const REGISTER_NETWORK_WEIGHT = 277_125_000n;
const REGISTER_NETWORK_WITH_IDENTITY_WEIGHT = 275_041_000n;
const SET_SUBNET_IDENTITY_WEIGHT = 17_513_000n;
const START_CALL_WEIGHT = 39_454_000n;

export const subnetsCalls: AnyCallDef[] = [
  call<{ hotkey: AccountId }>({
    name: 'register_network',
    index: 59,
    args: [['hotkey', AccountId32, 'T::AccountId']],
    docs: [
      'Register a new subnet, locking the current network lock cost from the signing coldkey;',
      'the coldkey owns it and the hotkey becomes its uid 0.',
    ],
    weight: () => REGISTER_NETWORK_WEIGHT,
    dispatch: (ctx, origin, { hotkey }) => {
      doRegisterNetwork(ctx, ensureSigned(origin), hotkey, undefined);
    },
  }),
  call<IdentityArgs>({
    name: 'set_subnet_identity',
    index: 78,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ...IDENTITY_LIMITS.map(([field]) => [field, bytes, 'Vec<u8>'] as const),
    ],
    docs: ['Set the identity of a subnet (its owner only).'],
    weight: () => SET_SUBNET_IDENTITY_WEIGHT,
    dispatch: (ctx, origin, { netuid, ...identity }) => {
      const coldkey = ensureSigned(origin);
      ensure(isSubnetOwner(ctx.storage, netuid, coldkey), 'NotSubnetOwner');
      ensure(isValidSubnetIdentity(identity), 'InvalidIdentity');
      S.SubnetIdentitiesV3.set(ctx.storage, identity, netuid);
      emit(ctx, 'SubnetIdentitySet', [netuid]);
    },
  }),
  call<{ hotkey: AccountId; identity: SubnetIdentityV3 | undefined }>({
    name: 'register_network_with_identity',
    index: 79,
    args: [
      ['hotkey', AccountId32, 'T::AccountId'],
      ['identity', option(SubnetIdentityV3Type), 'Option<SubnetIdentityOfV3>'],
    ],
    docs: ['register_network, also setting the subnet identity when one is given.'],
    weight: () => REGISTER_NETWORK_WITH_IDENTITY_WEIGHT,
    dispatch: (ctx, origin, { hotkey, identity }) => {
      doRegisterNetwork(ctx, ensureSigned(origin), hotkey, identity);
    },
  }),
  call<{ netuid: number }>({
    name: 'start_call',
    index: 92,
    args: [['netuid', NetUid, 'NetUid']],
    docs: [
      'Start emission on a subnet from the next block (its owner, once, StartCallDelay blocks',
      'after registration); also enables its subtoken.',
    ],
    weight: () => START_CALL_WEIGHT,
    dispatch: (ctx, origin, { netuid }) => doStartCall(ctx, origin, netuid),
  }),
];

/** Storage items declared by this module (besides storage.ts). */
export const subnetsStorage: { meta: StorageItemMeta }[] = [];
