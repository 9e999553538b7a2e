import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeExact } from '@tao-ts/primitives';
import { listHyperparameters } from '../pallets/admin-utils/hyperparameters.js';
import { S } from '../pallets/subtensor/storage.js';
import type { AccountId } from '../types/substrate.js';
import { encodeAny } from '../types/type.js';
import {
  MINERS,
  NETUID,
  ROOT_STAKE,
  SERVING_MINERS,
  VALIDATORS,
  axonIp,
  fullSubnet,
} from './metagraph-fixture.js';
import {
  MetagraphType,
  getAllMechagraphs,
  getAllMetagraphs,
  getMechagraph,
  getMetagraph,
} from './metagraph.js';
import type { Metagraph } from './metagraph.js';
import { SubnetInfoRuntimeApi } from './subnet-info-api.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const N = 1 + VALIDATORS + MINERS;

let graph: Metagraph;

before(() => {
  const { chain } = fullSubnet();
  const found = getMetagraph(chain.storage, NETUID, chain.number);
  assert.ok(found !== undefined);
  graph = found;
});

const hex = (a: Uint8Array): string => Buffer.from(a).toString('hex');

test('get_metagraph: per-uid keys, registration blocks and axons are those in storage', () => {
  const { chain, subnet } = fullSubnet();
  const s = chain.storage;
  assert.equal(graph.num_uids, N);
  assert.equal(graph.hotkeys.length, N);
  for (let uid = 0; uid < N; uid++) {
    const hotkey = S.Keys.get(s, NETUID, uid);
    assert.equal(hex(graph.hotkeys[uid] as AccountId), hex(hotkey), `hotkey of uid ${uid}`);
    assert.equal(hex(graph.coldkeys[uid] as AccountId), hex(S.Owner.get(s, hotkey)), `coldkey of uid ${uid}`);
    assert.equal(graph.block_at_registration[uid], S.BlockAtRegistration.get(s, NETUID, uid));
  }
  assert.equal(hex(graph.hotkeys[1] as AccountId), hex(subnet.validatorHotkeys[0] as AccountId));
  assert.equal(hex(graph.coldkeys[1] as AccountId), hex(subnet.validatorColdkeys[0] as AccountId));
  // The first miners served axons; everyone else reports the all-zero axon.
  for (let m = 0; m < MINERS; m++) {
    const axon = graph.axons[1 + VALIDATORS + m];
    assert.ok(axon !== undefined);
    if (m < SERVING_MINERS) {
      assert.deepEqual(
        [axon.version, axon.ip, axon.port, axon.ip_type, axon.protocol],
        [7 + m, axonIp(m), 8_000 + m, 4, 4],
      );
      assert.ok(axon.block > 0n);
    } else {
      assert.deepEqual(axon, {
        block: 0n,
        version: 0,
        ip: 0n,
        port: 0,
        ip_type: 0,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
      });
    }
  }
  assert.deepEqual(graph.identities, new Array(N).fill(undefined));
});

test('get_metagraph: epoch outputs are the stored vectors, and the epoch paid miners and validators', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  assert.deepEqual(graph.emission, S.Emission.get(s, NETUID));
  assert.deepEqual(graph.incentives, S.Incentive.get(s, NETUID));
  assert.deepEqual(graph.dividends, S.Dividends.get(s, NETUID));
  assert.deepEqual(graph.consensus, S.Consensus.get(s, NETUID));
  assert.deepEqual(graph.active, S.Active.get(s, NETUID));
  assert.deepEqual(graph.validator_permit, S.ValidatorPermit.get(s, NETUID));
  assert.deepEqual(graph.last_update, S.LastUpdate.get(s, NETUID));
  assert.equal(graph.emission.length, N);
  assert.ok(
    graph.incentives.slice(1 + VALIDATORS).some((x) => x > 0),
    'some miner earned incentive',
  );
  assert.ok(
    graph.dividends.slice(1, 1 + VALIDATORS).some((x) => x > 0),
    'some validator earned dividends',
  );
  assert.ok(
    graph.last_update.slice(1, 1 + VALIDATORS).every((b) => b > 0n),
    'validators set weights',
  );
  // Deprecated columns stay empty.
  assert.deepEqual([graph.pruning_score, graph.trust, graph.rank], [[], [], []]);
});

test('get_metagraph: stakes per uid are TotalHotkeyAlpha on the subnet and on root, weighted by TaoWeight', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  // TaoWeight / u64::MAX as U96F32 raw bits, then tao × that, floored.
  const taoWeightBits = (S.TaoWeight.get(s) << 32n) / U64_MAX;
  for (let uid = 0; uid < N; uid++) {
    const hotkey = S.Keys.get(s, NETUID, uid);
    const alpha = S.TotalHotkeyAlpha.get(s, hotkey, NETUID);
    const tao = S.TotalHotkeyAlpha.get(s, hotkey, 0);
    assert.equal(graph.alpha_stake[uid], alpha, `alpha of uid ${uid}`);
    assert.equal(graph.tao_stake[uid], tao, `tao of uid ${uid}`);
    assert.equal(graph.total_stake[uid], alpha + ((tao * taoWeightBits) >> 32n), `total of uid ${uid}`);
  }
  assert.equal(graph.tao_stake[1], ROOT_STAKE);
  assert.ok((graph.total_stake[1] as bigint) > (graph.alpha_stake[1] as bigint));
  graph.alpha_dividends_per_hotkey.forEach(([hotkey, alpha], uid) => {
    assert.equal(hex(hotkey), hex(graph.hotkeys[uid] as AccountId));
    assert.equal(alpha, S.AlphaDividendsPerSubnet.get(s, NETUID, hotkey));
  });
  assert.ok(graph.alpha_dividends_per_hotkey.some(([, alpha]) => alpha > 0n));
  assert.ok(graph.tao_dividends_per_hotkey.every(([, tao], uid) => tao === 0n && uid < N));
});

test('get_metagraph: subnet terms, schedule, pool and hyperparameters', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  assert.equal(graph.netuid, NETUID);
  assert.equal(Buffer.from(graph.name).toString(), 'apex');
  assert.equal(Buffer.from(graph.symbol).toString(), '\u{1d70f}');
  assert.equal(graph.identity, undefined);
  assert.equal(hex(graph.owner_hotkey), hex(S.SubnetOwnerHotkey.get(s, NETUID)));
  assert.equal(hex(graph.owner_coldkey), hex(S.SubnetOwner.get(s, NETUID)));
  assert.equal(graph.block, chain.number);
  assert.equal(graph.tempo, 10);
  assert.equal(graph.last_step, S.LastMechansimStepBlock.get(s, NETUID));
  assert.equal(graph.blocks_since_last_step, chain.number - graph.last_step);
  assert.equal(graph.network_registered_at, S.NetworkRegisteredAt.get(s, NETUID));
  assert.equal(graph.alpha_in, S.SubnetAlphaIn.get(s, NETUID));
  assert.equal(graph.alpha_out, S.SubnetAlphaOut.get(s, NETUID));
  assert.equal(graph.tao_in, S.SubnetTAO.get(s, NETUID));
  assert.ok(graph.tao_in_emission > 0n);
  assert.equal(graph.tao_in_emission, S.SubnetEmission.get(s, NETUID));
  assert.equal(graph.alpha_out_emission, graph.tao_in_emission);
  assert.equal(graph.alpha_in_emission, 0n);
  assert.equal(
    graph.pending_alpha_emission,
    S.PendingServerEmission.get(s, NETUID) + S.PendingValidatorEmission.get(s, NETUID),
  );
  assert.deepEqual([graph.subnet_emission, graph.pending_root_emission, graph.subnet_volume], [0n, 0n, 0n]);
  assert.deepEqual(graph.moving_price, { bits: 1n << 32n });
  assert.equal(graph.burn, S.Burn.get(s, NETUID));
  assert.equal(graph.pow_registration_allowed, S.NetworkPowRegistrationAllowed.get(s, NETUID));
  const hyper = new Map(listHyperparameters(s, NETUID).map((e) => [e.name, e.value]));
  const sameName = [
    'rho',
    'kappa',
    'min_allowed_weights',
    'max_weights_limit',
    'weights_version',
    'weights_rate_limit',
    'activity_cutoff',
    'max_validators',
    'difficulty',
    'registration_allowed',
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
  ] as const;
  for (const name of sameName) assert.equal(graph[name], hyper.get(name), name);
  assert.equal(graph.max_uids, hyper.get('max_allowed_uids'));
  assert.equal(graph.max_weights_limit, 65_535);
});

test('Metagraph encodes and decodes back to the same value; a missing subnet is None', () => {
  const { chain } = fullSubnet();
  const bytes = MetagraphType.codec.enc(graph);
  assert.deepEqual(decodeExact(MetagraphType.codec, bytes, 'Metagraph'), graph);
  const api = SubnetInfoRuntimeApi.methods.find((m) => m.name === 'get_metagraph');
  assert.ok(api !== undefined);
  const ctx = fullSubnet().ctx();
  assert.deepEqual(encodeAny(api.output, api.call(ctx, { netuid: 77 })), Uint8Array.of(0));
  assert.deepEqual(encodeAny(api.output, api.call(ctx, { netuid: NETUID })), Uint8Array.of(1, ...bytes));
  assert.equal(getMetagraph(chain.storage, 77, chain.number), undefined);
});

test('get_mechagraph / get_all_*: mechanism 0 is the subnet; other mechanisms and subnets are None', () => {
  const { chain } = fullSubnet();
  const s = chain.storage;
  assert.deepEqual(getMechagraph(s, NETUID, 0, chain.number), graph);
  assert.equal(getMechagraph(s, NETUID, 1, chain.number), undefined);
  assert.equal(getMechagraph(s, 77, 0, chain.number), undefined);
  const all = getAllMetagraphs(s, chain.number);
  // One entry per NetworksAdded key, in storage order: root (0), then subnet 1.
  assert.deepEqual(
    all.map((m) => m?.netuid),
    [0, 1],
  );
  assert.deepEqual(all[1], graph);
  assert.deepEqual(
    getAllMechagraphs(s, chain.number).map((m) => m?.netuid),
    [0, 1],
  );
});
