import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeExact } from '@tao-ts/primitives';
import { TAO, devAccount } from '../genesis.js';
import { listHyperparameters } from '../pallets/admin-utils/hyperparameters.js';
import { S } from '../pallets/subtensor/storage.js';
import { networkToPrune } from '../pallets/subtensor/subnets.js';
import { Overlay } from '../storage/kv.js';
import { TestChain } from '../testing/chain.js';
import { encodeAny } from '../types/type.js';
import { callRuntimeApi } from './call.js';
import { DynamicInfoType, getAllDynamicInfo, getDynamicInfo } from './dynamic-info.js';
import { getMetagraph } from './metagraph.js';
import { getSubnetState, SubnetStateType } from './subnet-info-state.js';
import {
  getNextEpochStartBlock,
  getSubnetAccountId,
  getSubnetToPrune,
  subnetAccountId,
} from './subnet-info-misc.js';
import { SubnetInfoRuntimeApi } from './subnet-info-api.js';
import {
  getSubnetInfo,
  getSubnetInfoV2,
  getSubnetsInfo,
  getSubnetsInfoV2,
  SubnetInfoType,
  SubnetInfoV2Type,
} from './subnet-info.js';
import type { RuntimeApiContext } from './types.js';

const alice = devAccount('Alice');
const bob = devAccount('Bob');
const bobHotkey = devAccount('Bob//hot');
const hex = (a: Uint8Array): string => Buffer.from(a).toString('hex');
const text = (b: Uint8Array | number[]): string => Buffer.from(b).toString();

/** The dev chain with a second subnet (Bob's) and an identity on subnet 1. */
function devChain(): TestChain {
  const chain = new TestChain();
  chain.ok(bob, chain.call('SubtensorModule', 'register_network', { hotkey: bobHotkey }));
  const identity = { subnet_name: 'dev-one', github_repo: 'https://example.org/repo' };
  chain.ok(
    alice,
    chain.call('SubtensorModule', 'set_subnet_identity', {
      netuid: 1,
      subnet_name: new TextEncoder().encode(identity.subnet_name),
      github_repo: new TextEncoder().encode(identity.github_repo),
      subnet_contact: new Uint8Array(),
      subnet_url: new Uint8Array(),
      discord: new Uint8Array(),
      description: new Uint8Array(),
      logo_url: new Uint8Array(),
      additional: new Uint8Array(),
    }),
  );
  chain.ok(
    bob,
    chain.call('SubtensorModule', 'add_stake', { hotkey: bobHotkey, netuid: 1, amount_staked: TAO }),
  );
  chain.blocks(12);
  return chain;
}

const chain = devChain();
const storage = chain.storage;
const ctx = (): RuntimeApiContext => ({
  storage,
  tao: chain.tao,
  blockNumber: chain.number,
  genesisHash: new Uint8Array(32),
});

function call(name: string, args: Record<string, unknown> = {}): { value: unknown; bytes: Uint8Array } {
  const method = SubnetInfoRuntimeApi.methods.find((m) => m.name === name);
  assert.ok(method !== undefined, name);
  const value = method.call(ctx(), args);
  return { value, bytes: encodeAny(method.output, value) };
}

test('SubnetInfoRuntimeApi declares every method of subtensor HEAD, in order, at version 2', () => {
  assert.equal(SubnetInfoRuntimeApi.name, 'SubnetInfoRuntimeApi');
  assert.equal(SubnetInfoRuntimeApi.version, 2);
  assert.deepEqual(
    SubnetInfoRuntimeApi.methods.map((m) => [m.name, m.inputs.map(([name]) => name).join(',')]),
    [
      ['get_subnet_info', 'netuid'],
      ['get_subnets_info', ''],
      ['get_subnet_info_v2', 'netuid'],
      ['get_subnets_info_v2', ''],
      ['get_subnet_hyperparams', 'netuid'],
      ['get_subnet_hyperparams_v2', 'netuid'],
      ['get_subnet_hyperparams_v3', 'netuid'],
      ['get_all_dynamic_info', ''],
      ['get_all_metagraphs', ''],
      ['get_metagraph', 'netuid'],
      ['get_all_mechagraphs', ''],
      ['get_mechagraph', 'netuid,mecid'],
      ['get_dynamic_info', 'netuid'],
      ['get_subnet_state', 'netuid'],
      ['get_selective_metagraph', 'netuid,metagraph_indexes'],
      ['get_coldkey_auto_stake_hotkey', 'coldkey,netuid'],
      ['get_selective_mechagraph', 'netuid,subid,metagraph_indexes'],
      ['get_subnet_to_prune', ''],
      ['get_subnet_account_id', 'netuid'],
      ['get_next_epoch_start_block', 'netuid'],
    ],
  );
});

test('every per-subnet method answers None for a subnet that does not exist', () => {
  const perSubnet = [
    'get_subnet_info',
    'get_subnet_info_v2',
    'get_subnet_hyperparams',
    'get_subnet_hyperparams_v2',
    'get_subnet_hyperparams_v3',
    'get_metagraph',
    'get_mechagraph',
    'get_dynamic_info',
    'get_subnet_state',
    'get_selective_metagraph',
    'get_selective_mechagraph',
    'get_subnet_account_id',
  ];
  for (const name of perSubnet) {
    const { value, bytes } = call(name, { netuid: 9, mecid: 0, subid: 0, metagraph_indexes: [0, 1] });
    assert.equal(value, undefined, name);
    assert.deepEqual(bytes, Uint8Array.of(0), name);
  }
  assert.throws(() => call('get_metagraph', { netuid: 'one' }), { code: 'RUNTIME_API_ERROR' });
});

test('get_subnet_info and _v2: storage values; the identity in v2', () => {
  const info = getSubnetInfo(storage, 1);
  assert.ok(info !== undefined);
  const hyper = new Map(listHyperparameters(storage, 1).map((e) => [e.name, e.value]));
  assert.equal(info.netuid, 1);
  assert.equal(info.tempo, S.Tempo.get(storage, 1));
  assert.equal(info.kappa, S.Kappa.get(storage, 1));
  assert.equal(info.rho, S.Rho.get(storage, 1));
  assert.equal(info.difficulty, S.Difficulty.get(storage, 1));
  assert.equal(info.immunity_period, hyper.get('immunity_period'));
  assert.equal(info.max_allowed_validators, S.MaxAllowedValidators.get(storage, 1));
  assert.equal(info.max_allowed_uids, S.MaxAllowedUids.get(storage, 1));
  assert.equal(info.subnetwork_n, S.SubnetworkN.get(storage, 1));
  assert.equal(info.blocks_since_last_step, S.BlocksSinceLastStep.get(storage, 1));
  assert.equal(info.burn, S.Burn.get(storage, 1));
  assert.equal(hex(info.owner), hex(alice));
  assert.deepEqual(
    [info.scaling_law_power, info.network_modality, info.network_connect, info.emission_values],
    [50, 0, [], 0n],
  );
  const v2 = getSubnetInfoV2(storage, 1);
  assert.ok(v2 !== undefined);
  assert.equal(text(v2.identity?.subnet_name ?? new Uint8Array()), 'dev-one');
  assert.equal(getSubnetInfoV2(storage, 2)?.identity, undefined);
  assert.equal(hex(getSubnetInfo(storage, 2)?.owner ?? new Uint8Array()), hex(bob));
  for (const [type, value] of [
    [SubnetInfoType, info],
    [SubnetInfoV2Type, v2],
  ] as const) {
    const bytes = encodeAny(type, value);
    assert.deepEqual(decodeExact(type.codec as never, bytes, type.name), value);
  }
});

test('get_subnets_info(_v2): every existing subnet, by netuid', () => {
  assert.deepEqual(
    getSubnetsInfo(storage).map((i) => i?.netuid),
    [0, 1, 2],
  );
  assert.deepEqual(
    getSubnetsInfoV2(storage).map((i) => i?.netuid),
    [0, 1, 2],
  );
  const { bytes } = call('get_subnets_info');
  assert.equal(bytes[0], 3 << 2);
});

test('get_dynamic_info: the pool and schedule terms of the metagraph, under their own names', () => {
  const info = getDynamicInfo(storage, 1, chain.number);
  const graph = getMetagraph(storage, 1, chain.number);
  assert.ok(info !== undefined && graph !== undefined);
  assert.equal(text(info.subnet_name), 'dev-one');
  assert.equal(text(info.token_symbol), '\u{1d70f}');
  assert.equal(info.subnet_identity?.subnet_name.length, 7);
  assert.equal(hex(info.owner_hotkey), hex(S.SubnetOwnerHotkey.get(storage, 1)));
  assert.equal(hex(info.owner_coldkey), hex(alice));
  assert.equal(info.tao_in, S.SubnetTAO.get(storage, 1));
  assert.equal(info.alpha_out, S.SubnetAlphaOut.get(storage, 1));
  assert.equal(info.alpha_in, S.SubnetAlphaIn.get(storage, 1));
  assert.equal(info.tao_in_emission, S.SubnetEmission.get(storage, 1));
  assert.ok(info.tao_in_emission > 0n);
  assert.equal(info.emission, 0n);
  assert.deepEqual(info.moving_price, { bits: 1n << 32n });
  for (const key of ['tempo', 'last_step', 'blocks_since_last_step', 'pending_alpha_emission'] as const) {
    assert.equal(info[key], graph[key], key);
  }
  // Bob's subnet was never started and has a pool of its own; root is named by the fallback table.
  assert.equal(getDynamicInfo(storage, 2, chain.number)?.tao_in_emission, 0n);
  assert.equal(text(getDynamicInfo(storage, 0, chain.number)?.subnet_name ?? []), 'root');
  assert.equal(text(getDynamicInfo(storage, 2, chain.number)?.subnet_name ?? []), 'omron');
  assert.deepEqual(
    getAllDynamicInfo(storage, chain.number).map((d) => d?.netuid),
    [0, 1, 2],
  );
  const bytes = encodeAny(DynamicInfoType, info);
  assert.deepEqual(decodeExact(DynamicInfoType.codec, bytes, 'DynamicInfo'), info);
});

test('get_subnet_state: the metagraph columns, and a zero emission history row per subnet', () => {
  const state = getSubnetState(storage, 1, chain.number);
  const graph = getMetagraph(storage, 1, chain.number);
  assert.ok(state !== undefined && graph !== undefined);
  for (const key of [
    'hotkeys',
    'coldkeys',
    'active',
    'validator_permit',
    'last_update',
    'emission',
    'incentives',
    'dividends',
    'alpha_stake',
    'total_stake',
  ] as const) {
    assert.deepEqual(state[key], graph[key], key);
  }
  assert.ok(state.hotkeys.length > 0);
  assert.deepEqual(
    state.emission_history,
    [0, 1, 2].map(() => state.hotkeys.map(() => 0n)),
  );
  const bytes = encodeAny(SubnetStateType, state);
  assert.deepEqual(decodeExact(SubnetStateType.codec, bytes, 'SubnetState'), state);
});

test('get_subnet_account_id: "modl" ‖ "subtensr" ‖ netuid (LE) zero-padded; root and existing subnets only', () => {
  const expected = new Uint8Array(32);
  expected.set([0x6d, 0x6f, 0x64, 0x6c, 0x73, 0x75, 0x62, 0x74, 0x65, 0x6e, 0x73, 0x72, 0x02, 0x00]);
  assert.deepEqual(getSubnetAccountId(storage, 2), expected);
  assert.deepEqual(subnetAccountId(0x0102).slice(12, 14), Uint8Array.of(0x02, 0x01));
  assert.deepEqual(getSubnetAccountId(storage, 0)?.slice(12), new Uint8Array(20));
  assert.equal(getSubnetAccountId(storage, 7), undefined);
  assert.deepEqual(call('get_subnet_account_id', { netuid: 2 }).bytes, Uint8Array.of(1, ...expected));
});

test('get_next_epoch_start_block: LastEpochBlock + tempo, an earlier pending trigger, None at tempo 0', () => {
  const last = S.LastEpochBlock.get(storage, 1);
  const tempo = BigInt(S.Tempo.get(storage, 1));
  assert.equal(getNextEpochStartBlock(storage, 1), last + tempo);
  const overlay = new Overlay(storage);
  S.PendingEpochAt.set(overlay, last + 3n, 1);
  assert.equal(getNextEpochStartBlock(overlay, 1), last + 3n);
  S.PendingEpochAt.set(overlay, last + tempo + 5n, 1);
  assert.equal(getNextEpochStartBlock(overlay, 1), last + tempo);
  S.Tempo.set(overlay, 0, 1);
  assert.equal(getNextEpochStartBlock(overlay, 1), undefined);
  // As on subtensor, a netuid without a subnet reads the storage defaults (tempo 360, last 0).
  assert.equal(getNextEpochStartBlock(storage, 40), 360n);
  const { bytes } = call('get_next_epoch_start_block', { netuid: 1 });
  assert.equal(bytes[0], 1);
  assert.equal(
    decodeExact(SubnetInfoRuntimeApi.methods[19]?.output.codec as never, bytes, 'u64'),
    last + tempo,
  );
});

test('get_subnet_to_prune is the subnet registration would recycle; auto-stake destinations are None', () => {
  assert.equal(getSubnetToPrune(storage, chain.number), undefined); // every subnet is still immune
  const overlay = new Overlay(storage);
  S.NetworkImmunityPeriod.set(overlay, 0n);
  const pruned = getSubnetToPrune(overlay, chain.number);
  assert.ok(pruned !== undefined && pruned !== 0);
  assert.equal(pruned, networkToPrune(overlay, chain.number));
  assert.deepEqual(call('get_subnet_to_prune').bytes, Uint8Array.of(0));
  const auto = call('get_coldkey_auto_stake_hotkey', { coldkey: alice, netuid: 1 });
  assert.deepEqual(auto.bytes, Uint8Array.of(0));
});

test('state_call inputs decode as the trait declares them (u16 netuid, u8 mechanism id, Vec<u16>, AccountId32)', () => {
  const run = (name: string, input: number[]): Uint8Array =>
    callRuntimeApi([SubnetInfoRuntimeApi], ctx(), `SubnetInfoRuntimeApi_${name}`, Uint8Array.from(input));
  const netuid = [0x01, 0x00];
  assert.deepEqual(run('get_metagraph', netuid), call('get_metagraph', { netuid: 1 }).bytes);
  assert.deepEqual(
    run('get_selective_mechagraph', [...netuid, 0x00, 0x08, 0x08, 0x00, 0x34, 0x00]),
    call('get_selective_mechagraph', { netuid: 1, subid: 0, metagraph_indexes: [8, 52] }).bytes,
  );
  assert.deepEqual(run('get_mechagraph', [...netuid, 0x01]), Uint8Array.of(0));
  assert.deepEqual(run('get_coldkey_auto_stake_hotkey', [...alice, ...netuid]), Uint8Array.of(0));
  assert.deepEqual(run('get_subnets_info', []), call('get_subnets_info').bytes);
  assert.throws(() => run('get_metagraph', [0x01]), { code: 'RUNTIME_API_ERROR' });
});
