/**
 * get_metagraph, get_mechagraph and their get_all_ forms (rpc_info/metagraph.rs): everything a
 * client needs about one subnet in one structure, built from the field list in
 * metagraph-fields.ts.
 */
import { storageIndex } from '../pallets/subtensor/module.js';
import { S } from '../pallets/subtensor/storage.js';
import { subnetExists } from '../pallets/subtensor/subnets.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { Type } from '../types/type.js';
import { METAGRAPH_FIELDS } from './metagraph-fields.js';
import { MetagraphView } from './metagraph-view.js';
import { accountGeneric } from './info-types.js';
import { type ValuesOf } from './subnet-info-types.js';

export type Metagraph = ValuesOf<typeof METAGRAPH_FIELDS>;

export const METAGRAPH_PATH = ['pallet_subtensor', 'rpc_info', 'metagraph'];

export const MetagraphType: Type<Metagraph> = accountGeneric<Metagraph>(
  [...METAGRAPH_PATH, 'Metagraph'],
  METAGRAPH_FIELDS.map(([name, type, rust]) => [name, type, rust] as const),
);

/**
 * get_all_subnet_netuids: every netuid NetworksAdded has an entry for, in storage order (whether
 * or not the entry says the subnet exists; the per-subnet getters then answer None for it).
 */
export function allSubnetNetuids(storage: ReadableStorage): number[] {
  return [...S.NetworksAdded.keysUnder(storage)].map(([netuid]) => netuid as number);
}

/** Every field of the view's subnet, in declaration order. */
export function readMetagraph(view: MetagraphView): Metagraph {
  const out: Record<string, unknown> = {};
  for (const [name, , , read] of METAGRAPH_FIELDS) out[name] = read(view);
  return out as Metagraph;
}

export function getMetagraph(storage: ReadableStorage, netuid: number, block: bigint): Metagraph | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  return readMetagraph(new MetagraphView(storage, netuid, block));
}

/** ensure_mechanism_exists: the subnet exists and has more than `mecid` mechanisms. */
export function mechanismExists(storage: ReadableStorage, netuid: number, mecid: number): boolean {
  return subnetExists(storage, netuid) && S.MechanismCountCurrent.get(storage, netuid) > mecid;
}

/**
 * A mechanism's metagraph: the subnet's, with the mechanism's storage index as netuid and the
 * mechanism's own weight-setting blocks and incentives.
 */
export function getMechagraph(
  storage: ReadableStorage,
  netuid: number,
  mecid: number,
  block: bigint,
): Metagraph | undefined {
  if (!mechanismExists(storage, netuid, mecid)) return undefined;
  return readMetagraph(new MetagraphView(storage, netuid, block, storageIndex(netuid, mecid)));
}

export function getAllMetagraphs(storage: ReadableStorage, block: bigint): (Metagraph | undefined)[] {
  return allSubnetNetuids(storage).map((netuid) => getMetagraph(storage, netuid, block));
}

export function getAllMechagraphs(storage: ReadableStorage, block: bigint): (Metagraph | undefined)[] {
  return allSubnetNetuids(storage).flatMap((netuid) => {
    const count = S.MechanismCountCurrent.get(storage, netuid);
    return Array.from({ length: count }, (_, mecid) => getMechagraph(storage, netuid, mecid, block));
  });
}
