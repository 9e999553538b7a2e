// Reading one key at a root: walk from the root, matching partial keys nibble by nibble.
import { checkRoot } from './layout.js';
import { decodeChild, decodeNode } from './node-codec.js';
import { nibbleAt } from './nibbles.js';
import { type NodeRecorder, type TrieNodeSource, fetchChild, fetchNode, fetchValue } from './source.js';

/**
 * The value under `key` in the trie with `root`, or undefined when absent. Throws MissingTrieNodeError
 * when a node on the path (or the hashed value) is not in `source`, InvalidTrieNodeError on bad bytes.
 * `record` sees each node and value fetched by hash, which is exactly what a read proof must contain.
 */
export function lookup(
  source: TrieNodeSource,
  root: Uint8Array,
  key: Uint8Array,
  record?: NodeRecorder,
): Uint8Array | undefined {
  checkRoot(root);
  let node = decodeNode(fetchNode(source, root, record));
  const keyNibbles = key.length * 2;
  let offset = 0;
  while (node !== null) {
    const { partial } = node;
    if (keyNibbles - offset < partial.length) return undefined;
    for (let i = 0; i < partial.length; i++) if (partial[i] !== nibbleAt(key, offset + i)) return undefined;
    offset += partial.length;
    if (offset === keyNibbles) {
      const v = node.value;
      if (v === undefined) return undefined;
      return v.hashed ? fetchValue(source, v.hash, record) : v.bytes;
    }
    const child = node.children?.[nibbleAt(key, offset)];
    if (child === undefined) return undefined;
    offset += 1;
    node = decodeChild(fetchChild(source, child, record));
  }
  return undefined;
}
