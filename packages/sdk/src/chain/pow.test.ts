/**
 * Proof of work: the fast limit comparison agrees with subtensor's overflow rule for random
 * seals and difficulties; the threaded solver returns seals that pass, reports progress with a
 * hash rate, can be cancelled, and serves another job afterwards.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { OperationCancelledError } from './errors.js';
import { createSeal, sealLimit, sealMeetsDifficulty, sealValue } from './pow.js';
import { PowSolver, type PowProgress } from './pow-solver.js';
import { decodeAxonIp, encodeAxonIp } from './serving.js';

const solver = new PowSolver({ threads: 2 });
after(() => solver.close());

const blockHash = new Uint8Array(32).fill(0xab);
const hotkey = new Uint8Array(32).fill(0x01);

describe('seal arithmetic', () => {
  it('seal ≤ sealLimit(d) exactly when seal × d < 2^256', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
        (seal, difficulty) => {
          assert.equal(sealValue(seal) <= sealLimit(difficulty), sealMeetsDifficulty(seal, difficulty));
        },
      ),
    );
  });

  it('reads the seal little-endian, as U256::from_little_endian', () => {
    const seal = new Uint8Array(32);
    seal[0] = 1;
    assert.equal(sealValue(seal), 1n);
    seal[31] = 0x80;
    assert.equal(sealMeetsDifficulty(seal, 2n), false, '2^255 × 2 overflows');
    assert.equal(sealMeetsDifficulty(seal, 1n), true);
  });
});

describe('PowSolver', () => {
  it('finds a nonce whose seal meets the difficulty', async () => {
    const difficulty = 5_000n;
    const solution = await solver.solve({ blockNumber: 7, blockHash, hotkey, difficulty });
    assert.equal(solution.blockNumber, 7);
    assert.deepEqual(solution.seal, createSeal(blockHash, hotkey, solution.nonce));
    assert.ok(sealMeetsDifficulty(solution.seal, difficulty));
    assert.ok(solution.hashes >= 1);
  });

  it('reports progress with a hash rate and stops when cancelled, then solves again', async () => {
    const controller = new AbortController();
    const progress: PowProgress[] = [];
    const hopeless = solver.solve(
      { blockNumber: 1, blockHash, hotkey, difficulty: 2n ** 60n },
      {
        signal: controller.signal,
        progressIntervalMs: 0,
        onProgress: (p) => {
          progress.push(p);
          if (progress.length === 3) controller.abort();
        },
      },
    );
    await assert.rejects(hopeless, OperationCancelledError);
    assert.equal(progress.length >= 3, true);
    const last = progress[progress.length - 1] as PowProgress;
    assert.ok(last.hashes > 0 && last.hashesPerSecond > 0, JSON.stringify(last));
    assert.equal(last.threads, 2);
    const again = await solver.solve({ blockNumber: 2, blockHash, hotkey, difficulty: 100n });
    assert.ok(sealMeetsDifficulty(again.seal, 100n));
  });
});

describe('axon IP encoding', () => {
  it('matches bittensor for IPv4 and IPv6 and round-trips', () => {
    assert.deepEqual(encodeAxonIp('203.0.113.7'), { ip: 3405803783n, ipType: 4 });
    assert.deepEqual(encodeAxonIp('2001:db8::1'), { ip: 42540766411282592856903984951653826561n, ipType: 6 });
    assert.deepEqual(encodeAxonIp('0.0.0.0'), { ip: 0n, ipType: 4 });
    assert.equal(decodeAxonIp(3405803783n, 4), '203.0.113.7');
    assert.equal(
      encodeAxonIp(decodeAxonIp(42540766411282592856903984951653826561n, 6)).ip,
      42540766411282592856903984951653826561n,
    );
    assert.throws(() => encodeAxonIp('300.1.1.1'), /not an IPv4 or IPv6/);
  });
});
