// The pool against a model chain of accounts and nonces: readiness by tags, block order,
// replacement, limits, bans and revalidation, with the author RPC codes clients branch on.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { cryptoReady } from '@tao-ts/primitives';
import { RpcError } from '../rpc/jsonrpc.js';
import {
  POOL_ALREADY_IMPORTED,
  POOL_IMMEDIATELY_DROPPED,
  POOL_INVALID_TX,
  POOL_TEMPORARILY_BANNED,
  POOL_TOO_LOW_PRIORITY,
  POOL_UNKNOWN_VALIDITY,
  TxPool,
  type PoolOptions,
  type TxStatus,
  type Validity,
} from './pool.js';

before(async () => {
  await cryptoReady();
});

/**
 * A transaction of the model: sender, nonce and priority in the first bytes, then a variant
 * byte (so two transactions can share sender and nonce) that is also its tip, and padding (to
 * control its size).
 */
interface Tx {
  readonly sender: number;
  readonly nonce: number;
  readonly priority: number;
  readonly variant?: number;
  readonly size?: number;
}

function encode(tx: Tx): Uint8Array {
  const bytes = new Uint8Array(Math.max(tx.size ?? 8, 8));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, tx.sender);
  view.setUint16(1, tx.nonce);
  view.setUint32(3, tx.priority);
  view.setUint8(7, tx.variant ?? 0);
  return bytes;
}

const tag = (sender: number, nonce: number): Uint8Array => Uint8Array.of(sender, nonce >> 8, nonce & 0xff);

/** Accounts' nonces, as the model chain's best block has them, and verdicts forced per transaction. */
class ModelChain {
  readonly nonces = new Map<number, number>();
  readonly forced = new Map<string, Validity>();
  /** Last block at which a transaction is valid (a mortal era), by hash. */
  readonly expiry = new Map<string, number>();
  best = 0;
  validations = 0;

  validate = (bytes: Uint8Array): Validity => {
    this.validations += 1;
    const forced = this.forced.get(TxPool.hashOf(bytes));
    if (forced !== undefined) return forced;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sender = view.getUint8(0);
    const nonce = view.getUint16(1);
    const current = this.nonces.get(sender) ?? 0;
    if (nonce < current)
      return { ok: false, rejection: { kind: 'invalid', reason: 'Transaction is outdated' } };
    return {
      ok: true,
      valid: {
        priority: BigInt(view.getUint32(3)),
        tip: BigInt(view.getUint8(7)),
        requires: nonce > current ? [tag(sender, nonce - 1)] : [],
        provides: [tag(sender, nonce)],
        longevity: BigInt(Math.max(0, (this.expiry.get(TxPool.hashOf(bytes)) ?? this.best + 64) - this.best)),
        propagate: true,
      },
    };
  };

  /** A block including these transactions: senders' nonces move past them. */
  include(txs: readonly Tx[]): void {
    for (const tx of txs) this.nonces.set(tx.sender, Math.max(this.nonces.get(tx.sender) ?? 0, tx.nonce + 1));
    this.best += 1;
  }
}

function setup(options: Partial<PoolOptions> = {}): {
  chain: ModelChain;
  pool: TxPool;
  clock: { now: number };
} {
  const chain = new ModelChain();
  const clock = { now: 1_000_000 };
  const pool = new TxPool({
    validate: chain.validate,
    bestNumber: () => chain.best,
    now: () => clock.now,
    ...options,
  });
  return { chain, pool, clock };
}

function watch(pool: TxPool, tx: Tx): { hash: string; events: TxStatus[] } {
  const events: TxStatus[] = [];
  const hash = pool.submit(encode(tx), (status) => events.push(status));
  return { hash, events };
}

function refusedWith(code: number): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof RpcError, `expected an RpcError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

const readyTxs = (pool: TxPool): string[] => pool.ready().map((r) => r.hash);
const h = (tx: Tx): string => TxPool.hashOf(encode(tx));

void describe('TxPool: ready and future', () => {
  void it('holds a transaction whose nonce has a gap in the future queue until the gap fills', () => {
    const { pool } = setup();
    const second = watch(pool, { sender: 1, nonce: 1, priority: 100 });
    assert.deepEqual(second.events, ['future']);
    assert.deepEqual(readyTxs(pool), []);
    const first = watch(pool, { sender: 1, nonce: 0, priority: 1 });
    assert.deepEqual(first.events, ['ready']);
    // Dependency before priority: nonce 0 (priority 1) goes before nonce 1 (priority 100).
    assert.deepEqual(readyTxs(pool), [first.hash, second.hash]);
    assert.equal(pool.size, 2);
    assert.equal(pool.totalBytes, 16);
    assert.ok(pool.providesTag(tag(1, 1)) && !pool.providesTag(tag(1, 2)));
  });

  void it('orders a block by priority, then tip, then age, interleaving senders as their dependencies allow', () => {
    const { pool } = setup();
    const txs: Tx[] = [
      { sender: 1, nonce: 0, priority: 5 },
      { sender: 2, nonce: 0, priority: 9 },
      { sender: 1, nonce: 1, priority: 50 },
      { sender: 3, nonce: 0, priority: 5 },
      { sender: 2, nonce: 1, priority: 1 },
      { sender: 4, nonce: 1, priority: 99 },
      { sender: 5, nonce: 0, priority: 5, variant: 7 },
    ];
    for (const tx of txs) pool.submit(encode(tx));
    const order = [txs[1], txs[6], txs[0], txs[2], txs[3], txs[4]].map((tx) => h(tx as Tx));
    assert.deepEqual(readyTxs(pool), order);
    assert.deepEqual(
      pool.pending().map((b) => TxPool.hashOf(b)),
      txs.map(h),
    );
  });

  void it('skips what does not fit the byte budget, and what depends on it, but keeps filling', () => {
    const { pool } = setup();
    const big = { sender: 1, nonce: 0, priority: 9, size: 100 };
    const child = { sender: 1, nonce: 1, priority: 9, size: 8 };
    const small = { sender: 2, nonce: 0, priority: 1, size: 30 };
    for (const tx of [big, child, small]) pool.submit(encode(tx));
    assert.deepEqual(
      pool.ready(50).map((r) => r.hash),
      [h(small)],
    );
    assert.deepEqual(
      pool.ready(108).map((r) => r.hash),
      [h(big), h(child)],
    );
  });

  void it('produces, for any set of sender chains, exactly the greedy priority-tip-age order (property)', () => {
    const txArb = fc.record({
      sender: fc.integer({ min: 0, max: 5 }),
      nonce: fc.integer({ min: 0, max: 5 }),
      priority: fc.integer({ min: 0, max: 4 }),
      variant: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(txArb, { selector: (t) => `${t.sender}/${t.nonce}`, maxLength: 30 }),
        (txs) => {
          const { pool } = setup();
          for (const tx of txs) pool.submit(encode(tx));
          // The model: repeatedly take the best (priority, then tip, then earliest) transaction whose
          // predecessor nonce is already taken (or which is its sender's first).
          const taken = new Set<string>();
          const expected: string[] = [];
          for (;;) {
            const candidates = txs
              .map((tx, age) => ({ tx, age }))
              .filter(({ tx }) => !taken.has(`${tx.sender}/${tx.nonce}`))
              .filter(({ tx }) => tx.nonce === 0 || taken.has(`${tx.sender}/${tx.nonce - 1}`));
            candidates.sort(
              (a, b) => b.tx.priority - a.tx.priority || b.tx.variant - a.tx.variant || a.age - b.age,
            );
            const next = candidates[0];
            if (next === undefined) break;
            taken.add(`${next.tx.sender}/${next.tx.nonce}`);
            expected.push(h(next.tx));
          }
          assert.deepEqual(readyTxs(pool), expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

void describe('TxPool: refusals', () => {
  void it('refuses the same bytes twice with 1013 without validating again', () => {
    const { pool, chain } = setup();
    const tx = { sender: 1, nonce: 0, priority: 1 };
    pool.submit(encode(tx));
    const validations = chain.validations;
    assert.throws(() => pool.submit(encode(tx)), refusedWith(POOL_ALREADY_IMPORTED));
    assert.equal(chain.validations, validations);
  });

  void it('replaces a transaction only with a strictly higher priority; the old one is usurped', () => {
    const { pool } = setup();
    const original = watch(pool, { sender: 1, nonce: 0, priority: 5 });
    const dependent = watch(pool, { sender: 1, nonce: 1, priority: 5 });
    for (const priority of [4, 5]) {
      assert.throws(
        () => pool.submit(encode({ sender: 1, nonce: 0, priority, variant: 1 })),
        refusedWith(POOL_TOO_LOW_PRIORITY),
      );
    }
    const better = watch(pool, { sender: 1, nonce: 0, priority: 6, variant: 1 });
    assert.deepEqual(original.events, ['ready', { usurped: better.hash }]);
    assert.ok(!pool.has(original.hash) && pool.has(better.hash));
    assert.deepEqual(readyTxs(pool), [better.hash, dependent.hash]);
    assert.equal(pool.size, 2);
    assert.equal(pool.totalBytes, 16);
  });

  void it('evicts the lowest-priority, newest transaction at the count limit, or drops the newcomer (1016)', () => {
    const { pool } = setup({ maxCount: 3 });
    const high = watch(pool, { sender: 1, nonce: 0, priority: 5 });
    const lowOld = watch(pool, { sender: 2, nonce: 0, priority: 3 });
    const lowNew = watch(pool, { sender: 3, nonce: 0, priority: 3 });
    for (const priority of [1, 3]) {
      assert.throws(
        () => pool.submit(encode({ sender: 4, nonce: 0, priority })),
        refusedWith(POOL_IMMEDIATELY_DROPPED),
      );
    }
    assert.equal(pool.size, 3);
    const incoming = watch(pool, { sender: 4, nonce: 0, priority: 4 });
    assert.deepEqual(lowNew.events, ['ready', 'dropped']);
    assert.deepEqual(lowOld.events, ['ready']);
    assert.deepEqual(new Set(readyTxs(pool)), new Set([high.hash, lowOld.hash, incoming.hash]));
  });

  void it('keeps the byte limit, evicting as many cheaper transactions as it takes', () => {
    const { pool } = setup({ maxBytes: 100 });
    for (let s = 0; s < 4; s++) pool.submit(encode({ sender: s, nonce: 0, priority: s, size: 25 }));
    assert.equal(pool.totalBytes, 100);
    assert.throws(
      () => pool.submit(encode({ sender: 9, nonce: 0, priority: 99, size: 101 })),
      refusedWith(POOL_IMMEDIATELY_DROPPED),
    );
    pool.submit(encode({ sender: 8, nonce: 0, priority: 2, size: 50 }));
    // Priorities 0 and 1 made room; 2 and 3 stay.
    assert.deepEqual(
      pool.pending().map((b) => b[0]),
      [2, 3, 8],
    );
    assert.equal(pool.totalBytes, 100);
  });

  void it('bans what was invalid (1010, then 1012 until the ban ends) but not what was unknown (1011)', () => {
    const { pool, chain, clock } = setup({ banMs: 60_000 });
    const bad = encode({ sender: 1, nonce: 0, priority: 1 });
    chain.forced.set(TxPool.hashOf(bad), { ok: false, rejection: { kind: 'invalid', reason: 'BadProof' } });
    assert.throws(
      () => pool.submit(bad),
      (e: unknown) => refusedWith(POOL_INVALID_TX)(e) && (e as RpcError).data === 'BadProof',
    );
    chain.forced.delete(TxPool.hashOf(bad));
    assert.throws(() => pool.submit(bad), refusedWith(POOL_TEMPORARILY_BANNED));
    clock.now += 60_001;
    pool.submit(bad);

    const unknown = encode({ sender: 2, nonce: 0, priority: 1 });
    chain.forced.set(TxPool.hashOf(unknown), {
      ok: false,
      rejection: { kind: 'unknown', reason: 'CannotLookup' },
    });
    assert.throws(() => pool.submit(unknown), refusedWith(POOL_UNKNOWN_VALIDITY));
    chain.forced.delete(TxPool.hashOf(unknown));
    pool.submit(unknown);
    assert.equal(pool.size, 2);
  });

  void it('refuses a transaction that provides no tag, and passes a validator’s own RpcError through', () => {
    const { pool, chain } = setup();
    const untagged = encode({ sender: 1, nonce: 0, priority: 1 });
    chain.forced.set(TxPool.hashOf(untagged), {
      ok: true,
      valid: { priority: 1n, requires: [], provides: [], longevity: 1n, propagate: true },
    });
    assert.throws(() => pool.submit(untagged), refusedWith(1018));
    const { pool: strict } = setup({
      validate: () => {
        throw new RpcError(1001, 'Extrinsic has invalid format');
      },
    });
    assert.throws(() => strict.submit(Uint8Array.of(1)), refusedWith(1001));
    assert.equal(pool.size + strict.size, 0);
  });
});

void describe('TxPool: after a block', () => {
  void it('drops the included, revalidates the rest: stale ones are invalid and banned, futures promoted', () => {
    const { pool, chain } = setup();
    const a0 = { sender: 1, nonce: 0, priority: 1 };
    const a1 = { sender: 1, nonce: 1, priority: 1 };
    const b1 = { sender: 2, nonce: 1, priority: 7 };
    const c0 = { sender: 3, nonce: 0, priority: 1 };
    const w = Object.fromEntries(
      (
        [
          ['a0', a0],
          ['a1', a1],
          ['b1', b1],
          ['c0', c0],
        ] as const
      ).map(([name, tx]) => [name, watch(pool, tx)]),
    ) as Record<'a0' | 'a1' | 'b1' | 'c0', { hash: string; events: TxStatus[] }>;
    // The block carries a0 and b0 (from elsewhere); c0's sender moved on through another path.
    const b0 = { sender: 2, nonce: 0, priority: 1 };
    chain.include([a0, b0]);
    chain.nonces.set(3, 1);
    pool.blockImported('0xb1', [encode(a0), encode(b0)]);
    assert.deepEqual(w.a0.events, ['ready', { inBlock: '0xb1' }]);
    assert.deepEqual(w.b1.events, ['future', 'ready']);
    assert.deepEqual(w.a1.events, ['ready'], 'a transaction that was ready is not announced again');
    assert.deepEqual(w.c0.events, ['ready', 'invalid']);
    assert.ok(!pool.has(w.a0.hash) && !pool.has(w.c0.hash));
    assert.deepEqual(readyTxs(pool), [w.b1.hash, w.a1.hash]);
    chain.nonces.set(3, 0);
    assert.throws(() => pool.submit(encode(c0)), refusedWith(POOL_TEMPORARILY_BANNED));

    pool.blockFinalized('0xb1', [encode(a0), encode(b0)]);
    assert.deepEqual(w.a0.events, ['ready', { inBlock: '0xb1' }, { finalized: '0xb1' }]);
    pool.blockFinalized('0xb1', [encode(a0)]);
    assert.equal(w.a0.events.length, 3, 'finality is reported once');
  });

  void it('announces every promoted future once, whatever order the chain of futures arrived in', () => {
    const { pool, chain } = setup();
    const x2 = watch(pool, { sender: 1, nonce: 2, priority: 1 });
    const x1 = watch(pool, { sender: 1, nonce: 1, priority: 1 });
    const x0 = { sender: 1, nonce: 0, priority: 1 };
    chain.include([x0]);
    pool.blockImported('0xb1', [encode(x0)]);
    assert.deepEqual(x1.events, ['future', 'ready']);
    assert.deepEqual(x2.events, ['future', 'ready']);
    assert.deepEqual(readyTxs(pool), [x1.hash, x2.hash]);
  });

  void it('drops a transaction whose longevity ran out', () => {
    const { pool, chain } = setup();
    const short = encode({ sender: 1, nonce: 0, priority: 1 });
    chain.expiry.set(TxPool.hashOf(short), 2);
    const events: TxStatus[] = [];
    pool.submit(short, (s) => events.push(s));
    pool.submit(encode({ sender: 2, nonce: 0, priority: 1 }));
    for (let i = 0; i < 2; i++) {
      chain.include([]);
      pool.blockImported(`0x0${i}`, []);
    }
    assert.ok(pool.has(TxPool.hashOf(short)));
    chain.include([]);
    pool.blockImported('0x03', []);
    assert.deepEqual(events, ['ready', 'dropped']);
    assert.equal(pool.size, 1);
  });

  void it('drops and bans what the block builder rejected', () => {
    const { pool } = setup();
    const tx = watch(pool, { sender: 1, nonce: 0, priority: 1 });
    pool.rejected([tx.hash, '0xunknown']);
    assert.deepEqual(tx.events, ['ready', 'invalid']);
    assert.throws(() => pool.submit(encode({ sender: 1, nonce: 0, priority: 1 })), refusedWith(1012));
  });

  void it('keeps its books straight over any sequence of submissions and blocks (property)', () => {
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('submit' as const),
          tx: fc.record({
            sender: fc.integer({ min: 0, max: 3 }),
            nonce: fc.integer({ min: 0, max: 4 }),
            priority: fc.integer({ min: 0, max: 3 }),
            variant: fc.integer({ min: 0, max: 1 }),
            size: fc.integer({ min: 8, max: 40 }),
          }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), take: fc.nat(6) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { pool, chain } = setup({ maxCount: 6, maxBytes: 160 });
        for (const o of ops) {
          if (o.kind === 'submit') {
            try {
              pool.submit(encode(o.tx));
            } catch (error) {
              assert.ok(error instanceof RpcError && [1010, 1012, 1013, 1014, 1016].includes(error.code));
            }
          } else {
            const block = pool.ready().slice(0, o.take);
            const txs = block.map((r) => {
              const view = new DataView(r.bytes.buffer, r.bytes.byteOffset);
              return { sender: view.getUint8(0), nonce: view.getUint16(1), priority: 0 };
            });
            chain.include(txs);
            pool.blockImported(
              `0x${chain.best}`,
              block.map((r) => r.bytes),
            );
          }
          const pending = pool.pending();
          assert.equal(pending.length, pool.size);
          assert.ok(pool.size <= 6);
          assert.equal(
            pending.reduce((sum, b) => sum + b.length, 0),
            pool.totalBytes,
          );
          assert.ok(pool.totalBytes <= 160);
          const tags = pending.map((b) => `${b[0]}/${b[1]}/${b[2]}`);
          assert.equal(new Set(tags).size, tags.length, 'one transaction per sender and nonce');
          const ready = pool.ready();
          assert.equal(new Set(ready.map((r) => r.hash)).size, ready.length, 'no duplicates in a block');
          // Every ready transaction follows its sender's previous nonce or the chain's nonce.
          const seen = new Set<string>();
          for (const r of ready) {
            const [sender, nonce] = [
              r.bytes[0] as number,
              ((r.bytes[1] as number) << 8) | (r.bytes[2] as number),
            ];
            const current = chain.nonces.get(sender) ?? 0;
            assert.ok(nonce >= current, 'nothing stale survives revalidation');
            assert.ok(nonce === current || seen.has(`${sender}/${nonce - 1}`));
            seen.add(`${sender}/${nonce}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
