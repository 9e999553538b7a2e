/**
 * get_subnet_state (rpc_info/show_subnet.rs): a subnet's per-uid columns, the same ones the
 * Metagraph carries, plus each hotkey's last emission on every subnet.
 */
import { subnetExists } from '../pallets/subtensor/subnets.js';
import type { ReadableStorage } from '../storage/kv.js';
import { vec, type Type } from '../types/type.js';
import { readerOf, type FieldRead, type MetagraphFieldName } from './metagraph-fields.js';
import { MetagraphView } from './metagraph-view.js';
import { allSubnetNetuids } from './metagraph.js';
import { accountGeneric } from './info-types.js';
import { CompactAlpha, type ValuesOf } from './subnet-info-types.js';

const column = <M extends MetagraphFieldName>(name: M) => readerOf(name);

/**
 * get_emissions_history: LastHotkeyEmissionOnNetuid of each uid's hotkey, per subnet. Subtensor no
 * longer writes that map (it only clears it), so a chain without legacy entries, like this one,
 * answers 0 everywhere: one row per NetworksAdded entry, one 0 per uid.
 */
const emissionHistory: FieldRead<bigint[][]> = (view) => {
  const zeros = (): bigint[] => new Array<bigint>(view.n()).fill(0n);
  return allSubnetNetuids(view.storage).map(zeros);
};

const SUBNET_STATE_FIELDS = [
  column('netuid'),
  column('hotkeys'),
  column('coldkeys'),
  column('active'),
  column('validator_permit'),
  column('pruning_score'),
  column('last_update'),
  column('emission'),
  column('dividends'),
  column('incentives'),
  column('consensus'),
  column('trust'),
  column('rank'),
  column('block_at_registration'),
  column('alpha_stake'),
  column('tao_stake'),
  column('total_stake'),
  ['emission_history', vec(vec(CompactAlpha)), 'Vec<Vec<Compact<AlphaBalance>>>', emissionHistory] as const,
] as const;

export type SubnetState = ValuesOf<typeof SUBNET_STATE_FIELDS>;

export const SubnetStateType: Type<SubnetState> = accountGeneric<SubnetState>(
  ['pallet_subtensor', 'rpc_info', 'show_subnet', 'SubnetState'],
  SUBNET_STATE_FIELDS.map(([name, type, rust]) => [name, type, rust] as const),
);

export function getSubnetState(
  storage: ReadableStorage,
  netuid: number,
  block: bigint,
): SubnetState | undefined {
  if (!subnetExists(storage, netuid)) return undefined;
  const view = new MetagraphView(storage, netuid, block);
  const out: Record<string, unknown> = {};
  for (const [name, , , read] of SUBNET_STATE_FIELDS) out[name] = read(view);
  return out as SubnetState;
}
