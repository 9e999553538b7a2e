export * from './errors.js';
export {
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  HASH_LENGTH,
  MAX_INLINE_VALUE,
  type StateVersion,
  hashKey,
  isHashedValue,
} from './layout.js';
export { type ChildRef, type TrieNode, type TrieValue, decodeNode, encodeNode } from './node-codec.js';
export { type NodeRecorder, type TrieNodeSource } from './source.js';
export { type BuiltTrie, type TrieEntry, buildTrie, orderedTrieRoot, trieRoot } from './build.js';
export { lookup } from './lookup.js';
export { type TrieChange, type TrieUpdate, applyChanges } from './update.js';
export { proofSource, readProof, verifyReadProof } from './proof.js';
export { type TrieIterateOptions, trieEntries, trieKeys } from './iterate.js';
export { CachedNodeSource, MemoryNodeStore } from './node-store.js';
export { TrieNodeCache } from './node-cache.js';
