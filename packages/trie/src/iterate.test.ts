// Iteration at a root must list exactly the model's keys in byte order, honouring prefix and start key.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cryptoReady, toHex, utf8 } from '@tao-ts/primitives';
import { MemoryNodeStore, applyChanges, buildTrie, trieEntries, trieKeys } from './index.js';
import { compareBytes } from './layout.js';
import { entriesArb, keyArb, versionArb } from './testing/arbitraries.js';

before(async () => cryptoReady());

const startsWith = (k: Uint8Array, p: Uint8Array): boolean => p.every((b, i) => k[i] === b);

void describe('trieKeys / trieEntries (property)', () => {
  void it('equal the sorted model filtered by prefix and strictly after startAfter', () => {
    fc.assert(
      fc.property(
        entriesArb(40),
        fc.option(
          fc.uint8Array({ maxLength: 2 }).chain((p) => fc.constantFrom(p, p.subarray(0, 1))),
          { nil: undefined },
        ),
        fc.option(keyArb, { nil: undefined }),
        versionArb,
        (entries, prefix, startAfter, version) => {
          const model = new Map(entries.map(([k, v]) => [toHex(k), [k, v] as const]));
          const expected = [...model.values()]
            .filter(([k]) => prefix === undefined || startsWith(k, prefix))
            .filter(([k]) => startAfter === undefined || compareBytes(k, startAfter) > 0)
            .sort((a, b) => compareBytes(a[0], b[0]));
          const built = buildTrie(entries, version);
          const store = new MemoryNodeStore(built.nodes);
          const options = { prefix, startAfter };
          assert.deepEqual(
            [...trieKeys(store, built.root, options)].map(toHex),
            expected.map(([k]) => toHex(k)),
          );
          assert.deepEqual(
            [...trieEntries(store, built.root, options)].map(([k, v]) => [toHex(k), toHex(v)]),
            expected.map(([k, v]) => [toHex(k), toHex(v)]),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

void describe('trieKeys', () => {
  void it('reads an old root after later updates (archive iteration), lazily', () => {
    const keys = ['a', 'ab', 'abc', 'b', 'ba'].map(utf8);
    const built = buildTrie(keys.map((k) => [k, utf8('v')]));
    const store = new MemoryNodeStore(built.nodes);
    const update = applyChanges(store, built.root, [
      [utf8('ab'), null],
      [utf8('c'), utf8('w')],
    ]);
    store.insertAll(update.inserted);
    assert.deepEqual(
      [...trieKeys(store, built.root)].map((k) => Buffer.from(k).toString()),
      ['a', 'ab', 'abc', 'b', 'ba'],
    );
    assert.deepEqual(
      [...trieKeys(store, update.root)].map((k) => Buffer.from(k).toString()),
      ['a', 'abc', 'b', 'ba', 'c'],
    );
    const it = trieKeys(store, update.root, { prefix: utf8('a'), startAfter: utf8('a') });
    assert.equal(Buffer.from(it.next().value as Uint8Array).toString(), 'abc');
  });
});
