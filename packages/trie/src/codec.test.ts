// The node codec must be byte-exact with sp_trie's (header continuation bytes at every boundary) and
// its decoder must survive any bytes: accept only canonical encodings, otherwise throw a typed error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toHex } from '@tao-ts/primitives';
import {
  type ChildRef,
  type TrieNode,
  type TrieValue,
  InvalidTrieNodeError,
  decodeNode,
  encodeNode,
} from './index.js';

const nibbles = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 15);
const inline = (bytes: number[]): TrieValue => ({ hashed: false, bytes: Uint8Array.from(bytes) });
const hashed: TrieValue = { hashed: true, hash: new Uint8Array(32).fill(0xab) };
const leaf = (n: number, value: TrieValue = inline([1])): TrieNode => ({
  partial: nibbles(n),
  value,
  children: undefined,
});
const branch = (n: number, value: TrieValue | undefined): TrieNode => {
  const children = new Array<ChildRef | undefined>(16).fill(undefined);
  children[3] = { inline: false, hash: new Uint8Array(32).fill(0xcd) };
  return { partial: nibbles(n), value, children };
};
const headerHex = (node: TrieNode, bytes: number): string => toHex(encodeNode(node).subarray(0, bytes));

void describe('node header (sp_trie node_header::size_and_prefix_iterator)', () => {
  // [nibble count, expected header bytes] for the 6-bit kinds: one byte up to 62, then 63 + continuation
  // bytes of 255 until one below 255.
  const sixBit: [number, string][] = [
    [0, '00'],
    [1, '01'],
    [62, '3e'],
    [63, '3f00'],
    [64, '3f01'],
    [317, '3ffe'],
    [318, '3fff00'],
    [572, '3ffffe'],
    [573, '3fffff00'],
  ];
  for (const [n, bits] of sixBit) {
    void it(`leaf / branch headers for ${n} nibbles`, () => {
      const len = bits.length / 2;
      const withPrefix = (p: number): string =>
        '0x' + ((parseInt(bits.slice(0, 2), 16) | p).toString(16).padStart(2, '0') + bits.slice(2));
      assert.equal(headerHex(leaf(n), len), withPrefix(0x40));
      assert.equal(headerHex(branch(n, undefined), len), withPrefix(0x80));
      assert.equal(headerHex(branch(n, inline([9])), len), withPrefix(0xc0));
    });
  }

  void it('hashed-value leaf: 5 bits of count (prefix 001)', () => {
    assert.equal(headerHex(leaf(30, hashed), 1), '0x3e');
    assert.equal(headerHex(leaf(31, hashed), 2), '0x3f00');
    assert.equal(headerHex(leaf(32, hashed), 2), '0x3f01');
  });

  void it('hashed-value branch: 4 bits of count (prefix 0001)', () => {
    assert.equal(headerHex(branch(14, hashed), 1), '0x1e');
    assert.equal(headerHex(branch(15, hashed), 2), '0x1f00');
    assert.equal(headerHex(branch(15 + 254, hashed), 2), '0x1ffe');
    assert.equal(headerHex(branch(15 + 255, hashed), 3), '0x1fff00');
  });

  void it('an odd partial key puts its first nibble alone in a low half-byte', () => {
    assert.equal(
      toHex(encodeNode({ partial: Uint8Array.of(1, 2, 3), value: inline([7]), children: undefined })),
      '0x4301230407',
    );
    assert.throws(() => decodeNode(Uint8Array.of(0x43, 0x11, 0x23, 0x04, 0x07)), InvalidTrieNodeError);
  });

  void it('a branch: header, partial, bitmap (LE), value, then children each with a compact length', () => {
    const children = new Array<ChildRef | undefined>(16).fill(undefined);
    children[0] = { inline: true, encoded: Uint8Array.of(0x40, 0x04, 0x05) };
    children[15] = { inline: false, hash: new Uint8Array(32).fill(0x11) };
    const bytes = encodeNode({ partial: new Uint8Array(0), value: inline([0xaa]), children });
    assert.equal(toHex(bytes), '0xc0018004aa0c400405' + '80' + '11'.repeat(32));
  });
});

const valueArb: fc.Arbitrary<TrieValue> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes): TrieValue => ({ hashed: false, bytes })),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((hash): TrieValue => ({ hashed: true, hash })),
);
const childArb: fc.Arbitrary<ChildRef | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((hash): ChildRef => ({ inline: false, hash })),
  fc.uint8Array({ minLength: 1, maxLength: 31 }).map((encoded): ChildRef => ({ inline: true, encoded })),
);
const partialArb = fc
  .oneof(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 700 }))
  .chain((n) => fc.uint8Array({ minLength: n, maxLength: n, max: 15 }));
const nodeArb: fc.Arbitrary<TrieNode> = fc.oneof(
  fc.record({ partial: partialArb, value: valueArb, children: fc.constant(undefined) }),
  fc
    .record({
      partial: partialArb,
      value: fc.option(valueArb, { nil: undefined }),
      children: fc.array(childArb, { minLength: 16, maxLength: 16 }),
    })
    .filter((n) => n.children.some((c) => c !== undefined)),
);

void describe('node codec (property)', () => {
  void it('decode(encode(node)) is the node, and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(nodeArb, (node) => {
        const bytes = encodeNode(node);
        const back = decodeNode(bytes);
        assert.ok(back !== null);
        assert.deepEqual(back.partial, node.partial);
        assert.deepEqual(back.value, node.value);
        assert.deepEqual(back.children, node.children);
        assert.equal(toHex(encodeNode(back)), toHex(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  // Whatever it is fed, the decoder throws InvalidTrieNodeError or returns a node whose encoding is
  // exactly its input (so two byte strings never decode to the same node).
  const decodesCanonicallyOrThrows = (bytes: Uint8Array): void => {
    let node: TrieNode | null;
    try {
      node = decodeNode(bytes);
    } catch (e) {
      assert.ok(e instanceof InvalidTrieNodeError, `unexpected ${String(e)}`);
      assert.equal(e.code, 'TRIE_INVALID_NODE');
      return;
    }
    assert.equal(toHex(node === null ? Uint8Array.of(0) : encodeNode(node)), toHex(bytes));
  };

  void it('fuzz: random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), decodesCanonicallyOrThrows), { numRuns: 5000 });
  });

  void it('fuzz: valid encodings with a byte changed, inserted or removed, or cut short', () => {
    const mutated = fc
      .tuple(nodeArb, fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'cut'))
      .map(([node, at, byte, how]) => {
        const b = [...encodeNode(node)];
        const i = at % b.length;
        if (how === 'set') b[i] = byte;
        else if (how === 'insert') b.splice(i, 0, byte);
        else if (how === 'delete') b.splice(i, 1);
        else b.length = i;
        return Uint8Array.from(b);
      });
    fc.assert(fc.property(mutated, decodesCanonicallyOrThrows), { numRuns: 5000 });
  });

  void it('a header claiming a huge partial key fails fast as truncated, not by allocating it', () => {
    const bytes = Uint8Array.from([0x7f, ...new Array<number>(10_000).fill(255), 0]);
    assert.throws(() => decodeNode(bytes), InvalidTrieNodeError);
  });

  void it('rejects: unknown header bits, empty bitmap, 33-byte child, non-canonical compact, trailing bytes', () => {
    for (const hex of [
      '01',
      '0f',
      '000',
      '8000',
      'c00000',
      '4004',
      '410104',
      '40040000',
      '40010100',
      '8001000500',
    ]) {
      const bytes = Uint8Array.from(Buffer.from(hex.length % 2 === 0 ? hex : hex + '0', 'hex'));
      assert.throws(() => decodeNode(bytes), InvalidTrieNodeError, hex);
    }
    const bigChild = Uint8Array.from([0x80, 0x01, 0x00, 33 << 2, ...new Array<number>(33).fill(0x40)]);
    assert.throws(() => decodeNode(bigChild), InvalidTrieNodeError);
  });
});
