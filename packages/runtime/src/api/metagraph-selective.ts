/**
 * get_selective_metagraph and get_selective_mechagraph (rpc_info/metagraph.rs): the Metagraph's
 * fields as Options, filled only for the requested SelectiveMetagraphIndex values. Index k is the
 * Metagraph's field k; 72 and 73 add the validator list and the commitments.
 */
import { storageIndex } from '../pallets/subtensor/module.js';
import { totalStakeWeight } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import { subnetExists } from '../pallets/subtensor/subnets.js';
import { SubnetIdentityV3Type, type SubnetIdentityV3 } from '../pallets/subtensor/types.js';
import type { ReadableStorage } from '../storage/kv.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { bool, option, tuple, vec, type AnyType, type FieldSpec, type Type } from '../types/type.js';
import { METAGRAPH_FIELDS } from './metagraph-fields.js';
import { MetagraphView } from './metagraph-view.js';
import { METAGRAPH_PATH, type Metagraph } from './metagraph.js';
import { CompactU16, accountGeneric } from './info-types.js';
import { CompactBytes, CompactNetUid, OptionBoolType, optionOfOption } from './subnet-info-types.js';

type Optional<T> = { [K in keyof T]: T[K] | undefined };

export type SelectiveMetagraph = { netuid: number } & Optional<Omit<Metagraph, 'netuid' | 'identity'>> & {
    /** undefined: not requested; null: requested, and the subnet has no identity. */
    identity: SubnetIdentityV3 | null | undefined;
    validators: number[] | undefined;
    commitments: [AccountId, number[]][] | undefined;
  };

export const VALIDATORS_INDEX = 72;
export const COMMITMENTS_INDEX = 73;

/** Option<T> of a field's type; bool and Option<…> fields need their own Option layouts. */
function optional(name: string, type: AnyType): AnyType {
  if (type === bool) return OptionBoolType;
  if (name === 'identity') return optionOfOption(SubnetIdentityV3Type);
  return option(type as unknown as Type<unknown>);
}

const SELECTIVE_FIELDS: readonly FieldSpec[] = [
  ['netuid', CompactNetUid, 'Compact<NetUid>'],
  ...METAGRAPH_FIELDS.slice(1).map(
    ([name, type, rust]) => [name, optional(name, type), `Option<${rust}>`] as const,
  ),
  ['validators', option(vec(CompactU16)), 'Option<Vec<Compact<u16>>>'],
  [
    'commitments',
    option(vec(tuple(AccountId32, CompactBytes))),
    'Option<Vec<(AccountId, Vec<Compact<u8>>)>>',
  ],
];

export const SelectiveMetagraphType: Type<SelectiveMetagraph> = accountGeneric<SelectiveMetagraph>(
  [...METAGRAPH_PATH, 'SelectiveMetagraph'],
  SELECTIVE_FIELDS,
);

/**
 * get_validators: permitted uids whose stake weight (alpha + TAO × TaoWeight) is above
 * StakeThreshold, in ascending stake order; ties keep Keys' storage order.
 */
function validators(view: MetagraphView): number[] {
  const { storage, netuid } = view;
  const permits = S.ValidatorPermit.get(storage, netuid);
  // An I64F64 compared with the u64 threshold: compare raw bits against threshold << 64.
  const threshold = S.StakeThreshold.get(storage) << 64n;
  const candidates: { uid: number; stake: bigint }[] = [];
  for (const [[uid], hotkey] of S.Keys.entries(storage, netuid)) {
    if (permits[uid as number] !== true) continue;
    candidates.push({ uid: uid as number, stake: totalStakeWeight(storage, hotkey, netuid) });
  }
  candidates.sort((a, b) => (a.stake < b.stake ? -1 : a.stake > b.stake ? 1 : 0));
  return candidates.filter((c) => c.stake > threshold).map((c) => c.uid);
}

function emptySelection(): SelectiveMetagraph {
  const out: Record<string, unknown> = {};
  for (const [name] of SELECTIVE_FIELDS) out[name] = undefined;
  // SelectiveMetagraph::default() names the root subnet.
  out['netuid'] = 0;
  return out as SelectiveMetagraph;
}

/** Fill the requested fields; unknown indexes are ignored, repeated ones read once. */
function select(view: MetagraphView, indexes: readonly number[]): SelectiveMetagraph {
  const out = emptySelection() as Record<string, unknown>;
  for (const index of indexes) {
    if (index === 0) {
      out['netuid'] = view.netuid;
    } else if (index < METAGRAPH_FIELDS.length) {
      const [name, , , read] = METAGRAPH_FIELDS[index] as (typeof METAGRAPH_FIELDS)[number];
      if (out[name] !== undefined) continue;
      const value: unknown = read(view);
      out[name] = name === 'identity' ? (value ?? null) : value;
    } else if (index === VALIDATORS_INDEX) {
      out['validators'] ??= validators(view);
    } else if (index === COMMITMENTS_INDEX) {
      // Commitments live in pallet_commitments, which this runtime does not have: none to list.
      out['commitments'] ??= [];
    }
  }
  return out as SelectiveMetagraph;
}

/** The netuid stays the root's (0) unless index 0 is requested, as subtensor's merge does. */
export function getSelectiveMetagraph(
  storage: ReadableStorage,
  netuid: number,
  indexes: readonly number[],
  block: bigint,
): SelectiveMetagraph | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  return select(new MetagraphView(storage, netuid, block), indexes);
}

/**
 * A mechanism's selection: weight-setting blocks and incentives from the mechanism's storage
 * index, the rest as the subnet's; the netuid is always the subnet's. The mechanism itself need
 * not exist (subtensor only checks the subnet), its rows then read empty.
 */
export function getSelectiveMechagraph(
  storage: ReadableStorage,
  netuid: number,
  mecid: number,
  indexes: readonly number[],
  block: bigint,
): SelectiveMetagraph | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  const selection = select(new MetagraphView(storage, netuid, block, storageIndex(netuid, mecid)), indexes);
  selection.netuid = netuid;
  return selection;
}
