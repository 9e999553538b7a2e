// Substrate's trie NodeCodec (sp_trie::node_codec / node_header): the byte layout of every node that is
// hashed into a state root or shipped in a read proof.
//
//   header   kind bits + partial-key nibble count (see HEADERS), continued in extra bytes when large
//   partial  the nibbles, packed two a byte; an odd count puts the first nibble alone in a low half-byte
//   bitmap   branches only: u16 little-endian, bit i set when child i exists
//   value    inline: Compact<u32> length ‖ bytes; hashed (LayoutV1, ≥ 33 bytes): the 32-byte hash
//   children branches only, in index order: Compact length ‖ (the 32-byte hash | the whole encoding
//            when it is shorter than 32 bytes)
import { InvalidTrieNodeError } from './errors.js';
import { HASH_LENGTH } from './layout.js';

/** A node's value: inline bytes, or the blake2-256 hash of a value stored as its own node. */
export type TrieValue =
  | { readonly hashed: false; readonly bytes: Uint8Array }
  | { readonly hashed: true; readonly hash: Uint8Array };

/** How a branch refers to a child: by hash, or by embedding an encoding shorter than 32 bytes. */
export type ChildRef =
  | { readonly inline: false; readonly hash: Uint8Array }
  | { readonly inline: true; readonly encoded: Uint8Array };

/**
 * A decoded leaf (`children` undefined, `value` set) or branch (16 child slots, optional value).
 * `partial` holds unpacked nibbles. Decoded nodes share memory with the bytes they were decoded from.
 */
export interface TrieNode {
  readonly partial: Uint8Array;
  readonly value: TrieValue | undefined;
  readonly children: readonly (ChildRef | undefined)[] | undefined;
}

// Header kinds: the prefix bits and how many high bits they take (the rest of the byte counts nibbles).
const LEAF = { prefix: 0x40, bits: 2 };
const BRANCH_NO_VALUE = { prefix: 0x80, bits: 2 };
const BRANCH_WITH_VALUE = { prefix: 0xc0, bits: 2 };
const HASHED_VALUE_LEAF = { prefix: 0x20, bits: 3 };
const HASHED_VALUE_BRANCH = { prefix: 0x10, bits: 4 };
type HeaderKind = typeof LEAF;

function headerKind(node: TrieNode): HeaderKind {
  if (node.children === undefined) return node.value?.hashed === true ? HASHED_VALUE_LEAF : LEAF;
  if (node.value === undefined) return BRANCH_NO_VALUE;
  return node.value.hashed ? HASHED_VALUE_BRANCH : BRANCH_WITH_VALUE;
}

// The nibble count fills the low bits; at their all-ones value it continues in bytes of 255 until one
// byte below 255 (sp_trie::node_header::size_and_prefix_iterator).
function headerLength(nibbles: number, bits: number): number {
  const max = 0xff >> bits;
  return nibbles < max ? 1 : 1 + Math.ceil((nibbles - max + 1) / 255);
}

function writeHeader(out: Uint8Array, nibbles: number, kind: HeaderKind): number {
  const max = 0xff >> kind.bits;
  if (nibbles < max) {
    out[0] = kind.prefix | nibbles;
    return 1;
  }
  out[0] = kind.prefix | max;
  let at = 1;
  let rem = nibbles - (max - 1);
  while (rem >= 256) {
    out[at++] = 255;
    rem -= 255;
  }
  out[at++] = rem - 1;
  return at;
}

export function compactLength(n: number): number {
  return n < 1 << 6 ? 1 : n < 1 << 14 ? 2 : n < 1 << 30 ? 4 : 5;
}

export function writeCompact(out: Uint8Array, at: number, n: number): number {
  if (n < 1 << 6) {
    out[at] = n << 2;
    return at + 1;
  }
  if (n < 1 << 14) {
    const v = (n << 2) | 1;
    out[at] = v & 0xff;
    out[at + 1] = v >>> 8;
    return at + 2;
  }
  if (n < 1 << 30) {
    const v = ((n << 2) | 2) >>> 0;
    out[at] = v & 0xff;
    out[at + 1] = (v >>> 8) & 0xff;
    out[at + 2] = (v >>> 16) & 0xff;
    out[at + 3] = v >>> 24;
    return at + 4;
  }
  out[at] = 3;
  out[at + 1] = n & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = (n >>> 16) & 0xff;
  out[at + 4] = n >>> 24;
  return at + 5;
}

const valueLength = (v: TrieValue): number =>
  v.hashed ? HASH_LENGTH : compactLength(v.bytes.length) + v.bytes.length;

function writeValue(out: Uint8Array, at: number, v: TrieValue): number {
  if (v.hashed) {
    out.set(v.hash, at);
    return at + HASH_LENGTH;
  }
  at = writeCompact(out, at, v.bytes.length);
  out.set(v.bytes, at);
  return at + v.bytes.length;
}

const childBytes = (c: ChildRef): Uint8Array => (c.inline ? c.encoded : c.hash);

/** The canonical encoding of a leaf or branch node. */
export function encodeNode(node: TrieNode): Uint8Array {
  const { partial, value, children } = node;
  const kind = headerKind(node);
  let size = headerLength(partial.length, kind.bits) + ((partial.length + 1) >> 1);
  if (value !== undefined) size += valueLength(value);
  if (children !== undefined) {
    size += 2;
    for (const c of children) {
      if (c === undefined) continue;
      const bytes = childBytes(c);
      size += 1 + bytes.length; // a one-byte compact length: references are at most 32 bytes
    }
  }
  const out = new Uint8Array(size);
  let at = writeHeader(out, partial.length, kind);
  let i = 0;
  if ((partial.length & 1) === 1) out[at++] = partial[i++] as number;
  for (; i < partial.length; i += 2) out[at++] = ((partial[i] as number) << 4) | (partial[i + 1] as number);
  let bitmapAt = -1;
  if (children !== undefined) {
    bitmapAt = at;
    at += 2;
  }
  if (value !== undefined) at = writeValue(out, at, value);
  if (children !== undefined) {
    let bitmap = 0;
    for (let n = 0; n < 16; n++) {
      const c = children[n];
      if (c === undefined) continue;
      bitmap |= 1 << n;
      const bytes = childBytes(c);
      out[at++] = bytes.length << 2;
      out.set(bytes, at);
      at += bytes.length;
    }
    out[bitmapAt] = bitmap & 0xff;
    out[bitmapAt + 1] = bitmap >>> 8;
  }
  return out;
}

// ---- decoding ----

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(what: string): number {
    const b = this.bytes[this.at];
    if (b === undefined) throw truncated(what, this.at);
    this.at++;
    return b;
  }

  take(n: number, what: string): Uint8Array {
    if (n > this.bytes.length - this.at) throw truncated(what, this.at);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** A canonical Compact<u32>, rejecting what parity-scale-codec rejects. */
  compact(what: string): number {
    const start = this.at;
    const first = this.byte(what);
    const mode = first & 3;
    let value: number;
    let min: number;
    if (mode === 0) return first >>> 2;
    if (mode === 1) {
      value = (first | (this.byte(what) << 8)) >>> 2;
      min = 1 << 6;
    } else if (mode === 2) {
      const b = this.take(3, what);
      value = (first | ((b[0] as number) << 8) | ((b[1] as number) << 16) | ((b[2] as number) << 24)) >>> 2;
      min = 1 << 14;
    } else {
      if (first !== 3) throw invalid(`${what}: compact length at ${start} does not fit in u32`);
      const b = this.take(4, what);
      value =
        ((b[0] as number) | ((b[1] as number) << 8) | ((b[2] as number) << 16) | ((b[3] as number) << 24)) >>>
        0;
      min = 2 ** 30;
    }
    if (value < min) throw invalid(`${what}: non-canonical compact length at ${start}`);
    return value;
  }
}

const invalid = (message: string): InvalidTrieNodeError => new InvalidTrieNodeError(message);
const truncated = (what: string, at: number): InvalidTrieNodeError =>
  invalid(`${what}: node ends early at byte ${at}`);

function readNibbleCount(r: Reader, first: number, bits: number): number {
  const max = 0xff >> bits;
  let n = first & max;
  if (n < max) return n;
  n -= 1;
  for (;;) {
    const b = r.byte('header');
    if (b < 255) return n + b + 1;
    n += 255;
  }
}

function readPartial(r: Reader, nibbles: number): Uint8Array {
  const packed = r.take((nibbles + 1) >> 1, 'partial key');
  const out = new Uint8Array(nibbles);
  let i = 0;
  let j = 0;
  if ((nibbles & 1) === 1) {
    const b = packed[0] as number;
    if (b >> 4 !== 0) throw invalid('partial key: padding nibble of an odd-length key is not zero');
    out[i++] = b;
    j = 1;
  }
  for (; i < nibbles; i += 2, j++) {
    const b = packed[j] as number;
    out[i] = b >> 4;
    out[i + 1] = b & 0x0f;
  }
  return out;
}

function readValue(r: Reader, hashed: boolean): TrieValue {
  if (hashed) return { hashed: true, hash: r.take(HASH_LENGTH, 'value hash') };
  const n = r.compact('value length');
  return { hashed: false, bytes: r.take(n, 'value') };
}

/**
 * Decodes one node; `null` is the empty trie (`0x00`). Throws InvalidTrieNodeError on anything a
 * Substrate encoder cannot produce: unknown header bits, a branch without children, a non-zero padding
 * nibble, an inline child of 32 bytes or more that is not a hash, truncation or trailing bytes.
 */
export function decodeNode(bytes: Uint8Array): TrieNode | null {
  const r = new Reader(bytes);
  const first = r.byte('header');
  if (first === 0) {
    if (bytes.length !== 1) throw invalid('empty node: trailing bytes after the 0x00 header');
    return null;
  }
  let kind: HeaderKind;
  switch (first & 0xc0) {
    case 0x40:
      kind = LEAF;
      break;
    case 0x80:
      kind = BRANCH_NO_VALUE;
      break;
    case 0xc0:
      kind = BRANCH_WITH_VALUE;
      break;
    default:
      if ((first & 0xe0) === 0x20) kind = HASHED_VALUE_LEAF;
      else if ((first & 0xf0) === 0x10) kind = HASHED_VALUE_BRANCH;
      else throw invalid(`header: unknown node header byte 0x${first.toString(16).padStart(2, '0')}`);
  }
  const partial = readPartial(r, readNibbleCount(r, first, kind.bits));
  const hashedValue = kind === HASHED_VALUE_LEAF || kind === HASHED_VALUE_BRANCH;
  let node: TrieNode;
  if (kind === LEAF || kind === HASHED_VALUE_LEAF) {
    node = { partial, value: readValue(r, hashedValue), children: undefined };
  } else {
    const lo = r.byte('bitmap');
    const bitmap = lo | (r.byte('bitmap') << 8);
    if (bitmap === 0) throw invalid('branch: bitmap has no children');
    const value = kind === BRANCH_NO_VALUE ? undefined : readValue(r, hashedValue);
    const children: (ChildRef | undefined)[] = new Array<ChildRef | undefined>(16).fill(undefined);
    for (let n = 0; n < 16; n++) {
      if ((bitmap & (1 << n)) === 0) continue;
      const len = r.compact('child length');
      if (len === HASH_LENGTH) children[n] = { inline: false, hash: r.take(len, 'child hash') };
      else if (len === 0 || len > HASH_LENGTH) throw invalid(`branch: child ${n} has invalid length ${len}`);
      else children[n] = { inline: true, encoded: r.take(len, 'inline child') };
    }
    node = { partial, value, children };
  }
  if (r.at !== bytes.length) throw invalid(`node: ${bytes.length - r.at} trailing bytes`);
  return node;
}

/** Decodes a node referenced from a branch, where the empty node cannot appear. */
export function decodeChild(bytes: Uint8Array): TrieNode {
  const node = decodeNode(bytes);
  if (node === null) throw invalid('branch: a child is the empty node');
  return node;
}
