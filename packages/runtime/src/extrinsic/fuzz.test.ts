/**
 * 12,000 random and mutated byte strings through decode, check (both phases) and pool validation:
 * every outcome is a result or a typed error, none takes long, and the state is untouched.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { concatBytes, cryptoReady, cursorDecoder, decodeCompact, encodeCompact } from '@tao-ts/primitives';
import type { MemoryStorage } from '../storage/kv.js';
import { TestChain } from '../testing/chain.js';
import { checkExtrinsic, type CheckContext } from './check.js';
import { ExtrinsicDecodeError, encodeExtrinsic } from './codec.js';
import { pair, poolContext, remark, sign } from './test-kit.js';
import { validateTransaction } from './validate.js';
import { TransactionValidityError } from './validity.js';

before(async () => {
  await cryptoReady();
});

/** xorshift32: a fixed seed keeps failures reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function snapshot(storage: MemoryStorage): string {
  return [...storage.entries()].map(([k, v]) => `${k}=${Buffer.from(v).toString('hex')}`).join(';');
}

function seeds(chain: TestChain): Uint8Array[] {
  const alice = pair('Alice');
  const bob = pair('Bob');
  const sub = (name: string, args: object): ReturnType<typeof remark> =>
    chain.call('SubtensorModule', name, args);
  return [
    sign(chain, alice, remark(chain)),
    sign(chain, alice, remark(chain, new Uint8Array(300).fill(7)), { tip: 5n }),
    sign(
      chain,
      bob,
      chain.call('Balances', 'transfer_keep_alive', {
        dest: { tag: 'Id', value: alice.publicKey },
        value: 10n,
      }),
    ),
    sign(
      chain,
      alice,
      sub('set_weights', { netuid: 1, dests: [0, 1, 2], weights: [1, 2, 3], version_key: 0n }),
    ),
    sign(chain, alice, chain.call('Sudo', 'sudo', { call: remark(chain) }), { period: 64 }),
    sign(chain, pair('Alice', 'ed25519'), remark(chain)),
    sign(chain, bob, sub('batch_set_weights', { netuids: [1], weights: [[[0, 1]]], version_keys: [0n] })),
    encodeExtrinsic(chain.runtime, { call: chain.call('Timestamp', 'set', { now: 123n }) }),
    encodeExtrinsic(chain.runtime, { call: remark(chain) }),
  ];
}

/** Strip the compact length prefix (to mutate the body and put a correct prefix back). */
const prefixLength = cursorDecoder((c) => {
  decodeCompact(c, 32, 'length');
  return c.i;
});

function body(bytes: Uint8Array): Uint8Array {
  return bytes.slice(prefixLength(Uint8Array.from(bytes)));
}

function mutate(next: () => number, seed: Uint8Array, other: Uint8Array): Uint8Array {
  let b: Uint8Array = Uint8Array.from(body(seed));
  const edits = 1 + (next() % 4);
  for (let e = 0; e < edits; e++) {
    const at = b.length === 0 ? 0 : next() % b.length;
    switch (next() % 7) {
      case 0:
        if (b.length > 0) b[at] = (b[at] as number) ^ (1 << (next() % 8));
        break;
      case 1:
        if (b.length > 0) b[at] = next() & 0xff;
        break;
      case 2:
        b = concatBytes(b.subarray(0, at), Uint8Array.of(next() & 0xff), b.subarray(at));
        break;
      case 3:
        b = concatBytes(b.subarray(0, at), b.subarray(at + 1 + (next() % 4)));
        break;
      case 4:
        b = b.slice(0, at);
        break;
      case 5: {
        const from = body(other);
        const start = next() % Math.max(1, from.length);
        b = concatBytes(b.subarray(0, at), from.subarray(start, start + 1 + (next() % 40)));
        break;
      }
      default:
        // An interesting value where compacts, tags and lengths live.
        if (b.length > 0) b[at] = [0x00, 0xff, 0xfc, 0xfd, 0xfe, 0x03, 0x84, 0x04][next() % 8] as number;
    }
  }
  // Mostly keep the prefix right so mutations reach past the length check.
  return next() % 5 === 0
    ? concatBytes(encodeCompact(next() % 400), b)
    : concatBytes(encodeCompact(b.length), b);
}

function randomBytes(next: () => number): Uint8Array {
  const len = next() % 200;
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = next() & 0xff;
  if (len > 0 && next() % 2 === 0) b[0] = next() % 2 === 0 ? 0x84 : 0x04;
  return next() % 3 === 0 ? b : concatBytes(encodeCompact(b.length), b);
}

test('fuzz: 12,000 random and mutated extrinsics give results or typed errors, quickly, changing nothing', () => {
  const chain = new TestChain();
  chain.blocks(3);
  const inputs = seeds(chain);
  const before = snapshot(chain.storage);
  const pool = poolContext(chain);
  const block: CheckContext = { tao: chain.tao, storage: chain.storage };
  const next = rng(0x5eed_1234);
  const counts = new Map<string, number>();
  const count = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  let slowest = 0;
  const total = 12_000;
  for (let i = 0; i < total; i++) {
    const seed = inputs[next() % inputs.length] as Uint8Array;
    const other = inputs[next() % inputs.length] as Uint8Array;
    const bytes = i % 4 === 0 ? randomBytes(next) : mutate(next, seed, other);
    const started = performance.now();
    for (const run of [
      () => checkExtrinsic(block, bytes, 'apply'),
      () => {
        const r = validateTransaction(pool, 'External', bytes);
        if (r.tag === 'Err') throw new TransactionValidityError(r.value);
      },
    ]) {
      try {
        run();
        count('ok');
      } catch (error) {
        if (error instanceof ExtrinsicDecodeError) count(`decode:${error.field ?? ''}`);
        else if (error instanceof TransactionValidityError)
          count(`${error.value.tag}:${error.value.value.tag}`);
        else assert.fail(`untyped error for ${Buffer.from(bytes).toString('hex')}: ${String(error)}`);
      }
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  assert.equal(snapshot(chain.storage), before);
  assert.ok(slowest < 1000, `slowest input took ${slowest.toFixed(1)} ms`);
  // The mutations reach deep: bad signatures, lookups and decoding errors in many parts.
  for (const key of ['Invalid:BadProof', 'decode:length', 'decode:call', 'decode:version']) {
    assert.ok((counts.get(key) ?? 0) > 0, `no ${key} among ${JSON.stringify([...counts])}`);
  }
  assert.ok([...counts.keys()].some((k) => k.startsWith('decode:extension')));
});
