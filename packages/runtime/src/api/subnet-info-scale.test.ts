/**
 * Wire-format checks for SubnetInfoRuntimeApi: one structure against hand-computed SCALE, and
 * every output against an independent decoder (@polkadot/types) given the Rust declarations of
 * rpc_info/*.rs, which must consume our bytes exactly and re-encode them identically.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { MemoryStorage } from '../storage/kv.js';
import { S } from '../pallets/subtensor/storage.js';
import { encodeAny, type AnyType } from '../types/type.js';
import { getDynamicInfo, DynamicInfoType } from './dynamic-info.js';
import {
  Hyperparams,
  SubnetHyperparamsType,
  SubnetHyperparamsV2Type,
  SubnetHyperparamsV3Type,
  subnetHyperparams,
  subnetHyperparamsV2,
  subnetHyperparamsV3,
} from './hyperparams.js';
import { NETUID, fullSubnet } from './metagraph-fixture.js';
import { getSelectiveMetagraph, SelectiveMetagraphType } from './metagraph-selective.js';
import { getMetagraph, MetagraphType } from './metagraph.js';
import { getSubnetState, SubnetStateType } from './subnet-info-state.js';
import { getSubnetInfo, getSubnetInfoV2, SubnetInfoType, SubnetInfoV2Type } from './subnet-info.js';

test('hand-computed SCALE: SubnetInfo of a subnet with mostly default storage', () => {
  const storage = new MemoryStorage();
  S.NetworksAdded.set(storage, true, 5);
  S.Tempo.set(storage, 12, 5);
  S.SubnetworkN.set(storage, 3, 5);
  S.BlocksSinceLastStep.set(storage, 70n, 5);
  S.SubnetOwner.set(storage, new Uint8Array(32).fill(0x11), 5);
  const info = getSubnetInfo(storage, 5);
  assert.ok(info !== undefined);
  const expected = [
    0x14, // netuid 5
    0x28, // rho 10
    0xfe,
    0xff,
    0x01,
    0x00, // kappa 32767: four-byte mode
    0x02,
    0x5a,
    0x62,
    0x02, // difficulty 10,000,000
    0x01,
    0x40, // immunity_period 4096: two-byte mode
    0x01,
    0x02, // max_allowed_validators 128
    0x01,
    0x10, // min_allowed_weights 1024
    0xfe,
    0xff,
    0x03,
    0x00, // max_weights_limit 65535
    0xc8, // scaling_law_power 50
    0x0c, // subnetwork_n 3
    0x01,
    0x04, // max_allowed_uids 256
    0x19,
    0x01, // blocks_since_last_step 70
    0x30, // tempo 12
    0x00, // network_modality
    0x00, // network_connect: empty
    0x00, // emission_values
    0x02,
    0x28,
    0x6b,
    0xee, // burn 1,000,000,000
    ...new Array<number>(32).fill(0x11), // owner
  ];
  assert.deepEqual([...encodeAny(SubnetInfoType, info)], expected);
  // v2 renames emission_values and appends the identity (None).
  assert.deepEqual([...encodeAny(SubnetInfoV2Type, getSubnetInfoV2(storage, 5))], [...expected, 0x00]);
});

// ---- the Rust declarations, for the independent decoder ------------------------------------

const METAGRAPH_RUST = `
netuid: Compact<NetUid>; name: Vec<Compact<u8>>; symbol: Vec<Compact<u8>>;
identity: Option<SubnetIdentityV3>; network_registered_at: Compact<u64>;
owner_hotkey: AccountId; owner_coldkey: AccountId;
block: Compact<u64>; tempo: Compact<u16>; last_step: Compact<u64>; blocks_since_last_step: Compact<u64>;
subnet_emission: Compact<u64>; alpha_in: Compact<AlphaBalance>; alpha_out: Compact<AlphaBalance>;
tao_in: Compact<TaoBalance>; alpha_out_emission: Compact<AlphaBalance>; alpha_in_emission: Compact<AlphaBalance>;
tao_in_emission: Compact<TaoBalance>; pending_alpha_emission: Compact<AlphaBalance>;
pending_root_emission: Compact<TaoBalance>; subnet_volume: Compact<u128>; moving_price: I96F32;
rho: Compact<u16>; kappa: Compact<u16>; min_allowed_weights: Compact<u16>; max_weights_limit: Compact<u16>;
weights_version: Compact<u64>; weights_rate_limit: Compact<u64>; activity_cutoff: Compact<u64>;
max_validators: Compact<u16>; num_uids: Compact<u16>; max_uids: Compact<u16>; burn: Compact<TaoBalance>;
difficulty: Compact<u64>; registration_allowed: bool; pow_registration_allowed: bool;
immunity_period: Compact<u16>; min_difficulty: Compact<u64>; max_difficulty: Compact<u64>;
min_burn: Compact<TaoBalance>; max_burn: Compact<TaoBalance>; adjustment_alpha: Compact<u64>;
adjustment_interval: Compact<u16>; target_regs_per_interval: Compact<u16>; max_regs_per_block: Compact<u16>;
serving_rate_limit: Compact<u64>; commit_reveal_weights_enabled: bool; commit_reveal_period: Compact<u64>;
liquid_alpha_enabled: bool; alpha_high: Compact<u16>; alpha_low: Compact<u16>; bonds_moving_avg: Compact<u64>;
hotkeys: Vec<AccountId>; coldkeys: Vec<AccountId>; identities: Vec<Option<ChainIdentityOfV2>>;
axons: Vec<AxonInfo>; active: Vec<bool>; validator_permit: Vec<bool>; pruning_score: Vec<Compact<u16>>;
last_update: Vec<Compact<u64>>; emission: Vec<Compact<AlphaBalance>>; dividends: Vec<Compact<u16>>;
incentives: Vec<Compact<u16>>; consensus: Vec<Compact<u16>>; trust: Vec<Compact<u16>>; rank: Vec<Compact<u16>>;
block_at_registration: Vec<Compact<u64>>; alpha_stake: Vec<Compact<AlphaBalance>>;
tao_stake: Vec<Compact<TaoBalance>>; total_stake: Vec<Compact<TaoBalance>>;
tao_dividends_per_hotkey: Vec<(AccountId, Compact<TaoBalance>)>;
alpha_dividends_per_hotkey: Vec<(AccountId, Compact<AlphaBalance>)>`;

const DYNAMIC_INFO_RUST = `
netuid: Compact<NetUid>; owner_hotkey: AccountId; owner_coldkey: AccountId; subnet_name: Vec<Compact<u8>>;
token_symbol: Vec<Compact<u8>>; tempo: Compact<u16>; last_step: Compact<u64>; blocks_since_last_step: Compact<u64>;
emission: Compact<u64>; alpha_in: Compact<AlphaBalance>; alpha_out: Compact<AlphaBalance>; tao_in: Compact<TaoBalance>;
alpha_out_emission: Compact<AlphaBalance>; alpha_in_emission: Compact<AlphaBalance>;
tao_in_emission: Compact<TaoBalance>; pending_alpha_emission: Compact<AlphaBalance>;
pending_root_emission: Compact<TaoBalance>; subnet_volume: Compact<u128>; network_registered_at: Compact<u64>;
subnet_identity: Option<SubnetIdentityV3>; moving_price: I96F32`;

const SUBNET_STATE_RUST = `
netuid: Compact<NetUid>; hotkeys: Vec<AccountId>; coldkeys: Vec<AccountId>; active: Vec<bool>;
validator_permit: Vec<bool>; pruning_score: Vec<Compact<u16>>; last_update: Vec<Compact<u64>>;
emission: Vec<Compact<AlphaBalance>>; dividends: Vec<Compact<u16>>; incentives: Vec<Compact<u16>>;
consensus: Vec<Compact<u16>>; trust: Vec<Compact<u16>>; rank: Vec<Compact<u16>>;
block_at_registration: Vec<Compact<u64>>; alpha_stake: Vec<Compact<AlphaBalance>>;
tao_stake: Vec<Compact<TaoBalance>>; total_stake: Vec<Compact<TaoBalance>>;
emission_history: Vec<Vec<Compact<AlphaBalance>>>`;

const SUBNET_INFO_V2_RUST = `
netuid: Compact<NetUid>; rho: Compact<u16>; kappa: Compact<u16>; difficulty: Compact<u64>;
immunity_period: Compact<u16>; max_allowed_validators: Compact<u16>; min_allowed_weights: Compact<u16>;
max_weights_limit: Compact<u16>; scaling_law_power: Compact<u16>; subnetwork_n: Compact<u16>;
max_allowed_uids: Compact<u16>; blocks_since_last_step: Compact<u64>; tempo: Compact<u16>;
network_modality: Compact<u16>; network_connect: Vec<[u16; 2]>; emission_value: Compact<u64>;
burn: Compact<TaoBalance>; owner: AccountId; identity: Option<SubnetIdentityV3>`;

const HYPERPARAMS_RUST = `
rho: Compact<u16>; kappa: Compact<u16>; immunity_period: Compact<u16>; min_allowed_weights: Compact<u16>;
max_weights_limit: Compact<u16>; tempo: Compact<u16>; min_difficulty: Compact<u64>; max_difficulty: Compact<u64>;
weights_version: Compact<u64>; weights_rate_limit: Compact<u64>; adjustment_interval: Compact<u16>;
activity_cutoff: Compact<u64>; registration_allowed: bool; target_regs_per_interval: Compact<u16>;
min_burn: Compact<TaoBalance>; max_burn: Compact<TaoBalance>; bonds_moving_avg: Compact<u64>;
max_regs_per_block: Compact<u16>; serving_rate_limit: Compact<u64>; max_validators: Compact<u16>;
adjustment_alpha: Compact<u64>; difficulty: Compact<u64>; commit_reveal_period: Compact<u64>;
commit_reveal_weights_enabled: bool; alpha_high: Compact<u16>; alpha_low: Compact<u16>; liquid_alpha_enabled: bool`;

const HYPERPARAMS_V2_EXTRA_RUST = `
alpha_sigmoid_steepness: I32F32; yuma_version: Compact<u16>; subnet_is_active: bool; transfers_enabled: bool;
bonds_reset_enabled: bool; user_liquidity_enabled: bool`;

/** Rust type → @polkadot/types type. parity-scale-codec gives Option<bool> one byte: OptionBool. */
function polkadotType(rust: string): string {
  return rust
    .replace(/Option<bool>/g, 'OptionBool')
    .replace(/\bNetUid\b/g, 'u16')
    .replace(/\b(AlphaBalance|TaoBalance)\b/g, 'u64')
    .replace(/\bAccountId\b/g, 'AccountId32')
    .replace(/\bI96F32\b/g, 'TestFixedI128')
    .replace(/\bI32F32\b/g, 'TestFixedI64')
    .replace(/\bSubnetIdentityV3\b/g, 'TestSubnetIdentityV3')
    .replace(/\bChainIdentityOfV2\b/g, 'TestChainIdentityV2')
    .replace(/\bAxonInfo\b/g, 'TestAxonInfo')
    .replace(/\s+/g, '');
}

/** `name: Type; …` split at the semicolons outside brackets (`[u16; 2]` keeps its own). */
function fields(rust: string): [string, string][] {
  const parts: string[] = [''];
  let depth = 0;
  for (const c of rust) {
    if (c === '<' || c === '[' || c === '(') depth += 1;
    if (c === '>' || c === ']' || c === ')') depth -= 1;
    if (c === ';' && depth === 0) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const colon = part.indexOf(':');
      return [part.slice(0, colon).trim(), part.slice(colon + 1).trim()];
    });
}

const structOf = (list: [string, string][]): Record<string, string> =>
  Object.fromEntries(list.map(([name, rust]) => [name, polkadotType(rust)]));

const metagraphFields = fields(METAGRAPH_RUST);
const selectiveFields: [string, string][] = [
  ['netuid', 'Compact<NetUid>'],
  ...metagraphFields.slice(1).map(([name, rust]): [string, string] => [name, `Option<${rust}>`]),
  ['validators', 'Option<Vec<Compact<u16>>>'],
  ['commitments', 'Option<Vec<(AccountId, Vec<Compact<u8>>)>>'],
];

const registry = new TypeRegistry();
registry.register({
  TestFixedI128: { bits: 'i128' },
  TestFixedI64: { bits: 'i64' },
  TestFixedU128: { bits: 'u128' },
  TestSubnetIdentityV3: {
    subnet_name: 'Bytes',
    github_repo: 'Bytes',
    subnet_contact: 'Bytes',
    subnet_url: 'Bytes',
    discord: 'Bytes',
    description: 'Bytes',
    logo_url: 'Bytes',
    additional: 'Bytes',
  },
  TestChainIdentityV2: {
    name: 'Bytes',
    url: 'Bytes',
    github_repo: 'Bytes',
    image: 'Bytes',
    discord: 'Bytes',
    description: 'Bytes',
    additional: 'Bytes',
  },
  TestAxonInfo: {
    block: 'u64',
    version: 'u32',
    ip: 'u128',
    port: 'u16',
    ip_type: 'u8',
    protocol: 'u8',
    placeholder1: 'u8',
    placeholder2: 'u8',
  },
  TestMetagraph: structOf(metagraphFields),
  TestSelectiveMetagraph: structOf(selectiveFields),
  TestDynamicInfo: structOf(fields(DYNAMIC_INFO_RUST)),
  TestSubnetState: structOf(fields(SUBNET_STATE_RUST)),
  TestSubnetInfoV2: structOf(fields(SUBNET_INFO_V2_RUST)),
  TestHyperparams: structOf(fields(HYPERPARAMS_RUST)),
  TestHyperparamsV2: structOf([...fields(HYPERPARAMS_RUST), ...fields(HYPERPARAMS_V2_EXTRA_RUST)]),
  TestHyperparamValue: {
    _enum: {
      Bool: 'bool',
      U16: 'Compact<u16>',
      U32: 'Compact<u32>',
      U64: 'Compact<u64>',
      U128: 'Compact<u128>',
      TaoBalance: 'Compact<u64>',
      I32F32: 'TestFixedI64',
      U64F64: 'TestFixedU128',
    },
  },
  TestHyperparamEntry: { name: 'Bytes', value: 'TestHyperparamValue' },
});

/** The independent decoder must consume exactly our bytes and give them back unchanged. */
function crossCheck(polkadotName: string, ours: AnyType, value: unknown): Record<string, unknown> {
  const bytes = encodeAny(ours, value);
  const decoded = registry.createType(polkadotName, bytes);
  assert.equal(decoded.encodedLength, bytes.length, `${polkadotName}: bytes consumed`);
  assert.deepEqual(decoded.toU8a(), bytes, `${polkadotName}: re-encoded`);
  return decoded.toJSON() as Record<string, unknown>;
}

test('@polkadot/types decodes Metagraph, SelectiveMetagraph, DynamicInfo and SubnetState as declared in Rust', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  const graph = getMetagraph(s, NETUID, chain.number);
  assert.ok(graph !== undefined);
  const json = crossCheck('TestMetagraph', MetagraphType, graph);
  assert.equal(json['num_uids'], 256);
  assert.equal((json['hotkeys'] as unknown[]).length, 256);
  assert.equal(json['registration_allowed'], graph.registration_allowed);

  const everything = Array.from({ length: 74 }, (_, k) => k);
  crossCheck(
    'TestSelectiveMetagraph',
    SelectiveMetagraphType,
    getSelectiveMetagraph(s, NETUID, everything, chain.number),
  );
  const flags = crossCheck(
    'TestSelectiveMetagraph',
    SelectiveMetagraphType,
    getSelectiveMetagraph(s, NETUID, [3, 34, 35, 46, 48], chain.number),
  );
  assert.equal(flags['registration_allowed'], graph.registration_allowed);
  assert.equal(flags['pow_registration_allowed'], graph.pow_registration_allowed);
  assert.equal(flags['tempo'], null);
  crossCheck(
    'TestSelectiveMetagraph',
    SelectiveMetagraphType,
    getSelectiveMetagraph(s, NETUID, [], chain.number),
  );

  const dynamic = crossCheck('TestDynamicInfo', DynamicInfoType, getDynamicInfo(s, NETUID, chain.number));
  assert.deepEqual(dynamic['moving_price'], { bits: 2 ** 32 });
  crossCheck('TestSubnetState', SubnetStateType, getSubnetState(s, NETUID, chain.number));
});

test('@polkadot/types decodes SubnetInfov2 and the three hyperparameter shapes as declared in Rust', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  const info = crossCheck('TestSubnetInfoV2', SubnetInfoV2Type, getSubnetInfoV2(s, NETUID));
  assert.equal(info['subnetwork_n'], 256);
  const h = Hyperparams.of(s, NETUID);
  crossCheck('TestHyperparams', SubnetHyperparamsType, subnetHyperparams(h));
  crossCheck('TestHyperparamsV2', SubnetHyperparamsV2Type, subnetHyperparamsV2(h));
  const v3: unknown = crossCheck('Vec<TestHyperparamEntry>', SubnetHyperparamsV3Type, subnetHyperparamsV3(h));
  assert.ok(Array.isArray(v3) && v3.length === 33);
});
