// Every stored node and hashed value a root references: what a full node must keep for that root.
import { hashKey } from '../layout.js';
import { type TrieNode, decodeChild, decodeNode } from '../node-codec.js';
import { type TrieNodeSource, fetchNode, fetchValue } from '../source.js';

export function reachableHashes(source: TrieNodeSource, root: Uint8Array): Set<string> {
  const out = new Set<string>([hashKey(root)]);
  const visit = (node: TrieNode | null): void => {
    if (node === null) return;
    if (node.value?.hashed === true) {
      fetchValue(source, node.value.hash);
      out.add(hashKey(node.value.hash));
    }
    for (const c of node.children ?? []) {
      if (c === undefined) continue;
      if (c.inline) visit(decodeChild(c.encoded));
      else {
        out.add(hashKey(c.hash));
        visit(decodeChild(fetchNode(source, c.hash)));
      }
    }
  };
  visit(decodeNode(fetchNode(source, root)));
  return out;
}
