import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MemoryStorage, Overlay, type WritableStorage } from './kv.js';

// Keys drawn from a few item prefixes (64 hex chars) plus short well-known keys, so that scans
// cross bucket boundaries and prefixes shorter and longer than an item prefix are exercised.
const itemPrefixes = ['00'.repeat(32), 'ab'.repeat(32), 'ab'.repeat(31) + 'ac', 'ff'.repeat(32)];
const keyArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...itemPrefixes), fc.constantFrom('', '00', '01', '0a0b', 'ff', 'ff00'))
    .map(([p, s]) => p + s),
  fc.constantFrom('3a636f6465', '3a', 'ab'),
);
const prefixArb = fc.oneof(
  fc.constantFrom('', 'a', 'ab', '3a', 'ffff', ...itemPrefixes),
  keyArb,
  keyArb.map((k) => k.slice(0, Math.max(0, k.length - 2))),
);
type Op =
  | { kind: 'set'; key: string; byte: number }
  | { kind: 'delete'; key: string }
  | { kind: 'scan'; prefix: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: keyArb, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
  fc.record({ kind: fc.constant('scan' as const), prefix: prefixArb }),
);

function modelScan(model: Map<string, number>, prefix: string): [string, number][] {
  return [...model].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function scanOf(storage: WritableStorage, prefix: string): [string, number][] {
  return [...storage.scan(prefix)].map(([k, v]) => [k, v[0] as number]);
}

function apply(storage: WritableStorage, model: Map<string, number>, op: Op): void {
  if (op.kind === 'set') {
    storage.set(op.key, Uint8Array.of(op.byte));
    model.set(op.key, op.byte);
  } else if (op.kind === 'delete') {
    storage.delete(op.key);
    model.delete(op.key);
  } else {
    assert.deepEqual(scanOf(storage, op.prefix), modelScan(model, op.prefix));
  }
}

test('MemoryStorage behaves as a sorted map under any sequence of writes, deletes and scans', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const storage = new MemoryStorage();
      const model = new Map<string, number>();
      for (const op of ops) apply(storage, model, op);
      assert.deepEqual(scanOf(storage, ''), modelScan(model, ''));
      assert.equal(storage.size, model.size);
    }),
    { numRuns: 500 },
  );
});

test('an Overlay reads through, scans merged, and commits exactly its changes', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 40 }), fc.array(opArb, { maxLength: 40 }), (base, top) => {
      const storage = new MemoryStorage();
      const model = new Map<string, number>();
      for (const op of base) apply(storage, model, op);
      const before = scanOf(storage, '');
      const overlay = new Overlay(storage);
      const overlayModel = new Map(model);
      for (const op of top) apply(overlay, overlayModel, op);
      assert.deepEqual(scanOf(storage, ''), before, 'the parent is untouched until commit');
      overlay.commitTo(storage);
      assert.deepEqual(scanOf(storage, ''), modelScan(overlayModel, ''));
      assert.equal(overlay.pending().size, 0);
    }),
    { numRuns: 500 },
  );
});
