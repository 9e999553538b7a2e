import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { U64F64 } from '@tao-ts/primitives';
import { SharePool, type SharePoolStore } from './share-pool.js';

class MemoryPool implements SharePoolStore<string> {
  value = 0n;
  total = 0n;
  readonly shares = new Map<string, bigint>();
  sharedValue(): bigint {
    return this.value;
  }
  share(key: string): bigint | undefined {
    return this.shares.get(key);
  }
  denominator(): bigint {
    return this.total;
  }
  setSharedValue(value: bigint): void {
    this.value = value;
  }
  setShare(key: string, share: bigint): void {
    if (share === 0n) this.shares.delete(key);
    else this.shares.set(key, share);
  }
  setDenominator(value: bigint): void {
    this.total = value;
  }
}

const fresh = (): { store: MemoryPool; pool: SharePool<string> } => {
  const store = new MemoryPool();
  return { store, pool: new SharePool(store) };
};

test('share pool: the first holder gets shares equal to its value', () => {
  const { store, pool } = fresh();
  assert.equal(pool.updateValueForOne('a', 1_000n), 1_000n);
  assert.equal(store.value, 1_000n);
  assert.equal(store.total, U64F64.fromInt(1_000n));
  assert.equal(store.shares.get('a'), U64F64.fromInt(1_000n));
  assert.equal(pool.value('a'), 1_000n);
  assert.equal(pool.tryValue('b'), undefined);
});

test('share pool: a payment to all raises every holder pro rata (subtensor share_pool test)', () => {
  const { pool } = fresh();
  pool.updateValueForOne('a', 1_000n);
  pool.updateValueForOne('b', 3_000n);
  pool.updateValueForAll(4_000n);
  assert.equal(pool.value('a'), 2_000n);
  assert.equal(pool.value('b'), 6_000n);
  // A later buyer pays the new price: 2 per share, so 2_000 of value buys 1_000 shares.
  pool.updateValueForOne('c', 2_000n);
  assert.equal(pool.value('c'), 2_000n);
  assert.equal(pool.value('a'), 2_000n);
});

test('share pool: selling nearly everything clears the dust remainder and reports it', () => {
  const { store, pool } = fresh();
  pool.updateValueForOne('a', 1_000_000_000n);
  pool.updateValueForOne('b', 1_000_000_000n);
  // Leaving 1 rao of 1e9 (below 1e-5 of its shares): the whole position is sold.
  const moved = pool.updateValueForOne('a', -999_999_999n);
  assert.equal(moved, -1_000_000_000n);
  assert.equal(store.shares.has('a'), false);
  assert.equal(store.value, 1_000_000_000n);
  assert.equal(pool.value('b'), 1_000_000_000n);
});

test('share pool: a sale of everything empties the pool', () => {
  const { store, pool } = fresh();
  pool.updateValueForOne('a', 5_000n);
  assert.equal(pool.updateValueForOne('a', -5_000n), -5_000n);
  assert.equal(store.value, 0n);
  assert.equal(store.total, 0n);
  assert.equal(store.shares.size, 0);
});

test('share pool: simUpdateValueForOne refuses updates too small to buy a share', () => {
  const { store, pool } = fresh();
  assert.equal(pool.simUpdateValueForOne(1n), true);
  // One 2^-64 share worth 1e18 rao: value per share overflows U64F64, and a purchase below the
  // whole pool's value buys less than the smallest representable share.
  store.setSharedValue(10n ** 18n);
  store.setDenominator(1n);
  store.setShare('a', 1n);
  assert.equal(pool.simUpdateValueForOne(1n), false);
  assert.equal(pool.simUpdateValueForOne(10n ** 9n), false);
  assert.equal(pool.simUpdateValueForOne(10n ** 18n), true);
  assert.equal(pool.value('a'), 10n ** 18n);
});

test('share pool: subtensor share_pool unit cases (get_value, denom precision, high precision)', () => {
  const a = fresh();
  a.store.setDenominator(U64F64.fromInt(10n));
  a.store.setShare('1', U64F64.fromInt(3n));
  a.store.setShare('2', U64F64.fromInt(7n));
  a.store.setSharedValue(100n);
  assert.deepEqual([a.pool.value('1'), a.pool.value('2')], [30n, 70n]);
  assert.equal(fresh().pool.value('1'), 0n);

  const b = fresh();
  b.pool.updateValueForOne('1', 1000n);
  b.pool.updateValueForOne('1', -990n);
  b.pool.updateValueForOne('2', 1000n);
  b.pool.updateValueForOne('2', -990n);
  assert.deepEqual([b.pool.value('1'), b.pool.value('2')], [10n, 10n]);

  const c = fresh();
  c.pool.updateValueForOne('1', 1n);
  c.pool.updateValueForOne('2', 1n);
  c.pool.updateValueForAll(999_999_999_999_998n);
  c.pool.updateValueForOne('1', -499_999_999_999_990n);
  c.pool.updateValueForOne('2', -499_999_999_999_990n);
  c.pool.updateValueForAll(999_999_999_999_980n);
  c.pool.updateValueForOne('1', 1_000_000_000_000n);
  c.pool.updateValueForOne('2', 1_000_000_000_000n);
  const near = (x: bigint, y: bigint): boolean => (x > y ? x - y : y - x) < 100n;
  // Both sold down to dust and were cleared, so the first buyer back takes the pool's value.
  assert.ok(near(c.pool.value('1'), 1_001_000_000_000_000n), String(c.pool.value('1')));
  assert.ok(near(c.pool.value('2'), 1_000_000_000_000n), String(c.pool.value('2')));
});

type Op = { kind: 'buy' | 'sell' | 'pay'; who: number; amount: bigint };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<Op['kind']>('buy', 'sell', 'pay'),
  who: fc.integer({ min: 0, max: 3 }),
  amount: fc.bigInt({ min: 0n, max: 10n ** 15n }),
});

test('share pool properties: shares sum to the denominator, values never exceed the pool, sellers get what they asked and at most what they hold', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const { store, pool } = fresh();
      for (const { kind, who, amount } of ops) {
        const key = `k${who}`;
        if (kind === 'buy') {
          if (pool.simUpdateValueForOne(amount)) assert.equal(pool.updateValueForOne(key, amount), amount);
        } else if (kind === 'sell') {
          const held = pool.tryValue(key);
          if (held === undefined || held < amount) continue;
          const sold = -pool.updateValueForOne(key, -amount);
          assert.ok(sold >= amount && sold <= held, `asked ${amount}, sold ${sold}, held ${held}`);
        } else {
          pool.updateValueForAll(amount);
        }
        let shares = 0n;
        let values = 0n;
        for (const [k, s] of store.shares) {
          assert.ok(s > 0n, 'stored shares are positive');
          shares += s;
          values += pool.value(k);
        }
        assert.equal(shares, store.total);
        assert.ok(values <= store.value, `holders' values ${values} exceed the pool ${store.value}`);
      }
    }),
    { numRuns: 300 },
  );
});
