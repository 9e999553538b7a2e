// Read proofs as Substrate's `state_getReadProof` serves them: the set of encoded nodes (and hashed
// values) a lookup of each key touches, enough to re-walk those keys from the root with nothing else.
import { InvalidTrieNodeError, InvalidTrieProofError, MissingTrieNodeError } from './errors.js';
import { checkRoot, compareBytes, hashKey, hashNode } from './layout.js';
import { lookup } from './lookup.js';
import type { TrieNodeSource } from './source.js';
import { toHex } from '@tao-ts/primitives';

/**
 * The proof of `keys`' values (or absence) at `root`: each needed node once, in byte order, which is
 * how sp_trie::StorageProof (a BTreeSet of nodes) lists them. Throws MissingTrieNodeError when
 * `source` lacks a node of the trie.
 */
export function readProof(
  source: TrieNodeSource,
  root: Uint8Array,
  keys: readonly Uint8Array[],
): Uint8Array[] {
  const nodes = new Map<string, Uint8Array>();
  const record = (hash: Uint8Array, encoded: Uint8Array): void => {
    nodes.set(hashKey(hash), encoded);
  };
  for (const key of keys) lookup(source, root, key, record);
  return [...nodes.values()].sort(compareBytes);
}

/** A node source over the items of a proof, each addressed by its own blake2-256 hash. */
export function proofSource(proof: readonly Uint8Array[]): TrieNodeSource {
  const byHash = new Map<string, Uint8Array>();
  for (const item of proof) byHash.set(hashKey(hashNode(item)), item);
  return { get: (hash) => byHash.get(hashKey(hash)) };
}

/**
 * Checks `proof` against `root` and returns each key's proven value (undefined: proven absent), keyed
 * by `toHex(key)`. Throws InvalidTrieProofError (code TRIE_INVALID_PROOF) when the proof lacks a node
 * needed for some key or holds a malformed one. Nodes the keys do not need are ignored, as Substrate's
 * read_proof_check does.
 */
export function verifyReadProof(
  root: Uint8Array,
  proof: readonly Uint8Array[],
  keys: readonly Uint8Array[],
): Map<string, Uint8Array | undefined> {
  checkRoot(root);
  const source = proofSource(proof);
  const out = new Map<string, Uint8Array | undefined>();
  for (const key of keys) {
    try {
      out.set(toHex(key), lookup(source, root, key));
    } catch (err) {
      if (err instanceof MissingTrieNodeError) {
        throw new InvalidTrieProofError(`proof: lacks ${err.hash} needed to read key ${toHex(key)}`, {
          cause: err,
        });
      }
      if (err instanceof InvalidTrieNodeError) {
        throw new InvalidTrieProofError(
          `proof: malformed node on the path of key ${toHex(key)}: ${err.message}`,
          {
            cause: err,
          },
        );
      }
      throw err;
    }
  }
  return out;
}
