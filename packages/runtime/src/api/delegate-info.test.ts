import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toHex } from '@tao-ts/primitives';
import { TAO } from '../genesis.js';
import { alphaStake } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import { blockOk } from '../testing/network.js';
import type { AccountId } from '../types/substrate.js';
import { option, vec } from '../types/type.js';
import {
  DelegateInfoType,
  DelegatedEntryType,
  getDelegate,
  getDelegated,
  getDelegates,
  type DelegateInfo,
} from './delegate-info.js';
import { compareBytes } from './info-types.js';
import { apiNetwork, stateCall, stateCallDecoded, type ApiNetwork } from './test-kit.js';

let net: ApiNetwork;
before(() => {
  net = apiNetwork();
});

const coldkeyOf = (n: ApiNetwork): AccountId => n.subnets[0]?.validatorColdkeys[0] as AccountId;

describe('DelegateInfoRuntimeApi over a populated chain', () => {
  it('lists the hotkeys in Delegates with take, owner, registrations and permits', () => {
    const storage = net.chain.storage;
    const delegates = getDelegates(storage);
    assert.equal(delegates.length, [...S.Delegates.keysUnder(storage)].length);
    assert.equal(delegates.length, 1, 'only the hotkey that changed its take is a delegate here');
    const info = delegates[0];
    assert.ok(info);
    assert.deepEqual(info.delegate_ss58, net.delegate);
    assert.equal(info.take, net.delegateTake);
    assert.deepEqual(info.owner_ss58, coldkeyOf(net));
    assert.deepEqual(info.registrations, [1]);
    assert.deepEqual(info.validator_permits, [1]);
  });

  it('lists nominators by coldkey with their alpha per subnet', () => {
    const storage = net.chain.storage;
    const info = getDelegate(storage, net.delegate);
    assert.ok(info);
    const owner = coldkeyOf(net);
    const expected: [AccountId, [number, bigint][]][] = [
      [owner, [[1, alphaStake(storage, net.delegate, owner, 1)]]],
      [
        net.nominator,
        [
          [1, alphaStake(storage, net.delegate, net.nominator, 1)],
          [2, alphaStake(storage, net.delegate, net.nominator, 2)],
        ],
      ],
    ];
    expected.sort(([a], [b]) => compareBytes(a, b));
    assert.deepEqual(info.nominators, expected);
    // Dividends since the nomination raised the nominator's alpha on subnet 1.
    assert.ok((expected.find(([c]) => c === net.nominator)?.[1][0]?.[1] ?? 0n) > net.nomination);
  });

  it('estimates the daily return from the last epoch’s emission and the tempo', () => {
    const storage = net.chain.storage;
    const info = getDelegate(storage, net.delegate);
    const uid = S.Uids.tryGet(storage, 1, net.delegate) ?? -1;
    const emission = S.Emission.get(storage, 1)[uid] ?? 0n;
    assert.ok(emission > 0n);
    // 7200 blocks a day over a tempo of 10: 720 epochs.
    assert.equal(info?.total_daily_return, emission * 720n);
    assert.equal(info?.return_per_1000, 0n, 'nothing staked on root');
  });

  it('returns per 1000 TAO of root stake, after the take', () => {
    const fresh = apiNetwork();
    blockOk(
      fresh.chain,
      [
        fresh.tx(coldkeyOf(fresh), 'add_stake', {
          hotkey: fresh.delegate,
          netuid: 0,
          amount_staked: 10n * TAO,
        }),
      ],
      'root stake',
    );
    const info = getDelegate(fresh.chain.storage, fresh.delegate);
    assert.ok(info);
    const rootStake = S.TotalHotkeyAlpha.get(fresh.chain.storage, fresh.delegate, 0);
    // daily × (1 − take/65535) × 1000 TAO / root stake, in exact rationals.
    const exact =
      (info.total_daily_return * (65_535n - BigInt(fresh.delegateTake)) * 1_000n * TAO) /
      (65_535n * rootStake);
    const diff = info.return_per_1000 > exact ? info.return_per_1000 - exact : exact - info.return_per_1000;
    assert.ok(diff <= 1_000n, `return_per_1000 ${info.return_per_1000} vs ${exact}`);
  });

  it('get_delegate is None for a hotkey that is not a delegate', () => {
    const storage = net.chain.storage;
    const other = net.subnets[0]?.validatorHotkeys[1] as AccountId;
    assert.equal(getDelegate(storage, other), undefined);
    assert.deepEqual([...stateCall(net.chain, 'DelegateInfoRuntimeApi_get_delegate', other)], [0]);
  });

  it('get_delegated lists each (delegate, subnet) a coldkey holds, without nominator lists', () => {
    const storage = net.chain.storage;
    const delegated = getDelegated(storage, net.nominator);
    assert.deepEqual(
      delegated.map(([info, stake]) => [info.delegate_ss58, info.nominators, stake]),
      [
        [net.delegate, [], [1, alphaStake(storage, net.delegate, net.nominator, 1)]],
        [net.delegate, [], [2, alphaStake(storage, net.delegate, net.nominator, 2)]],
      ],
    );
    assert.deepEqual(getDelegated(storage, new Uint8Array(32).fill(9)), []);
  });

  it('answers state_call with encodings that decode to the same values', () => {
    const { chain } = net;
    assert.deepEqual(
      stateCallDecoded(chain, 'DelegateInfoRuntimeApi_get_delegates', vec(DelegateInfoType)),
      getDelegates(chain.storage),
    );
    assert.deepEqual(
      stateCallDecoded(chain, 'DelegateInfoRuntimeApi_get_delegate', option(DelegateInfoType), net.delegate),
      getDelegate(chain.storage, net.delegate),
    );
    assert.deepEqual(
      stateCallDecoded(chain, 'DelegateInfoRuntimeApi_get_delegated', vec(DelegatedEntryType), net.nominator),
      getDelegated(chain.storage, net.nominator),
    );
  });
});

describe('DelegateInfo byte layout', () => {
  const sample: DelegateInfo = {
    delegate_ss58: new Uint8Array(32).fill(0x11),
    take: 5_000,
    nominators: [[new Uint8Array(32).fill(0x22), [[1, 10n]]]],
    owner_ss58: new Uint8Array(32).fill(0x33),
    registrations: [1, 2],
    validator_permits: [1],
    return_per_1000: 0n,
    total_daily_return: 1_000_000_000n,
  };
  const expected = [
    '11'.repeat(32), // delegate_ss58
    '214e', // take 5000 (compact, two-byte mode)
    '04', // one nominator
    '22'.repeat(32),
    '04', // one (netuid, stake)
    '04', // netuid 1
    '28', // stake 10
    '33'.repeat(32), // owner_ss58
    '080408', // registrations [1, 2]
    '0404', // validator_permits [1]
    '00', // return_per_1000 0
    '02286bee', // 1_000_000_000 (compact, four-byte mode)
  ].join('');

  it('encodes fields in subtensor’s order with compact integers', () => {
    assert.equal(toHex(DelegateInfoType.codec.enc(sample)), `0x${expected}`);
  });

  it('appends (compact netuid, compact alpha) in get_delegated entries', () => {
    assert.equal(toHex(DelegatedEntryType.codec.enc([sample, [2, 64n]])), `0x${expected}` + '08' + '0101');
  });
});
