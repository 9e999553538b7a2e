import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { TypeRegistry } from '@polkadot/types';
import { encodeAddress, fromHex, toHex, u16 as u16Codec } from '@tao-ts/primitives';
import { S } from '../pallets/subtensor/storage.js';
import { option, vec } from '../types/type.js';
import {
  NeuronInfoLiteType,
  NeuronInfoType,
  getNeuron,
  getNeuronLite,
  getNeurons,
  getNeuronsLite,
  type NeuronInfo,
  type NeuronInfoLite,
} from './neuron-info.js';
import { apiNetwork, stateCall, stateCallDecoded, type ApiNetwork } from './test-kit.js';

const netuidInput = (netuid: number): Uint8Array => u16Codec.enc(netuid);
const uidInput = (netuid: number, uid: number): Uint8Array =>
  Uint8Array.from([...u16Codec.enc(netuid), ...u16Codec.enc(uid)]);

let net: ApiNetwork;
before(() => {
  net = apiNetwork();
});

describe('NeuronInfoRuntimeApi over a populated chain', () => {
  it('get_neurons_lite reports each uid as storage holds it', () => {
    const storage = net.chain.storage;
    for (const subnet of net.subnets) {
      const { netuid } = subnet;
      const neurons = getNeuronsLite(storage, netuid);
      assert.equal(neurons.length, S.SubnetworkN.get(storage, netuid));
      // uid 0 is the owner's; then validators, then miners, in registration order.
      const hotkeys = [
        S.SubnetOwnerHotkey.get(storage, netuid),
        ...subnet.validatorHotkeys,
        ...subnet.minerHotkeys,
      ];
      const coldkeys = [
        S.SubnetOwner.get(storage, netuid),
        ...subnet.validatorColdkeys,
        ...subnet.minerColdkeys,
      ];
      neurons.forEach((neuron, uid) => {
        assert.equal(neuron.uid, uid);
        assert.equal(neuron.netuid, netuid);
        assert.deepEqual(neuron.hotkey, hotkeys[uid]);
        assert.deepEqual(neuron.coldkey, coldkeys[uid]);
        assert.deepEqual(neuron.stake, [
          [coldkeys[uid], S.TotalHotkeyAlpha.get(storage, neuron.hotkey, netuid)],
        ]);
        assert.equal(neuron.emission, S.Emission.get(storage, netuid)[uid]);
        assert.equal(neuron.incentive, S.Incentive.get(storage, netuid)[uid]);
        assert.equal(neuron.consensus, S.Consensus.get(storage, netuid)[uid]);
        assert.equal(neuron.dividends, S.Dividends.get(storage, netuid)[uid]);
        assert.equal(neuron.validator_trust, S.ValidatorTrust.get(storage, netuid)[uid]);
        assert.equal(neuron.validator_permit, S.ValidatorPermit.get(storage, netuid)[uid]);
        assert.equal(neuron.active, S.Active.get(storage, netuid)[uid]);
        assert.equal(neuron.last_update, S.LastUpdate.get(storage, netuid)[uid]);
        // Deprecated in subtensor: constant values.
        assert.equal(neuron.rank, 0);
        assert.equal(neuron.trust, 0);
        assert.equal(neuron.pruning_score, 0xffff);
      });
    }
  });

  it('reports the epoch outputs: validators earn dividends, miners incentive by weight', () => {
    const [v0, v1, m0, m1, m2] = getNeuronsLite(net.chain.storage, 1).slice(1);
    assert.ok(v0 && v1 && m0 && m1 && m2);
    for (const validator of [v0, v1]) {
      assert.equal(validator.validator_permit, true);
      assert.ok(validator.dividends > 0, 'validator dividends');
      assert.ok(validator.emission > 0n, 'validator emission');
      assert.ok(validator.stake[0] !== undefined && validator.stake[0][1] > 0n);
    }
    // Weights 1000 : 2000 : 3000 on miners 0, 1, 2.
    assert.ok(m0.incentive > 0 && m0.incentive < m1.incentive && m1.incentive < m2.incentive);
    assert.ok(m0.emission > 0n && m0.emission < m1.emission && m1.emission < m2.emission);
    assert.ok(v0.last_update > m2.last_update, 'validators set weights after the miners registered');
  });

  it('shows the served axon and empty endpoints elsewhere', () => {
    const neurons = getNeuronsLite(net.chain.storage, 1);
    assert.deepEqual(neurons[3]?.axon_info, {
      block: S.Axons.tryGet(net.chain.storage, 1, neurons[3]?.hotkey ?? new Uint8Array(32))?.block,
      version: 7,
      ip: 0xc0a8_0001n,
      port: 8091,
      ip_type: 4,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    });
    assert.equal(neurons[4]?.axon_info.port, 0);
    assert.deepEqual(neurons[4]?.prometheus_info, { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 });
  });

  it('get_neurons adds the non-zero weights and bonds of each uid', () => {
    const storage = net.chain.storage;
    const neurons = getNeurons(storage, 2);
    for (const neuron of neurons) {
      const stored = S.Weights.get(storage, 2, neuron.uid).filter(([, w]) => w > 0);
      assert.deepEqual(neuron.weights, stored);
      assert.deepEqual(
        neuron.bonds,
        S.Bonds.get(storage, 2, neuron.uid).filter(([, b]) => b > 0),
      );
    }
    const validator = neurons[1];
    assert.deepEqual(
      validator?.weights.map(([uid]) => uid),
      [3, 4, 5],
    );
    assert.ok((validator?.bonds.length ?? 0) > 0, 'a validator holds bonds after epochs');
    assert.deepEqual(neurons[3]?.weights, []);
    // The lite form is the full one without weights and bonds.
    const lite = getNeuronsLite(storage, 2);
    assert.deepEqual(
      neurons.map(({ weights: _w, bonds: _b, ...rest }) => rest),
      lite,
    );
  });

  it('get_neuron(_lite) return one uid, None past the last uid or on a missing subnet', () => {
    const storage = net.chain.storage;
    assert.deepEqual(getNeuron(storage, 1, 2), getNeurons(storage, 1)[2]);
    assert.deepEqual(getNeuronLite(storage, 2, 4), getNeuronsLite(storage, 2)[4]);
    assert.equal(getNeuron(storage, 1, 6), undefined);
    assert.equal(getNeuronLite(storage, 1, 0xffff), undefined);
    assert.equal(getNeuron(storage, 9, 0), undefined);
    assert.deepEqual(getNeurons(storage, 9), []);
    assert.deepEqual(getNeuronsLite(storage, 9), []);
  });
});

describe('NeuronInfoRuntimeApi through state_call', () => {
  it('returns the SCALE of what the functions compute, and it decodes back', () => {
    const { chain } = net;
    const lite = stateCallDecoded(
      chain,
      'NeuronInfoRuntimeApi_get_neurons_lite',
      vec(NeuronInfoLiteType),
      netuidInput(1),
    );
    assert.deepEqual(lite, getNeuronsLite(chain.storage, 1));
    const full = stateCallDecoded(
      chain,
      'NeuronInfoRuntimeApi_get_neurons',
      vec(NeuronInfoType),
      netuidInput(2),
    );
    assert.deepEqual(full, getNeurons(chain.storage, 2));
    const one = stateCallDecoded(
      chain,
      'NeuronInfoRuntimeApi_get_neuron',
      option(NeuronInfoType),
      uidInput(2, 1),
    );
    assert.deepEqual(one, getNeuron(chain.storage, 2, 1));
    const oneLite = stateCallDecoded(
      chain,
      'NeuronInfoRuntimeApi_get_neuron_lite',
      option(NeuronInfoLiteType),
      uidInput(1, 3),
    );
    assert.deepEqual(oneLite, getNeuronLite(chain.storage, 1, 3));
  });

  it('encodes the list as Vec: compact length, then each neuron starting with its hotkey', () => {
    const { chain } = net;
    const out = stateCall(chain, 'NeuronInfoRuntimeApi_get_neurons_lite', netuidInput(1));
    assert.equal(out[0], 6 << 2, 'compact(6)');
    assert.deepEqual(out.subarray(1, 33), S.SubnetOwnerHotkey.get(chain.storage, 1));
    assert.deepEqual(out.subarray(33, 65), S.SubnetOwner.get(chain.storage, 1));
    assert.deepEqual([...out.subarray(65, 67)], [0x00, 0x04], 'uid 0, netuid 1 as compacts');
  });

  it('encodes an empty Vec and None for a missing subnet', () => {
    const { chain } = net;
    assert.deepEqual([...stateCall(chain, 'NeuronInfoRuntimeApi_get_neurons', netuidInput(77))], [0]);
    assert.deepEqual([...stateCall(chain, 'NeuronInfoRuntimeApi_get_neuron_lite', uidInput(77, 0))], [0]);
  });
});

const hotkey = new Uint8Array(32).fill(1);
const coldkey = new Uint8Array(32).fill(2);

const sample: NeuronInfoLite = {
  hotkey,
  coldkey,
  uid: 3,
  netuid: 1,
  active: true,
  axon_info: {
    block: 258n,
    version: 7,
    ip: 0xc0a8_0001n,
    port: 8091,
    ip_type: 4,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  },
  prometheus_info: { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 },
  stake: [[coldkey, 2_000_000_000n]],
  rank: 0,
  emission: 5n,
  incentive: 65_535,
  consensus: 0,
  trust: 0,
  validator_trust: 100,
  dividends: 1,
  last_update: 7n,
  validator_permit: false,
  pruning_score: 65_535,
};

const hex = (...parts: string[]): string => `0x${parts.join('').replace(/\s+/g, '')}`;
const HEAD_HEX = hex(
  '01'.repeat(32), // hotkey
  '02'.repeat(32), // coldkey
  '0c', // uid 3 (compact)
  '04', // netuid 1 (compact)
  '01', // active
  '0201000000000000', // axon block 258 (u64 LE)
  '07000000', // version 7 (u32)
  '0100a8c0000000000000000000000000', // ip 192.168.0.1 (u128 LE)
  '9b1f', // port 8091 (u16)
  '04 04 00 00', // ip_type, protocol, placeholder1, placeholder2
  '00'.repeat(8 + 4 + 16 + 2 + 1), // empty prometheus info
  '04', // stake: one entry
  '02'.repeat(32), // its coldkey
  '0300943577', // 2_000_000_000 (compact, big-integer mode)
  '00', // rank 0
  '14', // emission 5
  'feff0300', // incentive 65535 (compact, four-byte mode)
  '00 00', // consensus, trust
  '9101', // validator_trust 100 (compact, two-byte mode)
  '04', // dividends 1
  '1c', // last_update 7
  '00', // validator_permit false
);

describe('NeuronInfo byte layout', () => {
  it('encodes a NeuronInfoLite field by field as subtensor does', () => {
    assert.equal(toHex(NeuronInfoLiteType.codec.enc(sample)), `${HEAD_HEX}feff0300`);
    assert.deepEqual(NeuronInfoLiteType.codec.dec(fromHex(`${HEAD_HEX}feff0300`)), sample);
  });

  it('puts weights and bonds before pruning_score in the full NeuronInfo', () => {
    const full: NeuronInfo = { ...sample, weights: [[1, 2]], bonds: [] };
    // weights: one (compact uid 1, compact weight 2); bonds: none.
    assert.equal(toHex(NeuronInfoType.codec.enc(full)), `${HEAD_HEX}040408` + '00' + 'feff0300');
  });

  it('declares subtensor’s scale-info paths, type parameter and field order', () => {
    const info = NeuronInfoType.info;
    assert.equal(info.kind, 'composite');
    if (info.kind !== 'composite') return;
    assert.deepEqual(info.path, ['pallet_subtensor', 'rpc_info', 'neuron_info', 'NeuronInfo']);
    assert.deepEqual(
      info.params?.map((p) => p.name),
      ['AccountId'],
    );
    assert.deepEqual(
      info.fields.map((f) => f.name),
      [
        'hotkey',
        'coldkey',
        'uid',
        'netuid',
        'active',
        'axon_info',
        'prometheus_info',
        'stake',
        'rank',
        'emission',
        'incentive',
        'consensus',
        'trust',
        'validator_trust',
        'dividends',
        'last_update',
        'validator_permit',
        'weights',
        'bonds',
        'pruning_score',
      ],
    );
    const lite = NeuronInfoLiteType.info;
    assert.ok(lite.kind === 'composite');
    assert.equal(lite.path.at(-1), 'NeuronInfoLite');
    assert.deepEqual(
      lite.fields.map((f) => f.name).filter((n) => n === 'weights' || n === 'bonds'),
      [],
    );
  });
});

describe('NeuronInfoLite decoded by polkadot-js', () => {
  it('decodes with a hand-written type definition of subtensor’s struct', () => {
    const registry = new TypeRegistry();
    registry.register({
      AxonInfo: {
        block: 'u64',
        version: 'u32',
        ip: 'u128',
        port: 'u16',
        ip_type: 'u8',
        protocol: 'u8',
        placeholder1: 'u8',
        placeholder2: 'u8',
      },
      PrometheusInfo: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8' },
      NeuronInfoLite: {
        hotkey: 'AccountId32',
        coldkey: 'AccountId32',
        uid: 'Compact<u16>',
        netuid: 'Compact<u16>',
        active: 'bool',
        axon_info: 'AxonInfo',
        prometheus_info: 'PrometheusInfo',
        stake: 'Vec<(AccountId32, Compact<u64>)>',
        rank: 'Compact<u16>',
        emission: 'Compact<u64>',
        incentive: 'Compact<u16>',
        consensus: 'Compact<u16>',
        trust: 'Compact<u16>',
        validator_trust: 'Compact<u16>',
        dividends: 'Compact<u16>',
        last_update: 'Compact<u64>',
        validator_permit: 'bool',
        pruning_score: 'Compact<u16>',
      },
    });
    const neuron = getNeuronLite(net.chain.storage, 1, 3);
    assert.ok(neuron);
    const bytes = NeuronInfoLiteType.codec.enc(neuron);
    const decoded = registry.createType('NeuronInfoLite', bytes);
    assert.deepEqual(decoded.toU8a(), bytes, 'every byte read, and re-encoded the same');
    const json = decoded.toJSON() as Record<string, unknown>;
    assert.equal(json.hotkey, encodeAddress(neuron.hotkey));
    assert.equal(json.uid, 3);
    assert.equal(json.netuid, 1);
    assert.equal(json.pruning_score, 0xffff);
    assert.deepEqual(json.stake, [[encodeAddress(neuron.coldkey), Number(neuron.stake[0]?.[1])]]);
    assert.equal(json.emission, Number(neuron.emission));
    assert.equal((json.axon_info as Record<string, unknown>).port, 8091);
  });
});
