/**
 * StakeInfoRuntimeApi (pallets/subtensor/src/rpc_info/stake_info.rs and staking/lock.rs): a
 * coldkey's stake per (hotkey, subnet), what of it may be unstaked, swap fees, and stake locks.
 *
 * What this runtime does not have, it reports as subtensor does for a chain without it:
 * - Stake locks and conviction do not exist here: get_coldkey_lock returns None,
 *   get_hotkey_conviction 0, get_most_convicted_hotkey_on_subnet None, and every stake is fully
 *   available (locked 0). StakeInfo's `locked`, `drain` and `tao_emission` are 0 in subtensor too.
 * - get_stake_fee returns 0: subtensor charges a swap fee only on dynamic (AMM) pools, and only
 *   when origin and destination differ; here every stake swaps TAO and alpha 1:1 without a fee.
 */
import { alphaStake } from '../pallets/subtensor/staking.js';
import { isHotkeyRegisteredOnNetwork } from '../pallets/subtensor/neurons.js';
import { S } from '../pallets/subtensor/storage.js';
import type { ReadableStorage } from '../storage/kv.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { bool, option, struct, tuple, u16, u64, vec, type FieldSpec, type Type } from '../types/type.js';
import {
  CompactU16,
  CompactU64,
  U64F64Type,
  accountGeneric,
  arg,
  btreeMap,
  compareBytes,
  sortedEntries,
  type U64F64Value,
} from './info-types.js';
import type { RuntimeApiDecl } from './types.js';

export interface StakeInfo {
  hotkey: AccountId;
  coldkey: AccountId;
  netuid: number;
  stake: bigint;
  locked: bigint;
  /** Alpha dividends the hotkey earned at the subnet's last epoch. */
  emission: bigint;
  tao_emission: bigint;
  drain: bigint;
  is_registered: boolean;
}

export const StakeInfoType: Type<StakeInfo> = accountGeneric<StakeInfo>(
  ['pallet_subtensor', 'rpc_info', 'stake_info', 'StakeInfo'],
  [
    ['hotkey', AccountId32, 'AccountId'],
    ['coldkey', AccountId32, 'AccountId'],
    ['netuid', CompactU16, 'Compact<NetUid>'],
    ['stake', CompactU64, 'Compact<AlphaBalance>'],
    ['locked', CompactU64, 'Compact<u64>'],
    ['emission', CompactU64, 'Compact<AlphaBalance>'],
    ['tao_emission', CompactU64, 'Compact<TaoBalance>'],
    ['drain', CompactU64, 'Compact<u64>'],
    ['is_registered', bool, 'bool'],
  ],
);

export interface StakeAvailability {
  total: bigint;
  locked: bigint;
  available: bigint;
}

export const StakeAvailabilityType: Type<StakeAvailability> = struct<StakeAvailability>(
  ['pallet_subtensor', 'rpc_info', 'stake_info', 'StakeAvailability'],
  [
    ['total', CompactU64, 'Compact<AlphaBalance>'],
    ['locked', CompactU64, 'Compact<AlphaBalance>'],
    ['available', CompactU64, 'Compact<AlphaBalance>'],
  ],
);

export interface LockState {
  locked_mass: bigint;
  conviction: U64F64Value;
  last_update: bigint;
}

export const LockStateType: Type<LockState> = struct<LockState>(
  ['pallet_subtensor', 'staking', 'lock', 'LockState'],
  [
    ['locked_mass', u64, 'AlphaBalance'],
    ['conviction', U64F64Type, 'U64F64'],
    ['last_update', u64, 'u64'],
  ],
);

/** (coldkey, its stake infos), as get_stake_info_for_coldkeys returns them. */
export const ColdkeyStakeInfosType = vec(tuple(AccountId32, vec(StakeInfoType)));
/** BTreeMap<AccountId32, BTreeMap<NetUid, StakeAvailability>>. */
export const StakeAvailabilityMapType = btreeMap(AccountId32, btreeMap(u16, StakeAvailabilityType));

export type StakeAvailabilityMap = [AccountId, [number, StakeAvailability][]][];

/** get_all_subnet_netuids: every NetworksAdded key, in storage order. */
function allSubnetNetuids(storage: ReadableStorage): number[] {
  return [...S.NetworksAdded.keysUnder(storage)].map((keys) => keys[0] as number);
}

function stakeInfo(
  storage: ReadableStorage,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
): StakeInfo {
  return {
    hotkey,
    coldkey,
    netuid,
    stake: alphaStake(storage, hotkey, coldkey, netuid),
    locked: 0n,
    emission: S.AlphaDividendsPerSubnet.get(storage, netuid, hotkey),
    tao_emission: 0n,
    drain: 0n,
    is_registered: isHotkeyRegisteredOnNetwork(storage, netuid, hotkey),
  };
}

/** Non-zero stakes of a coldkey: subnets in storage order, then its StakingHotkeys in order. */
export function getStakeInfoForColdkey(storage: ReadableStorage, coldkey: AccountId): StakeInfo[] {
  const hotkeys = S.StakingHotkeys.get(storage, coldkey);
  const out: StakeInfo[] = [];
  for (const netuid of allSubnetNetuids(storage)) {
    for (const hotkey of hotkeys) {
      const info = stakeInfo(storage, hotkey, coldkey, netuid);
      if (info.stake !== 0n) out.push(info);
    }
  }
  return out;
}

export function getStakeInfoForColdkeys(
  storage: ReadableStorage,
  coldkeys: readonly AccountId[],
): [AccountId, StakeInfo[]][] {
  return coldkeys.map((coldkey) => [coldkey, getStakeInfoForColdkey(storage, coldkey)]);
}

/** Always Some, even for a subnet that does not exist or a zero stake (as in subtensor). */
export function getStakeInfoForHotkeyColdkeyNetuid(
  storage: ReadableStorage,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
): StakeInfo {
  return stakeInfo(storage, hotkey, coldkey, netuid);
}

/** total_coldkey_alpha_on_subnet: the coldkey's alpha across its staking hotkeys. */
function coldkeyAlphaOnSubnet(storage: ReadableStorage, coldkey: AccountId, netuid: number): bigint {
  let total = 0n;
  for (const hotkey of S.StakingHotkeys.get(storage, coldkey))
    total += alphaStake(storage, hotkey, coldkey, netuid);
  return total;
}

/**
 * Unstakable alpha per coldkey and subnet. `netuids` undefined scans every subnet; a list is
 * deduplicated, and an empty one or one longer than the number of subnets yields empty maps.
 * Subnets where the coldkey has nothing are left out.
 */
export function getStakeAvailabilityForColdkeys(
  storage: ReadableStorage,
  coldkeys: readonly AccountId[],
  netuids: readonly number[] | undefined,
): StakeAvailabilityMap {
  if (coldkeys.length === 0) return [];
  const existing = allSubnetNetuids(storage);
  let scan: number[];
  if (netuids === undefined) scan = existing;
  else {
    const requested = [...new Set(netuids)].sort((a, b) => a - b);
    if (requested.length === 0 || requested.length > existing.length)
      return sortedEntries(
        coldkeys.map((coldkey) => [coldkey, []]),
        compareBytes,
      );
    scan = requested.filter((netuid) => S.NetworksAdded.get(storage, netuid));
  }
  const perColdkey = coldkeys.map((coldkey): [AccountId, [number, StakeAvailability][]] => {
    const rows: [number, StakeAvailability][] = [];
    for (const netuid of scan) {
      const total = coldkeyAlphaOnSubnet(storage, coldkey, netuid);
      // No locks exist here: all of it is available.
      if (total !== 0n) rows.push([netuid, { total, locked: 0n, available: total }]);
    }
    return [coldkey, sortedEntries(rows, (a, b) => a - b)];
  });
  return sortedEntries(perColdkey, compareBytes);
}

const HOTKEY_AT: Type<[AccountId, number] | undefined> = option(tuple(AccountId32, u16));
const COLDKEY_ACCOUNTS: FieldSpec = ['coldkey_accounts', vec(AccountId32), 'Vec<AccountId32>'];
const NETUID: FieldSpec = ['netuid', u16, 'NetUid'];

export const StakeInfoRuntimeApi: RuntimeApiDecl = {
  name: 'StakeInfoRuntimeApi',
  version: 1,
  methods: [
    {
      name: 'get_stake_info_for_coldkey',
      inputs: [['coldkey_account', AccountId32, 'AccountId32']],
      output: vec(StakeInfoType),
      call: (ctx, args) => getStakeInfoForColdkey(ctx.storage, arg(args, 'coldkey_account')),
    },
    {
      name: 'get_stake_info_for_coldkeys',
      inputs: [COLDKEY_ACCOUNTS],
      output: ColdkeyStakeInfosType,
      call: (ctx, args) => getStakeInfoForColdkeys(ctx.storage, arg(args, 'coldkey_accounts')),
    },
    {
      name: 'get_stake_info_for_hotkey_coldkey_netuid',
      inputs: [
        ['hotkey_account', AccountId32, 'AccountId32'],
        ['coldkey_account', AccountId32, 'AccountId32'],
        NETUID,
      ],
      output: option(StakeInfoType),
      call: (ctx, args) =>
        getStakeInfoForHotkeyColdkeyNetuid(
          ctx.storage,
          arg(args, 'hotkey_account'),
          arg(args, 'coldkey_account'),
          arg(args, 'netuid'),
        ),
    },
    {
      name: 'get_stake_availability_for_coldkeys',
      inputs: [COLDKEY_ACCOUNTS, ['netuids', option(vec(u16)), 'Option<Vec<NetUid>>']],
      output: StakeAvailabilityMapType,
      call: (ctx, args) =>
        getStakeAvailabilityForColdkeys(ctx.storage, arg(args, 'coldkey_accounts'), arg(args, 'netuids')),
    },
    {
      name: 'get_stake_fee',
      inputs: [
        ['origin', HOTKEY_AT, 'Option<(AccountId32, NetUid)>'],
        ['origin_coldkey_account', AccountId32, 'AccountId32'],
        ['destination', HOTKEY_AT, 'Option<(AccountId32, NetUid)>'],
        ['destination_coldkey_account', AccountId32, 'AccountId32'],
        ['amount', u64, 'u64'],
      ],
      output: u64,
      docs: ['The swap fee of moving `amount`: always 0 here (1:1 swaps without a fee).'],
      call: () => 0n,
    },
    {
      name: 'get_coldkey_lock',
      inputs: [['coldkey', AccountId32, 'AccountId32'], NETUID],
      output: option(LockStateType),
      docs: ['Stake locks do not exist in this runtime: always None.'],
      call: () => undefined,
    },
    {
      name: 'get_hotkey_conviction',
      inputs: [['hotkey', AccountId32, 'AccountId32'], NETUID],
      output: U64F64Type,
      docs: ['Conviction comes from stake locks, which do not exist here: always 0.'],
      call: (): U64F64Value => ({ bits: 0n }),
    },
    {
      name: 'get_most_convicted_hotkey_on_subnet',
      inputs: [NETUID],
      output: option(AccountId32),
      docs: ['No hotkey has conviction without stake locks: always None.'],
      call: () => undefined,
    },
  ],
};
