// Where trie nodes come from: any content-addressed store (LMDB, a proof, a map in memory).
import { MissingTrieNodeError } from './errors.js';
import { EMPTY_NODE, EMPTY_TRIE_ROOT, bytesEqual, hashKey } from './layout.js';
import type { ChildRef } from './node-codec.js';

/** Content-addressed node store: an encoded node or a hashed value, by its blake2-256 hash. */
export interface TrieNodeSource {
  get(hash: Uint8Array): Uint8Array | undefined;
}

/** Sees every node and hashed value a traversal fetches by hash (inline nodes are part of their parent). */
export type NodeRecorder = (hash: Uint8Array, encoded: Uint8Array) => void;

/**
 * A node by hash. The empty trie's root is known without asking the source and is never recorded: a
 * proof about the empty trie needs no nodes.
 */
export function fetchNode(source: TrieNodeSource, hash: Uint8Array, record?: NodeRecorder): Uint8Array {
  if (bytesEqual(hash, EMPTY_TRIE_ROOT)) return EMPTY_NODE;
  const encoded = source.get(hash);
  if (encoded === undefined) throw new MissingTrieNodeError(hashKey(hash), 'node');
  record?.(hash, encoded);
  return encoded;
}

export function fetchChild(source: TrieNodeSource, ref: ChildRef, record?: NodeRecorder): Uint8Array {
  return ref.inline ? ref.encoded : fetchNode(source, ref.hash, record);
}

export function fetchValue(source: TrieNodeSource, hash: Uint8Array, record?: NodeRecorder): Uint8Array {
  const value = source.get(hash);
  if (value === undefined) throw new MissingTrieNodeError(hashKey(hash), 'value');
  record?.(hash, value);
  return value;
}
