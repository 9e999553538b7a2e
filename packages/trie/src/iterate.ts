// Ordered iteration over a trie at any stored root (state_getKeysPaged, state_getPairs at old blocks):
// depth-first, own value before children, children by nibble, which is lexicographic key order.
import { InvalidTrieNodeError } from './errors.js';
import { checkRoot } from './layout.js';
import { type TrieNode, decodeChild, decodeNode } from './node-codec.js';
import { keyNibbles } from './nibbles.js';
import { type TrieNodeSource, fetchChild, fetchNode, fetchValue } from './source.js';

export interface TrieIterateOptions {
  /** Only keys starting with these bytes. */
  readonly prefix?: Uint8Array | undefined;
  /** Only keys strictly greater than this one (the `startKey` of state_getKeysPaged). */
  readonly startAfter?: Uint8Array | undefined;
}

interface Walk {
  readonly source: TrieNodeSource;
  readonly prefix: Uint8Array;
  readonly start: Uint8Array | undefined;
  readonly path: number[];
  readonly values: boolean;
}

type Entry = [key: Uint8Array, value: Uint8Array | undefined];

function packPath(path: readonly number[]): Uint8Array {
  if ((path.length & 1) === 1) throw new InvalidTrieNodeError('trie: a value sits at an odd nibble depth');
  const out = new Uint8Array(path.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = ((path[2 * i] as number) << 4) | (path[2 * i + 1] as number);
  return out;
}

/** -1: every key below `path` is before `start`; 1: every key is after; 0: `path` is a prefix of `start`. */
function compareToStart(path: readonly number[], start: Uint8Array): number {
  const n = Math.min(path.length, start.length);
  for (let i = 0; i < n; i++) {
    const d = (path[i] as number) - (start[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return path.length > start.length ? 1 : 0;
}

function* walk(w: Walk, node: TrieNode, inPrefix: boolean, bounded: boolean): Generator<Entry> {
  const { path, prefix, start } = w;
  const base = path.length;
  for (const n of node.partial) path.push(n);
  try {
    if (!inPrefix) {
      const n = Math.min(path.length, prefix.length);
      for (let i = base; i < n; i++) if (path[i] !== prefix[i]) return;
      inPrefix = path.length >= prefix.length;
    }
    if (bounded && start !== undefined) {
      const c = compareToStart(path, start);
      if (c < 0) return;
      bounded = c === 0;
    }
    if (node.value !== undefined && inPrefix && !bounded) {
      const key = packPath(path);
      const v = node.value;
      yield [key, !w.values ? undefined : v.hashed ? fetchValue(w.source, v.hash) : v.bytes];
    }
    const children = node.children;
    if (children === undefined) return;
    const depth = path.length;
    for (let i = 0; i < 16; i++) {
      const ref = children[i];
      if (ref === undefined) continue;
      if (!inPrefix && i !== prefix[depth]) continue;
      if (bounded && start !== undefined && depth < start.length && i < (start[depth] as number)) continue;
      path.push(i);
      try {
        yield* walk(w, decodeChild(fetchChild(w.source, ref)), inPrefix, bounded);
      } finally {
        path.pop();
      }
    }
  } finally {
    path.length = base;
  }
}

function* iterate(
  source: TrieNodeSource,
  root: Uint8Array,
  options: TrieIterateOptions,
  values: boolean,
): Generator<Entry> {
  checkRoot(root);
  const top = decodeNode(fetchNode(source, root));
  if (top === null) return;
  const prefix = keyNibbles(options.prefix ?? new Uint8Array(0));
  const start = options.startAfter === undefined ? undefined : keyNibbles(options.startAfter);
  yield* walk({ source, prefix, start, path: [], values }, top, prefix.length === 0, start !== undefined);
}

/** Keys of the trie at `root` in order, lazily (take what a page needs and stop). */
export function* trieKeys(
  source: TrieNodeSource,
  root: Uint8Array,
  options: TrieIterateOptions = {},
): Generator<Uint8Array, void, undefined> {
  for (const [key] of iterate(source, root, options, false)) yield key;
}

/** Key-value pairs of the trie at `root` in key order, reading hashed values from `source`. */
export function* trieEntries(
  source: TrieNodeSource,
  root: Uint8Array,
  options: TrieIterateOptions = {},
): Generator<readonly [Uint8Array, Uint8Array], void, undefined> {
  for (const [key, value] of iterate(source, root, options, true)) yield [key, value as Uint8Array];
}
