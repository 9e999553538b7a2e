import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { concatBytes, toHex, u16 as u16Codec, u64 as u64Codec } from '@tao-ts/primitives';
import { alphaStake } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { option, tuple, u16, vec } from '../types/type.js';
import {
  ColdkeyStakeInfosType,
  LockStateType,
  StakeAvailabilityMapType,
  StakeInfoType,
  getStakeAvailabilityForColdkeys,
  getStakeInfoForColdkey,
  getStakeInfoForColdkeys,
  getStakeInfoForHotkeyColdkeyNetuid,
  type StakeInfo,
} from './stake-info.js';
import { apiNetwork, stateCall, stateCallDecoded, type ApiNetwork } from './test-kit.js';

let net: ApiNetwork;
let ownHotkey: AccountId;
before(() => {
  net = apiNetwork();
  ownHotkey = net.subnets[1]?.validatorHotkeys[1] as AccountId;
});

const NOBODY = new Uint8Array(32).fill(0xee);
const accounts = (...keys: AccountId[]): Uint8Array => vec(AccountId32).codec.enc(keys);

describe('StakeInfoRuntimeApi over a populated chain', () => {
  it('lists a coldkey’s non-zero stakes by subnet, then by its staking hotkeys', () => {
    const storage = net.chain.storage;
    const infos = getStakeInfoForColdkey(storage, net.nominator);
    // The nominator registered its own hotkey on subnet 2, then staked to the delegate on 1 and 2.
    assert.deepEqual(
      infos.map((i) => [i.hotkey, i.netuid]),
      [
        [net.delegate, 1],
        [ownHotkey, 2],
        [net.delegate, 2],
      ],
    );
    for (const info of infos) {
      assert.deepEqual(info.coldkey, net.nominator);
      assert.equal(info.stake, alphaStake(storage, info.hotkey, net.nominator, info.netuid));
      assert.ok(info.stake > 0n);
      assert.equal(info.emission, S.AlphaDividendsPerSubnet.get(storage, info.netuid, info.hotkey));
      assert.equal(info.is_registered, S.Uids.exists(storage, info.netuid, info.hotkey));
      assert.deepEqual([info.locked, info.tao_emission, info.drain], [0n, 0n, 0n]);
    }
    assert.deepEqual(
      infos.map((i) => i.is_registered),
      [true, true, false],
    );
    assert.ok((infos[0]?.emission ?? 0n) > 0n, 'the delegate earned dividends on subnet 1');
  });

  it('answers per coldkey in request order, duplicates and unknown keys included', () => {
    const storage = net.chain.storage;
    const mine = getStakeInfoForColdkey(storage, net.nominator);
    assert.deepEqual(getStakeInfoForColdkeys(storage, [net.nominator, NOBODY, net.nominator]), [
      [net.nominator, mine],
      [NOBODY, []],
      [net.nominator, mine],
    ]);
    assert.deepEqual(getStakeInfoForColdkeys(storage, []), []);
  });

  it('get_stake_info_for_hotkey_coldkey_netuid is always Some', () => {
    const storage = net.chain.storage;
    const held = getStakeInfoForHotkeyColdkeyNetuid(storage, net.delegate, net.nominator, 2);
    assert.deepEqual(held, getStakeInfoForColdkey(storage, net.nominator)[2]);
    const none = getStakeInfoForHotkeyColdkeyNetuid(storage, net.delegate, NOBODY, 1);
    assert.equal(none.stake, 0n);
    assert.equal(none.is_registered, true);
    const missing = getStakeInfoForHotkeyColdkeyNetuid(storage, net.delegate, net.nominator, 40);
    assert.deepEqual([missing.netuid, missing.stake, missing.is_registered], [40, 0n, false]);
  });

  it('reports all stake as available (no locks), per subnet, coldkeys in byte order', () => {
    const storage = net.chain.storage;
    const validator = net.subnets[0]?.validatorColdkeys[1] as AccountId;
    const total = (coldkey: AccountId, netuid: number): bigint =>
      S.StakingHotkeys.get(storage, coldkey).reduce(
        (sum, h) => sum + alphaStake(storage, h, coldkey, netuid),
        0n,
      );
    const row = (coldkey: AccountId, netuid: number) =>
      [netuid, { total: total(coldkey, netuid), locked: 0n, available: total(coldkey, netuid) }] as const;
    const all = getStakeAvailabilityForColdkeys(storage, [net.nominator, validator, NOBODY], undefined);
    const expected = [
      [net.nominator, [row(net.nominator, 1), row(net.nominator, 2)]],
      [validator, [row(validator, 1)]],
      [NOBODY, []],
    ].sort(([a], [b]) => Buffer.compare(Buffer.from(a as AccountId), Buffer.from(b as AccountId)));
    assert.deepEqual(all, expected);
  });

  it('filters by the requested subnets as subtensor does', () => {
    const storage = net.chain.storage;
    const ask = (netuids: number[] | undefined) =>
      getStakeAvailabilityForColdkeys(storage, [net.nominator], netuids)[0]?.[1].map(([n]) => n);
    assert.deepEqual(ask([2]), [2]);
    assert.deepEqual(ask([2, 2, 1]), [1, 2], 'deduplicated and sorted');
    assert.deepEqual(ask([1, 99]), [1], 'subnets that do not exist are left out');
    assert.deepEqual(ask([]), [], 'an empty request gives an empty map');
    assert.deepEqual(ask([0, 1, 2, 3]), [], 'more netuids than subnets gives an empty map');
    assert.deepEqual(getStakeAvailabilityForColdkeys(storage, [], undefined), []);
  });

  it('answers state_call with encodings that decode to the same values', () => {
    const { chain } = net;
    const storage = chain.storage;
    assert.deepEqual(
      stateCallDecoded(
        chain,
        'StakeInfoRuntimeApi_get_stake_info_for_coldkey',
        vec(StakeInfoType),
        net.nominator,
      ),
      getStakeInfoForColdkey(storage, net.nominator),
    );
    assert.deepEqual(
      stateCallDecoded(
        chain,
        'StakeInfoRuntimeApi_get_stake_info_for_coldkeys',
        ColdkeyStakeInfosType,
        accounts(net.nominator, NOBODY),
      ),
      getStakeInfoForColdkeys(storage, [net.nominator, NOBODY]),
    );
    assert.deepEqual(
      stateCallDecoded(
        chain,
        'StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid',
        option(StakeInfoType),
        concatBytes(net.delegate, net.nominator, u16Codec.enc(1)),
      ),
      getStakeInfoForHotkeyColdkeyNetuid(storage, net.delegate, net.nominator, 1),
    );
    const netuids = option(vec(u16)).codec.enc([2, 1]);
    assert.deepEqual(
      stateCallDecoded(
        chain,
        'StakeInfoRuntimeApi_get_stake_availability_for_coldkeys',
        StakeAvailabilityMapType,
        concatBytes(accounts(net.nominator), netuids),
      ),
      getStakeAvailabilityForColdkeys(storage, [net.nominator], [2, 1]),
    );
  });
});

describe('StakeInfoRuntimeApi where this runtime has no such feature', () => {
  const at = option(tuple(AccountId32, u16)).codec;

  it('get_stake_fee is 0 (1:1 swaps carry no fee), whatever the route', () => {
    const input = concatBytes(
      at.enc([net.delegate, 1]),
      net.nominator,
      at.enc(undefined),
      net.nominator,
      u64Codec.enc(123_456_789n),
    );
    assert.deepEqual(
      [...stateCall(net.chain, 'StakeInfoRuntimeApi_get_stake_fee', input)],
      [0, 0, 0, 0, 0, 0, 0, 0],
    );
  });

  it('has no locks, no conviction and so no most convicted hotkey', () => {
    const { chain } = net;
    const coldkeyNetuid = concatBytes(net.nominator, u16Codec.enc(1));
    assert.deepEqual([...stateCall(chain, 'StakeInfoRuntimeApi_get_coldkey_lock', coldkeyNetuid)], [0]);
    assert.deepEqual(
      [
        ...stateCall(
          chain,
          'StakeInfoRuntimeApi_get_hotkey_conviction',
          concatBytes(net.delegate, u16Codec.enc(1)),
        ),
      ],
      new Array<number>(16).fill(0),
      'U64F64 zero: 16 bytes',
    );
    assert.deepEqual(
      [...stateCall(chain, 'StakeInfoRuntimeApi_get_most_convicted_hotkey_on_subnet', u16Codec.enc(1))],
      [0],
    );
  });
});

describe('StakeInfo byte layout', () => {
  it('encodes StakeInfo with compact netuid and amounts', () => {
    const info: StakeInfo = {
      hotkey: new Uint8Array(32).fill(0xaa),
      coldkey: new Uint8Array(32).fill(0xbb),
      netuid: 3,
      stake: 1_000n,
      locked: 0n,
      emission: 63n,
      tao_emission: 0n,
      drain: 0n,
      is_registered: true,
    };
    const expected = [
      'aa'.repeat(32),
      'bb'.repeat(32),
      '0c', // netuid 3
      'a10f', // stake 1000 (compact, two-byte mode)
      '00', // locked
      'fc', // emission 63 (compact, largest one-byte value)
      '00 00', // tao_emission, drain
      '01', // is_registered
    ].join('');
    assert.equal(toHex(StakeInfoType.codec.enc(info)), `0x${expected.replace(/ /g, '')}`);
  });

  it('encodes the availability map as nested sorted (key, value) vectors', () => {
    const key = new Uint8Array(32).fill(7);
    const bytes = StakeAvailabilityMapType.codec.enc([
      [key, [[5, { total: 2n, locked: 0n, available: 2n }]]],
    ]);
    assert.equal(toHex(bytes), `0x04${'07'.repeat(32)}04` + '0500' + '08' + '00' + '08');
  });

  it('declares LockState as subtensor’s (locked_mass u64, conviction U64F64 bits, last_update u64)', () => {
    const bytes = LockStateType.codec.enc({
      locked_mass: 1n,
      conviction: { bits: 1n << 64n },
      last_update: 2n,
    });
    assert.equal(
      toHex(bytes),
      // u64 1, then the u128 2^64 (low half zero, high half 1), then u64 2.
      '0x' + '0100000000000000' + '0000000000000000' + '0100000000000000' + '0200000000000000',
    );
  });
});
