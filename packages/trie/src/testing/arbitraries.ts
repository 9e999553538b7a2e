// Test data for trie properties. Keys come from a tiny alphabet so that random sets share long
// prefixes, contain keys that are prefixes of other keys, and hit every node shape; value lengths
// straddle the 32/33-byte inline/hashed boundary.
import fc from 'fast-check';

const KEY_BYTES = [0x00, 0x01, 0x10, 0x11, 0x1f, 0xf0, 0xff];

export const keyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...KEY_BYTES), { maxLength: 5 }).map((b) => Uint8Array.from(b)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }) },
);

export const valueArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc.uint8Array({ minLength: 28, maxLength: 38 }),
  fc.uint8Array({ maxLength: 80 }),
);

export const entriesArb = (maxLength = 40): fc.Arbitrary<[Uint8Array, Uint8Array][]> =>
  fc.array(fc.tuple(keyArb, valueArb), { maxLength });

/** Writes and deletions; deletions are frequent enough to empty small tries. */
export const changesArb = (maxLength = 40): fc.Arbitrary<[Uint8Array, Uint8Array | null][]> =>
  fc.array(fc.tuple(keyArb, fc.option(valueArb, { nil: null, freq: 3 })), { maxLength });

export const versionArb: fc.Arbitrary<0 | 1> = fc.constantFrom(0 as const, 1 as const);

/** Applies changes to a plain map (hex key → [key, value]), the model the trie must agree with. */
export function applyToModel(
  model: Map<string, readonly [Uint8Array, Uint8Array]>,
  changes: Iterable<readonly [Uint8Array, Uint8Array | null]>,
): void {
  for (const [k, v] of changes) {
    const id = Buffer.from(k).toString('hex');
    if (v === null) model.delete(id);
    else model.set(id, [k, v]);
  }
}
