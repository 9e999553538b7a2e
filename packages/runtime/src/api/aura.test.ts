import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHex } from '@tao-ts/primitives';
import { devAccount, fairLaunchSpec } from '../genesis.js';
import { TestChain } from '../testing/chain.js';
import { slotDurationMs } from './aura.js';
import { stateCall } from './test-kit.js';

describe('AuraApi', () => {
  it('slot_duration is twice Timestamp.MinimumPeriod, as a u64 of milliseconds', () => {
    const dev = new TestChain();
    assert.equal(slotDurationMs(dev), 2n * dev.spec.minimumPeriodMs);
    assert.equal(toHex(stateCall(dev, 'AuraApi_slot_duration')), '0xf401000000000000', '500 ms on dev');
    const fair = new TestChain(fairLaunchSpec());
    assert.equal(toHex(stateCall(fair, 'AuraApi_slot_duration')), '0xe02e000000000000', '12 s');
  });

  it('authorities lists the Aura authority keys from storage', () => {
    const chain = new TestChain();
    const alice = devAccount('Alice');
    assert.equal(toHex(stateCall(chain, 'AuraApi_authorities')), `0x04${toHex(alice).slice(2)}`);
  });
});
