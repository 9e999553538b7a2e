// Typed trie errors. Decoders and proof checks face untrusted bytes (RPC, peers, the database), so every
// expected failure is one of these classes with a stable `code`, never a RangeError or a hang.
import { TaoError, type TaoErrorOptions } from '@tao-ts/primitives';

/** Bytes that are not a valid Substrate trie node (bad header, truncated, trailing bytes, no children…). */
export class InvalidTrieNodeError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super('TRIE_INVALID_NODE', message, options);
  }
}

/** A node or hashed value that the trie references is not in the node source. */
export class MissingTrieNodeError extends TaoError {
  /** `0x`-prefixed hex of the blake2-256 hash that was looked up. */
  readonly hash: string;

  constructor(hash: string, what: 'node' | 'value') {
    super('TRIE_MISSING_NODE', `trie ${what} ${hash} is not in the node source`);
    this.hash = hash;
  }
}

/** A read proof that does not prove what was asked: a needed node is absent or malformed. */
export class InvalidTrieProofError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super('TRIE_INVALID_PROOF', message, options);
  }
}

/** A caller passed an argument the trie cannot use (wrong root length, unknown state version…). */
export class InvalidTrieArgumentError extends TaoError {
  constructor(message: string, field: string) {
    super('TRIE_INVALID_ARGUMENT', message, { field });
  }
}
