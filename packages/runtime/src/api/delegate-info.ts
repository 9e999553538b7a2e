/**
 * DelegateInfoRuntimeApi (pallets/subtensor/src/rpc_info/delegate_info.rs): hotkeys listed in
 * `Delegates` with their take, nominators, registrations, validator permits and the estimated
 * daily return.
 *
 * One deliberate difference: subtensor values a nominator's shares with the pool found at
 * position `netuid` of its subnet list, which is that subnet's own pool only while netuids are
 * contiguous from 0. This runtime always values shares with the subnet's own pool.
 */
import { U64F64 } from '@tao-ts/primitives';
import { alphaStake } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import type { ReadableStorage } from '../storage/kv.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { option, tuple, vec, type Type } from '../types/type.js';
import { CompactU16, CompactU64, accountGeneric, arg, compareBytes } from './info-types.js';
import type { RuntimeApiDecl } from './types.js';

export interface DelegateInfo {
  delegate_ss58: AccountId;
  take: number;
  /** Nominator coldkey → (netuid, alpha) per subnet, coldkeys in byte order, netuids ascending. */
  nominators: [AccountId, [number, bigint][]][];
  owner_ss58: AccountId;
  registrations: number[];
  validator_permits: number[];
  /** Daily return per 1000 TAO staked on root, after the take (rao). */
  return_per_1000: bigint;
  total_daily_return: bigint;
}

export const DelegateInfoType: Type<DelegateInfo> = accountGeneric<DelegateInfo>(
  ['pallet_subtensor', 'rpc_info', 'delegate_info', 'DelegateInfo'],
  [
    ['delegate_ss58', AccountId32, 'AccountId'],
    ['take', CompactU16, 'Compact<u16>'],
    [
      'nominators',
      vec(tuple(AccountId32, vec(tuple(CompactU16, CompactU64)))),
      'Vec<(AccountId, Vec<(Compact<NetUid>, Compact<u64>)>)>',
    ],
    ['owner_ss58', AccountId32, 'AccountId'],
    ['registrations', vec(CompactU16), 'Vec<Compact<NetUid>>'],
    ['validator_permits', vec(CompactU16), 'Vec<Compact<NetUid>>'],
    ['return_per_1000', CompactU64, 'Compact<u64>'],
    ['total_daily_return', CompactU64, 'Compact<u64>'],
  ],
);

/** get_delegated's element: the delegate and (netuid, the delegatee's alpha on it). */
export type DelegatedEntry = [DelegateInfo, [number, bigint]];

export const DelegatedEntryType: Type<DelegatedEntry> = tuple(
  DelegateInfoType,
  tuple(CompactU16, CompactU64),
);

const ROOT_NETUID = 0;
const BLOCKS_PER_DAY = 7200n;
const U16_MAX = 0xffffn;
/** 1000 TAO in rao: saturating_from_num(1000.0 * 1e9) is exact. */
const THOUSAND_TAO = 1_000_000_000_000n;

/** (coldkey, netuid) pairs with non-zero shares in the delegate's pools, in BTreeMap order. */
function nominations(storage: ReadableStorage, delegate: AccountId): [AccountId, number][] {
  const out: [AccountId, number][] = [];
  for (const [keys, shares] of S.Alpha.entries(storage, delegate)) {
    if (shares === 0n) continue;
    out.push([keys[0] as AccountId, keys[1] as number]);
  }
  return out.sort(([a, n], [b, m]) => compareBytes(a, b) || n - m);
}

function nominatorsOf(storage: ReadableStorage, delegate: AccountId): [AccountId, [number, bigint][]][] {
  const out: [AccountId, [number, bigint][]][] = [];
  for (const [coldkey, netuid] of nominations(storage, delegate)) {
    const stake: [number, bigint] = [netuid, alphaStake(storage, delegate, coldkey, netuid)];
    const last = out[out.length - 1];
    if (last !== undefined && compareBytes(last[0], coldkey) === 0) last[1].push(stake);
    else out.push([coldkey, [stake]]);
  }
  return out;
}

/** Netuids the hotkey is registered on, in IsNetworkMember's storage order. */
function registeredNetworks(storage: ReadableStorage, hotkey: AccountId): number[] {
  const out: number[] = [];
  for (const [keys, registered] of S.IsNetworkMember.entries(storage, hotkey))
    if (registered) out.push(keys[0] as number);
  return out;
}

/** return_per_1000_tao: emissions_per_day × (1 − take) ÷ (root stake ÷ 1000 TAO), in U64F64. */
function returnPer1000(take: number, totalStake: bigint, emissionsPerDay: bigint): bigint {
  const withoutTake = U64F64.saturatingSub(
    U64F64.one,
    U64F64.safeDiv(U64F64.fromInt(take), U64F64.fromInt(U16_MAX)),
  );
  if (totalStake === 0n) return 0n;
  return U64F64.safeDiv(
    U64F64.saturatingMul(emissionsPerDay, withoutTake),
    U64F64.safeDiv(totalStake, U64F64.fromInt(THOUSAND_TAO)),
  );
}

export function delegateInfo(
  storage: ReadableStorage,
  delegate: AccountId,
  skipNominators: boolean,
): DelegateInfo {
  const registrations = registeredNetworks(storage, delegate);
  const validatorPermits: number[] = [];
  let emissionsPerDay = 0n;
  for (const netuid of registrations) {
    const uid = S.Uids.tryGet(storage, netuid, delegate);
    if (uid === undefined) continue;
    if (S.ValidatorPermit.get(storage, netuid)[uid] ?? false) validatorPermits.push(netuid);
    const emission = U64F64.fromInt(S.Emission.get(storage, netuid)[uid] ?? 0n);
    const tempo = S.Tempo.get(storage, netuid);
    if (tempo > 0) {
      const epochsPerDay = U64F64.safeDiv(U64F64.fromInt(BLOCKS_PER_DAY), U64F64.fromInt(tempo));
      emissionsPerDay = U64F64.saturatingAdd(emissionsPerDay, U64F64.saturatingMul(emission, epochsPerDay));
    }
  }
  const take = S.Delegates.get(storage, delegate);
  const rootStake = U64F64.fromInt(S.TotalHotkeyAlpha.get(storage, delegate, ROOT_NETUID));
  return {
    delegate_ss58: delegate,
    take,
    nominators: skipNominators ? [] : nominatorsOf(storage, delegate),
    owner_ss58: S.Owner.get(storage, delegate),
    registrations,
    validator_permits: validatorPermits,
    return_per_1000: U64F64.saturatingToU64(returnPer1000(take, rootStake, emissionsPerDay)),
    total_daily_return: U64F64.saturatingToU64(emissionsPerDay),
  };
}

/** Hotkeys in `Delegates`, in storage order (subtensor's iter_keys). */
function delegateKeys(storage: ReadableStorage): AccountId[] {
  return [...S.Delegates.keysUnder(storage)].map((keys) => keys[0] as AccountId);
}

export function getDelegates(storage: ReadableStorage): DelegateInfo[] {
  return delegateKeys(storage).map((delegate) => delegateInfo(storage, delegate, false));
}

export function getDelegate(storage: ReadableStorage, delegate: AccountId): DelegateInfo | undefined {
  return S.Delegates.exists(storage, delegate) ? delegateInfo(storage, delegate, false) : undefined;
}

/** Every (delegate, netuid) the coldkey holds shares in, without the delegates' nominator lists. */
export function getDelegated(storage: ReadableStorage, delegatee: AccountId): DelegatedEntry[] {
  const out: DelegatedEntry[] = [];
  for (const delegate of delegateKeys(storage)) {
    const netuids: number[] = [];
    for (const [keys, shares] of S.Alpha.entries(storage, delegate, delegatee))
      if (shares !== 0n) netuids.push(keys[0] as number);
    for (const netuid of netuids.sort((a, b) => a - b)) {
      out.push([
        delegateInfo(storage, delegate, true),
        [netuid, alphaStake(storage, delegate, delegatee, netuid)],
      ]);
    }
  }
  return out;
}

export const DelegateInfoRuntimeApi: RuntimeApiDecl = {
  name: 'DelegateInfoRuntimeApi',
  version: 1,
  methods: [
    {
      name: 'get_delegates',
      inputs: [],
      output: vec(DelegateInfoType),
      call: (ctx) => getDelegates(ctx.storage),
    },
    {
      name: 'get_delegate',
      inputs: [['delegate_account', AccountId32, 'AccountId32']],
      output: option(DelegateInfoType),
      call: (ctx, args) => getDelegate(ctx.storage, arg(args, 'delegate_account')),
    },
    {
      name: 'get_delegated',
      inputs: [['delegatee_account', AccountId32, 'AccountId32']],
      output: vec(DelegatedEntryType),
      call: (ctx, args) => getDelegated(ctx.storage, arg(args, 'delegatee_account')),
    },
  ],
};
