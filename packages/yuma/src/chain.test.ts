import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TOTAL_SUPPLY_RAO, blockEmissionForIssuance } from './emission.js';
import { bumpBurn, decayBurn, decayFactorQ32, powQ32 } from './registration.js';
import {
  blocksUntilNextAutoEpoch,
  isEpochDue,
  legacyBlocksUntilNextEpoch,
  legacyIsEpochBlock,
} from './schedule.js';

const issuance = fc.bigInt({ min: 0n, max: TOTAL_SUPPLY_RAO + 10n ** 15n });

test('block emission never increases with issuance and is a power-of-two fraction of 1 TAO', () => {
  fc.assert(
    fc.property(issuance, issuance, (a, b) => {
      const [lo, hi] = a < b ? [a, b] : [b, a];
      assert.ok(blockEmissionForIssuance(hi) <= blockEmissionForIssuance(lo));
      const e = blockEmissionForIssuance(lo);
      if (e > 0n) assert.equal(1_000_000_000n / e >= 1n, true);
    }),
  );
});

test('minting each block emission never crosses the 21M cap', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: TOTAL_SUPPLY_RAO - 10n ** 10n, max: TOTAL_SUPPLY_RAO }), (start) => {
      let supply = start;
      for (let i = 0; i < 200; i++) supply += blockEmissionForIssuance(supply);
      assert.ok(supply <= TOTAL_SUPPLY_RAO, `${supply}`);
    }),
  );
});

test('decay factor: f^half_life <= 1/2 < (f+1)^half_life', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 36_100 }), (halfLife) => {
      const f = decayFactorQ32(halfLife);
      assert.ok(powQ32(f, halfLife) <= 1n << 31n);
      assert.ok(powQ32(f + 1n, halfLife) > 1n << 31n);
    }),
    { numRuns: 40 },
  );
});

test('burn stays within its bounds through any decay/bump sequence', () => {
  fc.assert(
    fc.property(
      fc.array(fc.boolean(), { maxLength: 60 }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      (events, initial) => {
        const bounds = { minBurn: 500_000n, maxBurn: 100_000_000_000n };
        let burn = initial;
        for (const register of events) {
          burn = register ? bumpBurn(burn, (126n << 64n) / 100n, bounds) : decayBurn(burn, 360, 10n, bounds);
          assert.ok(burn >= bounds.minBurn && burn <= bounds.maxBurn);
        }
      },
    ),
  );
});

test('epoch schedules: due exactly tempo blocks after the last epoch; legacy modulo rule', () => {
  assert.equal(
    isEpochDue({ tempo: 10, block: 109n, lastEpochBlock: 100n, blocksSinceLastStep: 9n, pendingEpochAt: 0n }),
    false,
  );
  assert.equal(
    isEpochDue({
      tempo: 10,
      block: 110n,
      lastEpochBlock: 100n,
      blocksSinceLastStep: 10n,
      pendingEpochAt: 0n,
    }),
    true,
  );
  assert.equal(
    isEpochDue({
      tempo: 10,
      block: 103n,
      lastEpochBlock: 100n,
      blocksSinceLastStep: 3n,
      pendingEpochAt: 103n,
    }),
    true,
  );
  assert.equal(
    isEpochDue({
      tempo: 0,
      block: 10n ** 6n,
      lastEpochBlock: 0n,
      blocksSinceLastStep: 10n ** 6n,
      pendingEpochAt: 1n,
    }),
    false,
  );
  assert.equal(blocksUntilNextAutoEpoch(10, 105n, 100n), 5n);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 4095 }),
      fc.integer({ min: 1, max: 400 }),
      fc.bigInt({ min: 0n, max: 10n ** 9n }),
      (netuid, tempo, block) => {
        const fires = (block + BigInt(netuid) + 1n) % BigInt(tempo + 1) === 0n;
        assert.equal(legacyIsEpochBlock(netuid, tempo, block), fires);
        assert.ok(legacyBlocksUntilNextEpoch(netuid, tempo, block) <= BigInt(tempo));
      },
    ),
  );
});
