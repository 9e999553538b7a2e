import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeExact } from '@tao-ts/primitives';
import { devAccount } from '../genesis.js';
import { listHyperparameters } from '../pallets/admin-utils/hyperparameters.js';
import { TestChain } from '../testing/chain.js';
import {
  Hyperparams,
  SubnetHyperparamsType,
  SubnetHyperparamsV2Type,
  SubnetHyperparamsV3Type,
  V3_NAMES,
  subnetHyperparams,
  subnetHyperparamsV2,
  subnetHyperparamsV3,
} from './hyperparams.js';

const alice = devAccount('Alice');
const chain = new TestChain();
const sudo = (name: string, args: object): void => {
  chain.ok(alice, chain.call('Sudo', 'sudo', { call: chain.call('AdminUtils', name, args) }));
};
sudo('sudo_set_kappa', { netuid: 1, kappa: 40_000 });
// Negative steepness is root-only.
sudo('sudo_set_alpha_sigmoid_steepness', { netuid: 1, steepness: -300 });
const entries = listHyperparameters(chain.storage, 1);
const byName = new Map(entries.map((e) => [e.name, e]));
const h = Hyperparams.of(chain.storage, 1);

test('get_subnet_hyperparams: each field is the listHyperparameters entry of that name', () => {
  const v1 = subnetHyperparams(h);
  for (const [name, value] of Object.entries(v1)) {
    assert.equal(value, byName.get(name)?.value, name);
  }
  assert.equal(v1.kappa, 40_000);
  assert.equal(Object.keys(v1).length, 27);
  assert.deepEqual(decodeExact(SubnetHyperparamsType.codec, SubnetHyperparamsType.codec.enc(v1), 'v1'), v1);
});

test('get_subnet_hyperparams_v2: v1 plus steepness as I32F32 and the v2 flags', () => {
  const v2 = subnetHyperparamsV2(h);
  assert.deepEqual(v2.alpha_sigmoid_steepness, { bits: -300n << 32n });
  assert.equal(v2.yuma_version, byName.get('yuma_version')?.value);
  assert.equal(v2.subnet_is_active, byName.get('subnet_is_active')?.value);
  assert.equal(v2.transfers_enabled, byName.get('transfers_enabled')?.value);
  assert.equal(v2.bonds_reset_enabled, byName.get('bonds_reset_enabled')?.value);
  assert.equal(v2.user_liquidity_enabled, false);
  const bytes = SubnetHyperparamsV2Type.codec.enc(v2);
  assert.deepEqual(decodeExact(SubnetHyperparamsV2Type.codec, bytes, 'v2'), v2);
  // The I32F32 sits after v1's fields: 8 bytes of the i64 two's complement, little-endian.
  const v1Length = SubnetHyperparamsType.codec.enc(subnetHyperparams(h)).length;
  const steepness = new DataView(bytes.buffer, bytes.byteOffset + v1Length, 8).getBigInt64(0, true);
  assert.equal(steepness, -300n << 32n);
});

test('get_subnet_hyperparams_v3: subtensor names in order, each value tagged by its type', () => {
  const v3 = subnetHyperparamsV3(h);
  const decoder = new TextDecoder();
  assert.deepEqual(
    v3.map((e) => decoder.decode(e.name)),
    [...V3_NAMES],
  );
  const tags = new Map(v3.map((e) => [decoder.decode(e.name), e.value]));
  assert.deepEqual(tags.get('kappa'), { tag: 'U16', value: 40_000 });
  assert.deepEqual(tags.get('activity_cutoff_factor'), {
    tag: 'U32',
    value: byName.get('activity_cutoff_factor')?.value,
  });
  assert.deepEqual(tags.get('weights_version'), { tag: 'U64', value: byName.get('weights_version')?.value });
  assert.deepEqual(tags.get('min_burn'), { tag: 'TaoBalance', value: byName.get('min_burn')?.value });
  assert.deepEqual(tags.get('burn_increase_mult'), {
    tag: 'U64F64',
    value: { bits: byName.get('burn_increase_mult')?.value },
  });
  assert.deepEqual(tags.get('alpha_sigmoid_steepness'), { tag: 'I32F32', value: { bits: -300n << 32n } });
  assert.deepEqual(tags.get('registration_allowed'), {
    tag: 'Bool',
    value: byName.get('registration_allowed')?.value,
  });
  assert.deepEqual(tags.get('min_childkey_take'), { tag: 'U16', value: 0 });
  for (const entry of v3) {
    const name = decoder.decode(entry.name);
    if (name === 'min_childkey_take' || entry.value.tag === 'I32F32' || entry.value.tag === 'U64F64')
      continue;
    assert.equal(entry.value.value, byName.get(name)?.value, name);
  }
  assert.deepEqual(
    decodeExact(SubnetHyperparamsV3Type.codec, SubnetHyperparamsV3Type.codec.enc(v3), 'v3'),
    v3,
  );
});

test('hand-computed bytes: the v3 kappa entry', () => {
  const [kappa] = subnetHyperparamsV3(h);
  assert.ok(kappa !== undefined);
  const bytes = SubnetHyperparamsV3Type.codec.enc([kappa]);
  // Vec len 1; name Vec<u8> "kappa"; variant U16 (index 1); Compact(40000) = (40000 << 2 | 2) LE.
  const compact = (40_000 << 2) | 2;
  assert.deepEqual(
    [...bytes],
    [
      0x04,
      0x14,
      ...[...'kappa'].map((c) => c.charCodeAt(0)),
      0x01,
      compact & 0xff,
      (compact >> 8) & 0xff,
      (compact >> 16) & 0xff,
      compact >>> 24,
    ],
  );
  assert.deepEqual([...bytes.slice(-4)], [0x02, 0x71, 0x02, 0x00]);
});
