/**
 * chainHead_v1_storage results without a node: item parsing, single-key answers, descendants
 * paged and resumed by key (also when the state moves between pages), and closest-descendant
 * Merkle values read from a real trie's proofs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blake2b256, toHex } from '@tao-ts/primitives';
import { MemoryStorage, type ReadableStorage } from '@tao-ts/runtime';
import { MemoryNodeStore, buildTrie, decodeNode, readProof } from '@tao-ts/trie';
import { INVALID_PARAMS, RpcError } from '../jsonrpc.js';
import {
  StorageRun,
  closestDescendantMerkleValue,
  parseStorageQueries,
  type StorageQuery,
  type StorageSource,
} from './chain-head-storage.js';

const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

function storageOf(entries: Record<string, string>): MemoryStorage {
  const storage = new MemoryStorage();
  for (const [k, v] of Object.entries(entries)) storage.set(k, bytes(v));
  return storage;
}

function source(states: ReadableStorage[]): StorageSource {
  let calls = 0;
  return {
    stateRoot: new Uint8Array(32),
    state: () => states[Math.min(calls++, states.length - 1)] as ReadableStorage,
    proof: () => [],
  };
}

test('items: every query type, keys with or without 0x, anything else is -32602', () => {
  assert.deepEqual(
    parseStorageQueries([
      { key: '0xAB', type: 'value' },
      { key: 'cd', type: 'descendantsHashes' },
      { key: '', type: 'closestDescendantMerkleValue' },
    ]),
    [
      { key: 'ab', type: 'value' },
      { key: 'cd', type: 'descendantsHashes' },
      { key: '', type: 'closestDescendantMerkleValue' },
    ],
  );
  for (const bad of [
    'x',
    [{ key: '0xab', type: 'values' }],
    [{ key: '0xabc', type: 'value' }],
    [{ type: 'value' }],
    [null],
  ]) {
    assert.throws(
      () => parseStorageQueries(bad),
      (e: unknown) => e instanceof RpcError && e.code === INVALID_PARAMS,
    );
  }
});

test('value and hash answer present keys only, on the first page', () => {
  const state = storageOf({ aa01: '0102', aa02: '03' });
  const queries: StorageQuery[] = [
    { key: 'aa01', type: 'value' },
    { key: 'aa02', type: 'hash' },
    { key: 'aa03', type: 'value' },
  ];
  const run = new StorageRun(queries, source([state]), { items: 10, bytes: 1000 });
  assert.deepEqual(run.next(), {
    items: [
      { key: '0xaa01', value: '0x0102' },
      { key: '0xaa02', hash: toHex(blake2b256(bytes('03'))) },
    ],
    done: true,
  });
});

test('descendants come a page at a time and resume after the last key', () => {
  const state = storageOf({ bb01: '01', bb02: '02', bb0201: '03', bb03: '04', bb04: '05', cc01: '06' });
  const run = new StorageRun([{ key: 'bb', type: 'descendantsValues' }], source([state]), {
    items: 2,
    bytes: 1000,
  });
  const pages: string[][] = [];
  for (;;) {
    const page = run.next();
    pages.push(page.items.map((i) => `${i.key}=${i.value ?? ''}`));
    if (page.done) break;
  }
  assert.deepEqual(pages, [
    ['0xbb01=0x01', '0xbb02=0x02'],
    ['0xbb0201=0x03', '0xbb03=0x04'],
    ['0xbb04=0x05'],
  ]);
});

test('a page ends early at its byte budget but always carries one item', () => {
  const state = storageOf({ dd01: 'ff'.repeat(100), dd02: 'ee'.repeat(100) });
  const run = new StorageRun([{ key: 'dd', type: 'descendantsValues' }], source([state]), {
    items: 100,
    bytes: 10,
  });
  assert.equal(run.next().items.length, 1);
  const last = run.next();
  assert.equal(last.items.length, 1);
  assert.equal(last.done, true);
});

test('each page reads the state afresh: a later page sees the later state, with no repeats', () => {
  const first = storageOf({ ee01: '01', ee02: '02', ee03: '03' });
  const second = storageOf({ ee01: '01', ee03: '33', ee04: '04' });
  const run = new StorageRun([{ key: 'ee', type: 'descendantsHashes' }], source([first, second]), {
    items: 2,
    bytes: 1000,
  });
  const keys = [...run.next().items, ...run.next().items].map((i) => i.key);
  assert.deepEqual(keys, ['0xee01', '0xee02', '0xee03', '0xee04']);
});

test('several descendants queries share the page budget, in order', () => {
  const state = storageOf({ a1: '01', a2: '02', b1: '03' });
  const run = new StorageRun(
    [
      { key: 'a', type: 'descendantsValues' },
      { key: 'b', type: 'descendantsHashes' },
      { key: 'b1', type: 'value' },
    ],
    source([state]),
    { items: 2, bytes: 1000 },
  );
  const one = run.next();
  assert.deepEqual(
    one.items.map((i) => i.key),
    ['0xb1', '0xa1', '0xa2'],
  );
  assert.equal(one.done, false);
  const two = run.next();
  assert.deepEqual(two.items, [{ key: '0xb1', hash: toHex(blake2b256(bytes('03'))) }]);
  assert.equal(two.done, true);
});

// ---- closest descendant Merkle values -------------------------------------------------------

function trie(entries: Record<string, string>) {
  const built = buildTrie(Object.entries(entries).map(([k, v]) => [bytes(k), bytes(v)] as const));
  const store = new MemoryNodeStore(built.nodes);
  return {
    root: built.root,
    merkle: (key: string) => {
      const k = bytes(key);
      const value = closestDescendantMerkleValue(built.root, readProof(store, built.root, [k]), k);
      return value === undefined ? undefined : toHex(value);
    },
  };
}

const BASE = {
  '11aa01': 'aa'.repeat(40),
  '11aa02': 'bb'.repeat(40),
  '11bb01': 'cc'.repeat(40),
  '22cc': '01',
};

test('the empty key gives the state root; a key with nothing below gives nothing', () => {
  const t = trie(BASE);
  assert.equal(t.merkle(''), toHex(t.root));
  assert.equal(t.merkle('33'), undefined);
  assert.equal(t.merkle('11aa0300'), undefined);
});

test('a prefix Merkle value changes with what is below it, and only with that', () => {
  const base = trie(BASE);
  const inside = trie({ ...BASE, '11aa02': 'dd'.repeat(40) });
  const outside = trie({ ...BASE, '11bb01': 'ee'.repeat(40) });
  const added = trie({ ...BASE, '11aa0201': '05' });
  assert.notEqual(inside.merkle('11aa'), base.merkle('11aa'));
  assert.equal(outside.merkle('11aa'), base.merkle('11aa'));
  assert.notEqual(added.merkle('11aa'), base.merkle('11aa'));
});

test("a key ending inside a node's partial key names that node", () => {
  const t = trie({ '5566778899': 'aa'.repeat(40), '5500': 'bb'.repeat(40) });
  const leaf = t.merkle('5566778899');
  assert.ok(leaf !== undefined);
  assert.equal(t.merkle('5566'), leaf);
  assert.equal(t.merkle('556677'), leaf);
  assert.equal(t.merkle('5567'), undefined);
});

test('a node a parent embeds inline has its encoding as its Merkle value', () => {
  const t = trie({ '4401': '01', '4402': '02' });
  const leaf = t.merkle('4401');
  assert.ok(leaf !== undefined);
  const encoded = bytes(leaf.slice(2));
  assert.ok(encoded.length < 32, 'small leaves are inline');
  assert.deepEqual(decodeNode(encoded)?.value, { hashed: false, bytes: bytes('01') });
});
