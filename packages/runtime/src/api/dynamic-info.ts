/**
 * get_dynamic_info and get_all_dynamic_info (rpc_info/dynamic_info.rs): a subnet's pool and
 * schedule summary. Its fields repeat Metagraph fields (some under other names), so each is read
 * by the same reader the metagraph uses.
 */
import { subnetExists } from '../pallets/subtensor/subnets.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { Type } from '../types/type.js';
import { readerOf, type FieldRead, type FieldsByName, type MetagraphFieldName } from './metagraph-fields.js';
import { MetagraphView } from './metagraph-view.js';
import { allSubnetNetuids } from './metagraph.js';
import { CompactU64, accountGeneric } from './info-types.js';
import { type ValuesOf } from './subnet-info-types.js';

/** A Metagraph field under another name. */
function as<N extends string, M extends MetagraphFieldName>(
  name: N,
  from: M,
): readonly [N, FieldsByName[M][1], string, FieldsByName[M][3]] {
  const [, type, rust, read] = readerOf(from);
  return [name, type, rust, read];
}

const same = <M extends MetagraphFieldName>(name: M): ReturnType<typeof as<M, M>> => as(name, name);

const DYNAMIC_INFO_FIELDS = [
  same('netuid'),
  same('owner_hotkey'),
  same('owner_coldkey'),
  as('subnet_name', 'name'),
  as('token_symbol', 'symbol'),
  same('tempo'),
  same('last_step'),
  same('blocks_since_last_step'),
  // Deprecated on subtensor: always 0.
  ['emission', CompactU64, 'Compact<u64>', (() => 0n) as FieldRead<bigint>] as const,
  same('alpha_in'),
  same('alpha_out'),
  same('tao_in'),
  same('alpha_out_emission'),
  same('alpha_in_emission'),
  same('tao_in_emission'),
  same('pending_alpha_emission'),
  same('pending_root_emission'),
  same('subnet_volume'),
  same('network_registered_at'),
  as('subnet_identity', 'identity'),
  same('moving_price'),
] as const;

export type DynamicInfo = ValuesOf<typeof DYNAMIC_INFO_FIELDS>;

export const DynamicInfoType: Type<DynamicInfo> = accountGeneric<DynamicInfo>(
  ['pallet_subtensor', 'rpc_info', 'dynamic_info', 'DynamicInfo'],
  DYNAMIC_INFO_FIELDS.map(([name, type, rust]) => [name, type, rust] as const),
);

export function getDynamicInfo(
  storage: ReadableStorage,
  netuid: number,
  block: bigint,
): DynamicInfo | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  const view = new MetagraphView(storage, netuid, block);
  const out: Record<string, unknown> = {};
  for (const [name, , , read] of DYNAMIC_INFO_FIELDS) out[name] = read(view);
  return out as DynamicInfo;
}

export function getAllDynamicInfo(storage: ReadableStorage, block: bigint): (DynamicInfo | undefined)[] {
  return allSubnetNetuids(storage).map((netuid) => getDynamicInfo(storage, netuid, block));
}
