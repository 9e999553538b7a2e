/**
 * NeuronInfoRuntimeApi (pallets/subtensor/src/rpc_info/neuron_info.rs): one neuron's identity,
 * endpoints, stake and last epoch outputs, read from the subnet's per-uid storage. The lite form
 * drops weights and bonds. Rank, trust and pruning score are no longer computed by subtensor; it
 * reports 0, 0 and u16::MAX for them, and so does this runtime.
 */
import { S } from '../pallets/subtensor/storage.js';
import {
  AxonInfoType,
  PrometheusInfoType,
  type AxonInfo,
  type PrometheusInfo,
} from '../pallets/subtensor/types.js';
import type { ReadableStorage } from '../storage/kv.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { bool, option, tuple, u16, vec, type FieldSpec, type Type } from '../types/type.js';
import { CompactU16, CompactU64, accountGeneric, arg } from './info-types.js';
import type { RuntimeApiDecl } from './types.js';

export interface NeuronInfoLite {
  hotkey: AccountId;
  coldkey: AccountId;
  uid: number;
  netuid: number;
  active: boolean;
  axon_info: AxonInfo;
  prometheus_info: PrometheusInfo;
  /** (coldkey, alpha): subtensor reports the hotkey's whole stake against its owner. */
  stake: [AccountId, bigint][];
  rank: number;
  emission: bigint;
  incentive: number;
  consensus: number;
  trust: number;
  validator_trust: number;
  dividends: number;
  last_update: bigint;
  validator_permit: boolean;
  pruning_score: number;
}

export interface NeuronInfo extends NeuronInfoLite {
  /** (uid, weight) with zero entries left out. */
  weights: [number, number][];
  /** (uid, bond) with zero entries left out. */
  bonds: [number, number][];
}

const UidPairs = vec(tuple(CompactU16, CompactU16));

const HEAD_FIELDS: readonly FieldSpec[] = [
  ['hotkey', AccountId32, 'AccountId'],
  ['coldkey', AccountId32, 'AccountId'],
  ['uid', CompactU16, 'Compact<u16>'],
  ['netuid', CompactU16, 'Compact<NetUid>'],
  ['active', bool, 'bool'],
  ['axon_info', AxonInfoType, 'AxonInfo'],
  ['prometheus_info', PrometheusInfoType, 'PrometheusInfo'],
  ['stake', vec(tuple(AccountId32, CompactU64)), 'Vec<(AccountId, Compact<AlphaBalance>)>'],
  ['rank', CompactU16, 'Compact<u16>'],
  ['emission', CompactU64, 'Compact<AlphaBalance>'],
  ['incentive', CompactU16, 'Compact<u16>'],
  ['consensus', CompactU16, 'Compact<u16>'],
  ['trust', CompactU16, 'Compact<u16>'],
  ['validator_trust', CompactU16, 'Compact<u16>'],
  ['dividends', CompactU16, 'Compact<u16>'],
  ['last_update', CompactU64, 'Compact<u64>'],
  ['validator_permit', bool, 'bool'],
];
const PRUNING_SCORE: FieldSpec = ['pruning_score', CompactU16, 'Compact<u16>'];

export const NeuronInfoType: Type<NeuronInfo> = accountGeneric<NeuronInfo>(
  ['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfo'],
  [
    ...HEAD_FIELDS,
    ['weights', UidPairs, 'Vec<(Compact<u16>, Compact<u16>)>'],
    ['bonds', UidPairs, 'Vec<(Compact<u16>, Compact<u16>)>'],
    PRUNING_SCORE,
  ],
);

export const NeuronInfoLiteType: Type<NeuronInfoLite> = accountGeneric<NeuronInfoLite>(
  ['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfoLite'],
  [...HEAD_FIELDS, PRUNING_SCORE],
);

const U16_MAX = 0xffff;

const EMPTY_AXON: AxonInfo = {
  block: 0n,
  version: 0,
  ip: 0n,
  port: 0,
  ip_type: 0,
  protocol: 0,
  placeholder1: 0,
  placeholder2: 0,
};
const EMPTY_PROMETHEUS: PrometheusInfo = { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 };

/** The subnet's per-uid vectors, read once for all of its neurons. */
interface Columns {
  readonly active: readonly boolean[];
  readonly emission: readonly bigint[];
  readonly incentive: readonly number[];
  readonly consensus: readonly number[];
  readonly validatorTrust: readonly number[];
  readonly dividends: readonly number[];
  readonly lastUpdate: readonly bigint[];
  readonly validatorPermit: readonly boolean[];
}

function readColumns(storage: ReadableStorage, netuid: number): Columns {
  // Mechanism 0's storage index is the netuid itself (Incentive and LastUpdate are per index).
  return {
    active: S.Active.get(storage, netuid),
    emission: S.Emission.get(storage, netuid),
    incentive: S.Incentive.get(storage, netuid),
    consensus: S.Consensus.get(storage, netuid),
    validatorTrust: S.ValidatorTrust.get(storage, netuid),
    dividends: S.Dividends.get(storage, netuid),
    lastUpdate: S.LastUpdate.get(storage, netuid),
    validatorPermit: S.ValidatorPermit.get(storage, netuid),
  };
}

function neuronLite(
  storage: ReadableStorage,
  columns: Columns,
  netuid: number,
  uid: number,
): NeuronInfoLite | undefined {
  const hotkey = S.Keys.tryGet(storage, netuid, uid);
  if (hotkey === undefined) return undefined;
  const coldkey = S.Owner.get(storage, hotkey);
  return {
    hotkey,
    coldkey,
    uid,
    netuid,
    active: columns.active[uid] ?? false,
    axon_info: S.Axons.tryGet(storage, netuid, hotkey) ?? EMPTY_AXON,
    prometheus_info: S.Prometheus.tryGet(storage, netuid, hotkey) ?? EMPTY_PROMETHEUS,
    stake: [[coldkey, S.TotalHotkeyAlpha.get(storage, hotkey, netuid)]],
    rank: 0,
    emission: columns.emission[uid] ?? 0n,
    incentive: columns.incentive[uid] ?? 0,
    consensus: columns.consensus[uid] ?? 0,
    trust: 0,
    validator_trust: columns.validatorTrust[uid] ?? 0,
    dividends: columns.dividends[uid] ?? 0,
    last_update: columns.lastUpdate[uid] ?? 0n,
    validator_permit: columns.validatorPermit[uid] ?? false,
    pruning_score: U16_MAX,
  };
}

function nonZero(pairs: readonly [number, number][]): [number, number][] {
  return pairs.filter(([, value]) => value > 0).map(([uid, value]) => [uid, value]);
}

function neuronFull(
  storage: ReadableStorage,
  columns: Columns,
  netuid: number,
  uid: number,
): NeuronInfo | undefined {
  const lite = neuronLite(storage, columns, netuid, uid);
  if (lite === undefined) return undefined;
  return {
    ...lite,
    weights: nonZero(S.Weights.get(storage, netuid, uid)),
    bonds: nonZero(S.Bonds.get(storage, netuid, uid)),
  };
}

type Build<T> = (storage: ReadableStorage, columns: Columns, netuid: number, uid: number) => T | undefined;

/** uids 0..n in order, stopping at the first uid without a hotkey (as subtensor does). */
function allOf<T>(storage: ReadableStorage, netuid: number, build: Build<T>): T[] {
  if (!S.NetworksAdded.get(storage, netuid)) return [];
  const columns = readColumns(storage, netuid);
  const n = S.SubnetworkN.get(storage, netuid);
  const out: T[] = [];
  for (let uid = 0; uid < n; uid++) {
    const neuron = build(storage, columns, netuid, uid);
    if (neuron === undefined) break;
    out.push(neuron);
  }
  return out;
}

function oneOf<T>(storage: ReadableStorage, netuid: number, uid: number, build: Build<T>): T | undefined {
  if (!S.NetworksAdded.get(storage, netuid)) return undefined;
  return build(storage, readColumns(storage, netuid), netuid, uid);
}

export const getNeurons = (storage: ReadableStorage, netuid: number): NeuronInfo[] =>
  allOf(storage, netuid, neuronFull);
export const getNeuron = (storage: ReadableStorage, netuid: number, uid: number): NeuronInfo | undefined =>
  oneOf(storage, netuid, uid, neuronFull);
export const getNeuronsLite = (storage: ReadableStorage, netuid: number): NeuronInfoLite[] =>
  allOf(storage, netuid, neuronLite);
export const getNeuronLite = (
  storage: ReadableStorage,
  netuid: number,
  uid: number,
): NeuronInfoLite | undefined => oneOf(storage, netuid, uid, neuronLite);

const NETUID: FieldSpec = ['netuid', u16, 'NetUid'];
const UID: FieldSpec = ['uid', u16, 'u16'];

export const NeuronInfoRuntimeApi: RuntimeApiDecl = {
  name: 'NeuronInfoRuntimeApi',
  version: 1,
  methods: [
    {
      name: 'get_neurons',
      inputs: [NETUID],
      output: vec(NeuronInfoType),
      call: (ctx, args) => getNeurons(ctx.storage, arg(args, 'netuid')),
    },
    {
      name: 'get_neuron',
      inputs: [NETUID, UID],
      output: option(NeuronInfoType),
      call: (ctx, args) => getNeuron(ctx.storage, arg(args, 'netuid'), arg(args, 'uid')),
    },
    {
      name: 'get_neurons_lite',
      inputs: [NETUID],
      output: vec(NeuronInfoLiteType),
      call: (ctx, args) => getNeuronsLite(ctx.storage, arg(args, 'netuid')),
    },
    {
      name: 'get_neuron_lite',
      inputs: [NETUID, UID],
      output: option(NeuronInfoLiteType),
      call: (ctx, args) => getNeuronLite(ctx.storage, arg(args, 'netuid'), arg(args, 'uid')),
    },
  ],
};
