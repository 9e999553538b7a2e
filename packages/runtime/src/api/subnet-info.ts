/**
 * get_subnet_info, get_subnets_info and their _v2 forms (rpc_info/subnet_info.rs): the legacy
 * per-subnet summary, v2 adding the subnet identity.
 */
import { S } from '../pallets/subtensor/storage.js';
import { subnetExists } from '../pallets/subtensor/subnets.js';
import { SubnetIdentityV3Type } from '../pallets/subtensor/types.js';
import type { ReadableStorage } from '../storage/kv.js';
import { AccountId32 } from '../types/substrate.js';
import { array, option, u16, vec, type FieldSpec, type Type } from '../types/type.js';
import { Hyperparams } from './hyperparams.js';
import { CompactU16, CompactU64, accountGeneric } from './info-types.js';
import { CompactNetUid, CompactTao, type ValuesOf } from './subnet-info-types.js';

/**
 * ScalingLawPower's default (InitialScalingLawPower = 50): nothing sets it any more, on
 * subtensor or here.
 */
const SCALING_LAW_POWER = 50;

const PATH = ['pallet_subtensor', 'rpc_info', 'subnet_info'];

/** The fields both versions share, up to the one v2 renames. */
const LEADING_FIELDS = [
  ['netuid', CompactNetUid, 'Compact<NetUid>'],
  ['rho', CompactU16, 'Compact<u16>'],
  ['kappa', CompactU16, 'Compact<u16>'],
  ['difficulty', CompactU64, 'Compact<u64>'],
  ['immunity_period', CompactU16, 'Compact<u16>'],
  ['max_allowed_validators', CompactU16, 'Compact<u16>'],
  ['min_allowed_weights', CompactU16, 'Compact<u16>'],
  ['max_weights_limit', CompactU16, 'Compact<u16>'],
  ['scaling_law_power', CompactU16, 'Compact<u16>'],
  ['subnetwork_n', CompactU16, 'Compact<u16>'],
  ['max_allowed_uids', CompactU16, 'Compact<u16>'],
  ['blocks_since_last_step', CompactU64, 'Compact<u64>'],
  ['tempo', CompactU16, 'Compact<u16>'],
  ['network_modality', CompactU16, 'Compact<u16>'],
  ['network_connect', vec(array(u16, 2)), 'Vec<[u16; 2]>'],
] as const;

const V1_FIELDS = [
  ...LEADING_FIELDS,
  ['emission_values', CompactU64, 'Compact<u64>'],
  ['burn', CompactTao, 'Compact<TaoBalance>'],
  ['owner', AccountId32, 'AccountId'],
] as const;

const V2_FIELDS = [
  ...LEADING_FIELDS,
  ['emission_value', CompactU64, 'Compact<u64>'],
  ['burn', CompactTao, 'Compact<TaoBalance>'],
  ['owner', AccountId32, 'AccountId'],
  ['identity', option(SubnetIdentityV3Type), 'Option<SubnetIdentityV3>'],
] as const;

export type SubnetInfo = ValuesOf<typeof V1_FIELDS>;
export type SubnetInfoV2 = ValuesOf<typeof V2_FIELDS>;

export const SubnetInfoType: Type<SubnetInfo> = accountGeneric<SubnetInfo>(
  [...PATH, 'SubnetInfo'],
  V1_FIELDS satisfies readonly FieldSpec[],
);
export const SubnetInfoV2Type: Type<SubnetInfoV2> = accountGeneric<SubnetInfoV2>(
  [...PATH, 'SubnetInfov2'],
  V2_FIELDS satisfies readonly FieldSpec[],
);

type Leading = ValuesOf<typeof LEADING_FIELDS>;

function leading(storage: ReadableStorage, netuid: number): Leading {
  const h = Hyperparams.of(storage, netuid);
  return {
    netuid,
    rho: h.num('rho'),
    kappa: h.num('kappa'),
    difficulty: h.big('difficulty'),
    immunity_period: h.num('immunity_period'),
    max_allowed_validators: h.num('max_validators'),
    min_allowed_weights: h.num('min_allowed_weights'),
    max_weights_limit: h.num('max_weights_limit'),
    scaling_law_power: SCALING_LAW_POWER,
    subnetwork_n: S.SubnetworkN.get(storage, netuid),
    max_allowed_uids: h.num('max_allowed_uids'),
    blocks_since_last_step: S.BlocksSinceLastStep.get(storage, netuid),
    tempo: h.num('tempo'),
    // Both deprecated on subtensor: always 0 and empty.
    network_modality: 0,
    network_connect: [],
  };
}

export function getSubnetInfo(storage: ReadableStorage, netuid: number): SubnetInfo | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  return {
    ...leading(storage, netuid),
    // Deprecated on subtensor: always 0.
    emission_values: 0n,
    burn: S.Burn.get(storage, netuid),
    owner: S.SubnetOwner.get(storage, netuid),
  };
}

export function getSubnetInfoV2(storage: ReadableStorage, netuid: number): SubnetInfoV2 | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  return {
    ...leading(storage, netuid),
    emission_value: 0n,
    burn: S.Burn.get(storage, netuid),
    owner: S.SubnetOwner.get(storage, netuid),
    identity: S.SubnetIdentitiesV3.tryGet(storage, netuid),
  };
}

/** Existing subnets in ascending netuid order (get_subnets_info walks 0..=max netuid). */
export function existingNetuidsAscending(storage: ReadableStorage): number[] {
  const out: number[] = [];
  for (const [[netuid], added] of S.NetworksAdded.entries(storage)) if (added) out.push(netuid as number);
  return out.sort((a, b) => a - b);
}

export function getSubnetsInfo(storage: ReadableStorage): (SubnetInfo | undefined)[] {
  return existingNetuidsAscending(storage).map((netuid) => getSubnetInfo(storage, netuid));
}

export function getSubnetsInfoV2(storage: ReadableStorage): (SubnetInfoV2 | undefined)[] {
  return existingNetuidsAscending(storage).map((netuid) => getSubnetInfoV2(storage, netuid));
}
