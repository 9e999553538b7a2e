import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeExact } from '@tao-ts/primitives';
import { totalStakeWeight } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import { NETUID, fullSubnet } from './metagraph-fixture.js';
import {
  SelectiveMetagraphType,
  getSelectiveMechagraph,
  getSelectiveMetagraph,
  type SelectiveMetagraph,
} from './metagraph-selective.js';
import { getMetagraph, type Metagraph } from './metagraph.js';

/** subtensor's SelectiveMetagraphIndex, variant k ↔ index k (rpc_info/metagraph.rs). */
const SUBTENSOR_INDEXES = [
  'netuid',
  'name',
  'symbol',
  'identity',
  'network_registered_at',
  'owner_hotkey',
  'owner_coldkey',
  'block',
  'tempo',
  'last_step',
  'blocks_since_last_step',
  'subnet_emission',
  'alpha_in',
  'alpha_out',
  'tao_in',
  'alpha_out_emission',
  'alpha_in_emission',
  'tao_in_emission',
  'pending_alpha_emission',
  'pending_root_emission',
  'subnet_volume',
  'moving_price',
  'rho',
  'kappa',
  'min_allowed_weights',
  'max_weights_limit',
  'weights_version',
  'weights_rate_limit',
  'activity_cutoff',
  'max_validators',
  'num_uids',
  'max_uids',
  'burn',
  'difficulty',
  'registration_allowed',
  'pow_registration_allowed',
  'immunity_period',
  'min_difficulty',
  'max_difficulty',
  'min_burn',
  'max_burn',
  'adjustment_alpha',
  'adjustment_interval',
  'target_regs_per_interval',
  'max_regs_per_block',
  'serving_rate_limit',
  'commit_reveal_weights_enabled',
  'commit_reveal_period',
  'liquid_alpha_enabled',
  'alpha_high',
  'alpha_low',
  'bonds_moving_avg',
  'hotkeys',
  'coldkeys',
  'identities',
  'axons',
  'active',
  'validator_permit',
  'pruning_score',
  'last_update',
  'emission',
  'dividends',
  'incentives',
  'consensus',
  'trust',
  'rank',
  'block_at_registration',
  'alpha_stake',
  'tao_stake',
  'total_stake',
  'tao_dividends_per_hotkey',
  'alpha_dividends_per_hotkey',
  'validators',
  'commitments',
] as const;

let full: Metagraph;

before(() => {
  const { chain } = fullSubnet();
  const found = getMetagraph(chain.storage, NETUID, chain.number);
  assert.ok(found !== undefined);
  full = found;
});

function select(indexes: number[]): SelectiveMetagraph {
  const { chain } = fullSubnet();
  const out = getSelectiveMetagraph(chain.storage, NETUID, indexes, chain.number);
  assert.ok(out !== undefined);
  return out;
}

const entries = (m: SelectiveMetagraph): [string, unknown][] => Object.entries(m);

test('the struct lists the fields in SelectiveMetagraphIndex order', () => {
  const { info } = SelectiveMetagraphType;
  assert.equal(info.kind, 'composite');
  if (info.kind !== 'composite') return;
  assert.deepEqual(
    info.fields.map((f) => f.name),
    [...SUBTENSOR_INDEXES],
  );
});

test('each index fills exactly its own field, with the metagraph value; netuid stays 0 without index 0', () => {
  for (let index = 1; index < 72; index++) {
    const name = SUBTENSOR_INDEXES[index] as keyof Metagraph;
    const picked = select([index]);
    const set = entries(picked).filter(([key, value]) => key !== 'netuid' && value !== undefined);
    assert.deepEqual(
      set.map(([key]) => key),
      [name],
      `index ${index}`,
    );
    const expected = name === 'identity' ? (full.identity ?? null) : full[name];
    assert.deepEqual(picked[name as keyof SelectiveMetagraph], expected, `index ${index} (${name})`);
    assert.equal(picked.netuid, 0, `index ${index}: netuid`);
  }
  const withNetuid = select([0]);
  assert.equal(withNetuid.netuid, NETUID);
  assert.ok(entries(withNetuid).every(([key, value]) => key === 'netuid' || value === undefined));
});

test('several indexes, repeats and unknown indexes', () => {
  const picked = select([52, 0, 60, 52, 500, 65_535]);
  assert.equal(picked.netuid, NETUID);
  assert.deepEqual(picked.hotkeys, full.hotkeys);
  assert.deepEqual(picked.emission, full.emission);
  assert.equal(entries(picked).filter(([, value]) => value !== undefined).length, 3);
  // Nothing requested: the default struct (root netuid, every field None).
  assert.ok(
    entries(select([])).every(([key, value]) => (key === 'netuid' ? value === 0 : value === undefined)),
  );
});

test('index 72 lists permitted validators above StakeThreshold by ascending stake; 73 has no commitments', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  const permits = S.ValidatorPermit.get(s, NETUID);
  const stakeOf = (uid: number): bigint => totalStakeWeight(s, S.Keys.get(s, NETUID, uid), NETUID);
  const expected = permits
    .map((permit, uid) => ({ permit, uid, stake: stakeOf(uid) }))
    .filter((v) => v.permit && v.stake > S.StakeThreshold.get(s) << 64n)
    .sort((a, b) => (a.stake < b.stake ? -1 : a.stake > b.stake ? 1 : a.uid - b.uid))
    .map((v) => v.uid);
  const picked = select([72, 73]);
  assert.ok(expected.length > 10);
  assert.deepEqual(picked.validators, expected);
  assert.deepEqual(picked.commitments, []);
  for (let k = 1; k < expected.length; k++) {
    assert.ok(stakeOf(expected[k] as number) >= stakeOf(expected[k - 1] as number));
  }
});

test('selective mechagraph: always the subnet netuid; mechanism rows come from its storage index', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  const zero = getSelectiveMechagraph(s, NETUID, 0, [62, 59, 8], chain.number);
  assert.ok(zero !== undefined);
  assert.equal(zero.netuid, NETUID);
  assert.deepEqual(zero.incentives, full.incentives);
  assert.deepEqual(zero.last_update, full.last_update);
  assert.equal(zero.tempo, full.tempo);
  // Mechanism 1 does not exist: its rows (index 4097) are empty, the rest is the subnet's.
  const one = getSelectiveMechagraph(s, NETUID, 1, [0, 62, 59, 52], chain.number);
  assert.ok(one !== undefined);
  assert.equal(one.netuid, NETUID);
  assert.deepEqual([one.incentives, one.last_update], [[], []]);
  assert.deepEqual(one.hotkeys, full.hotkeys);
  assert.equal(getSelectiveMechagraph(s, 77, 0, [0], chain.number), undefined);
  assert.equal(getSelectiveMetagraph(s, 77, [0], chain.number), undefined);
});

test('bytes: None is one zero byte per field, Option<bool> is one byte, identity is Option<Option<_>>', () => {
  const nothing = SelectiveMetagraphType.codec.enc(select([]));
  assert.deepEqual(nothing, new Uint8Array(74));
  // netuid Compact(1) = 0x04; field k sits at byte k while every earlier field is None.
  const flag = SelectiveMetagraphType.codec.enc(select([0, 34]));
  const expected = new Uint8Array(74);
  expected[0] = 0x04;
  expected[34] = full.registration_allowed ? 0x01 : 0x02;
  assert.deepEqual(flag, expected);
  const identity = SelectiveMetagraphType.codec.enc(select([3]));
  const withIdentity = new Uint8Array(75);
  withIdentity[3] = 0x01; // Some(None): the subnet has no identity.
  assert.deepEqual(identity, withIdentity);
});

test('SelectiveMetagraph round trips through its codec', () => {
  const all = select(SUBTENSOR_INDEXES.map((_, k) => k));
  const bytes = SelectiveMetagraphType.codec.enc(all);
  assert.deepEqual(decodeExact(SelectiveMetagraphType.codec, bytes, 'SelectiveMetagraph'), all);
  const some = select([3, 34, 35, 46, 48, 21]);
  assert.deepEqual(
    decodeExact(SelectiveMetagraphType.codec, SelectiveMetagraphType.codec.enc(some), 'SelectiveMetagraph'),
    some,
  );
});
