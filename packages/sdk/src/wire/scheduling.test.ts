// Nonce clock and window, the priority queue, the rate limiter and the worker pool.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QueueRejectedError, WireConfigError, WorkerTaskError } from './errors.js';
import { NonceClock, NonceWindow } from './nonce.js';
import { PriorityQueue } from './priority-queue.js';
import { HotkeyRateLimiter } from './rate-limit.js';
import { WorkerPool } from './worker-pool.js';

const HK = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

describe('nonces', () => {
  test('the clock is strictly monotonic even within one nanosecond tick', () => {
    const clock = new NonceClock();
    let last = 0n;
    for (let i = 0; i < 100_000; i++) {
      const n = clock.next();
      assert.ok(n > last);
      last = n;
    }
    const wall = BigInt(Date.now()) * 1_000_000n;
    assert.ok(last > wall - 5_000_000_000n && last < wall + 5_000_000_000n, 'anchored to the wall clock');
  });

  test('window: first contact freshness, strictly increasing afterwards, per (hotkey, uuid)', () => {
    const now = 1_742_428_800_000_000_000n;
    const w = new NonceWindow({ now: () => now });
    assert.equal(w.check(HK, 'u', now - 17_000_000_000n, 10_002_000, 12).ok, false);
    assert.equal(w.check(HK, 'u', now - 15_000_000_000n, 10_002_000, 12).ok, true);
    w.record(HK, 'u', now - 15_000_000_000n, 10_002_000);
    assert.equal(w.check(HK, 'u', now - 15_000_000_000n, 10_002_000, 12).ok, false, 'replay');
    assert.equal(w.check(HK, 'u', now - 15_000_000_001n, 10_002_000, 12).ok, false, 'older');
    assert.equal(w.check(HK, 'u', now - 14_999_999_999n, 10_002_000, 12).ok, true);
    assert.equal(w.check(HK, 'other-uuid', now - 1n, 10_002_000, 12).ok, true);
    // Pre-7.2 dendrites: no freshness rule, only increasing.
    assert.equal(w.check(HK, 'old', 5n, 7_001_000, 12).ok, true);
  });

  test('the unsigned timeout header cannot widen the window beyond the cap', () => {
    const now = 1_742_428_800_000_000_000n;
    const w = new NonceWindow({ now: () => now, maxTimeoutS: 60 });
    assert.equal(w.check(HK, 'u', now - 100_000_000_000n, 10_002_000, 1e9).ok, false);
    assert.equal(w.check(HK, 'u', now - 60_000_000_000n, 10_002_000, 1e9).ok, true);
  });

  test('pruned entries cannot be replayed', () => {
    let now = 1_742_428_800_000_000_000n;
    const w = new NonceWindow({ now: () => now, maxTimeoutS: 12 });
    const nonce = now - 1_000_000_000n;
    w.record(HK, 'u', nonce, 10_002_000);
    now += 120_000_000_000n;
    w.record(HK, 'x', now, 10_002_000); // triggers pruning
    assert.ok(w.size <= 2);
    assert.equal(w.check(HK, 'u', nonce, 10_002_000, 12).ok, false);
  });
});

describe('priority queue', () => {
  test('property: with concurrency 1, waiting tasks run by priority, FIFO among equals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }),
        async (priorities) => {
          const q = new PriorityQueue({ concurrency: 1, maxQueued: 100 });
          const order: number[] = [];
          let release!: () => void;
          const gate = new Promise<void>((r) => (release = r));
          const blocker = q.run(0, () => gate);
          const runs = priorities.map((p, i) => q.run(p, () => void order.push(i)));
          release();
          await Promise.all([blocker, ...runs]);
          const expected = priorities
            .map((p, i) => [p, i] as const)
            .sort((a, b) => b[0] - a[0] || a[1] - b[1])
            .map(([, i]) => i);
          assert.deepEqual(order, expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  test('never runs more than `concurrency` at once', async () => {
    const q = new PriorityQueue({ concurrency: 3, maxQueued: 100 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        q.run(i % 4, async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setImmediate(r));
          running -= 1;
        }),
      ),
    );
    assert.equal(peak, 3);
  });

  test('full, timed-out and closed queues reject with reasons; a throwing task rejects its caller only', async () => {
    const q = new PriorityQueue({ concurrency: 1, maxQueued: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = q.run(0, () => gate);
    const b = q.run(0, () => 'b', 10);
    await assert.rejects(
      q.run(0, () => 'c'),
      (e: unknown) => e instanceof QueueRejectedError && e.reason === 'full',
    );
    await assert.rejects(b, (e: unknown) => e instanceof QueueRejectedError && e.reason === 'timeout');
    release();
    await a;
    await assert.rejects(
      q.run(0, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await q.run(0, () => 'ok'), 'ok');
    q.close();
    await assert.rejects(
      q.run(0, () => 'x'),
      (e: unknown) => e instanceof QueueRejectedError && e.reason === 'closed',
    );
    assert.throws(() => new PriorityQueue({ concurrency: 0, maxQueued: 1 }), WireConfigError);
  });
});

describe('rate limiter', () => {
  test('burst, then refill at the configured rate, per hotkey', () => {
    let now = 0;
    const r = new HotkeyRateLimiter({ perSecond: 2, burst: 3, now: () => now });
    assert.deepEqual([r.take('a'), r.take('a'), r.take('a'), r.take('a')], [true, true, true, false]);
    assert.equal(r.take('b'), true);
    now += 500;
    assert.deepEqual([r.take('a'), r.take('a')], [true, false]);
  });
});

describe('worker pool', () => {
  test('runs CPU-bound tasks off the event loop, reports failures, survives them', async () => {
    const pool = new WorkerPool<{ ms: number; value: number }, number>({
      module: new URL('./fixtures/busy-worker.ts', import.meta.url),
      exportName: 'spin',
      size: 2,
    });
    const failing = new WorkerPool<{ message: string }, never>({
      module: new URL('./fixtures/busy-worker.ts', import.meta.url),
      exportName: 'explode',
      size: 1,
    });
    try {
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 5);
      const results = await Promise.all([1, 2, 3].map((v) => pool.run({ ms: 150, value: v })));
      clearInterval(ticker);
      assert.deepEqual(results, [2, 4, 6]);
      // The main thread kept running timers while the workers spun.
      assert.ok(ticks > 0);
      await assert.rejects(
        failing.run({ message: 'bad input' }),
        (e: unknown) => e instanceof WorkerTaskError && /bad input/.test(e.message),
      );
      await assert.rejects(failing.run({ message: 'again' }), /again/);
    } finally {
      await pool.close();
      await failing.close();
    }
  });
});
