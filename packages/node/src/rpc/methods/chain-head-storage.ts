/**
 * chainHead_v1_storage queries: parsing the items, answering `value`, `hash` and
 * `closestDescendantMerkleValue` at once, and walking `descendantsValues`/`descendantsHashes` a
 * page at a time so a client reading a large map pulls it with chainHead_v1_continue instead of
 * receiving it in one message.
 */
import { blake2b256, equalBytes, toHex } from '@tao-ts/primitives';
import { EMPTY_TRIE_ROOT, decodeNode, proofSource, type ChildRef, type TrieNode } from '@tao-ts/trie';
import type { ReadableStorage } from '@tao-ts/runtime';
import { invalidParams } from '../jsonrpc.js';

export const STORAGE_QUERY_TYPES = [
  'value',
  'hash',
  'closestDescendantMerkleValue',
  'descendantsValues',
  'descendantsHashes',
] as const;
export type StorageQueryType = (typeof STORAGE_QUERY_TYPES)[number];

export interface StorageQuery {
  /** The key as lowercase hex without 0x (the storage layer's form). */
  readonly key: string;
  readonly type: StorageQueryType;
}

export interface StorageItem {
  key: string;
  value?: string;
  hash?: string;
  closestDescendantMerkleValue?: string;
}

/** Most items to hold per request: far above the operations a subscription may run at once. */
export const MAX_STORAGE_QUERIES = 1024;

/**
 * Hex as Substrate's chainHead methods take it: with or without 0x, and "" for no bytes. Returns
 * lowercase hex without the prefix.
 */
export function lenientHex(value: unknown, name: string): string {
  if (typeof value !== 'string') throw invalidParams(`${name} must be a hex string`);
  const digits = value.startsWith('0x') ? value.slice(2) : value;
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw invalidParams(`${name} must be hex with whole bytes`);
  return digits.toLowerCase();
}

export function parseStorageQueries(raw: unknown): StorageQuery[] {
  if (!Array.isArray(raw)) throw invalidParams('items must be an array');
  if (raw.length > MAX_STORAGE_QUERIES)
    throw invalidParams(`items has more than ${MAX_STORAGE_QUERIES} entries`);
  return raw.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw invalidParams(`items[${i}] must be an object with key and type`);
    const { key, type } = item as Record<string, unknown>;
    if (!STORAGE_QUERY_TYPES.some((t) => t === type)) {
      throw invalidParams(`items[${i}].type must be one of ${STORAGE_QUERY_TYPES.join(', ')}`);
    }
    return { key: lenientHex(key, `items[${i}].key`), type: type as StorageQueryType };
  });
}

export interface StorageSource {
  /** The block's state; asked again for every page, so a page never mixes two states. */
  state(): ReadableStorage;
  /** Trie nodes proving `key` at the block (its read proof). */
  proof(key: Uint8Array): Uint8Array[];
  /** The block's state root. */
  readonly stateRoot: Uint8Array;
}

export interface PageLimits {
  readonly items: number;
  /** Hex characters of values and hashes in one page, roughly its size on the wire. */
  readonly bytes: number;
}

const hashHex = (value: Uint8Array): string => toHex(blake2b256(value));

/** One `descendants*` item: where it has got to, resumed by key so no iterator outlives a page. */
class DescendantsCursor {
  private after: string | undefined;
  done = false;

  constructor(private readonly query: StorageQuery) {}

  take(state: ReadableStorage, budget: { items: number; bytes: number }, out: StorageItem[]): void {
    if (budget.items <= 0 || budget.bytes <= 0) return;
    const hashes = this.query.type === 'descendantsHashes';
    for (const [key, value] of state.scan(this.query.key)) {
      if (this.after !== undefined && key <= this.after) continue;
      if (budget.items <= 0 || budget.bytes <= 0) return;
      const item: StorageItem = hashes
        ? { key: `0x${key}`, hash: hashHex(value) }
        : { key: `0x${key}`, value: toHex(value) };
      out.push(item);
      budget.items -= 1;
      budget.bytes -= key.length + (item.value ?? item.hash ?? '').length;
      this.after = key;
    }
    this.done = true;
  }
}

/** A storage operation's results, page by page. */
export class StorageRun {
  private immediate: StorageQuery[];
  private readonly cursors: DescendantsCursor[];

  constructor(
    queries: readonly StorageQuery[],
    private readonly source: StorageSource,
    private readonly limits: PageLimits,
  ) {
    this.immediate = queries.filter((q) => !q.type.startsWith('descendants'));
    this.cursors = queries
      .filter((q) => q.type.startsWith('descendants'))
      .map((q) => new DescendantsCursor(q));
  }

  /** The next page; `done` when nothing is left after it. */
  next(): { items: StorageItem[]; done: boolean } {
    const state = this.source.state();
    const items: StorageItem[] = [];
    for (const query of this.immediate) {
      const item = this.single(state, query);
      if (item !== undefined) items.push(item);
    }
    this.immediate = [];
    // Single items are few (one per operation slot) and ride on the first page outside the
    // budget, so a page that is not the last always carries at least one descendant.
    const budget = { items: this.limits.items, bytes: this.limits.bytes };
    for (const cursor of this.cursors) {
      if (cursor.done) continue;
      cursor.take(state, budget, items);
      if (!cursor.done) break;
    }
    return { items, done: this.cursors.every((c) => c.done) };
  }

  private single(state: ReadableStorage, query: StorageQuery): StorageItem | undefined {
    const key = `0x${query.key}`;
    if (query.type === 'closestDescendantMerkleValue') {
      const bytes = Buffer.from(query.key, 'hex');
      const merkle = closestDescendantMerkleValue(this.source.stateRoot, this.source.proof(bytes), bytes);
      return merkle === undefined ? undefined : { key, closestDescendantMerkleValue: toHex(merkle) };
    }
    const value = state.get(query.key);
    if (value === undefined) return undefined;
    return query.type === 'hash' ? { key, hash: hashHex(value) } : { key, value: toHex(value) };
  }
}

const nibbleAt = (key: Uint8Array, i: number): number => {
  const byte = key[i >> 1] ?? 0;
  return (i & 1) === 0 ? byte >> 4 : byte & 0x0f;
};

/**
 * The Merkle value of the trie node at `key`, or of the closest node below it (a branch counts),
 * from the key's read proof: the node's hash, or its encoding when a parent embeds it inline. The
 * root is always referred to by hash. Undefined when no node lies at or below the key.
 */
export function closestDescendantMerkleValue(
  root: Uint8Array,
  proof: readonly Uint8Array[],
  key: Uint8Array,
): Uint8Array | undefined {
  if (equalBytes(root, EMPTY_TRIE_ROOT)) return undefined;
  const source = proofSource(proof);
  const fetch = (hash: Uint8Array): Uint8Array => {
    const encoded = source.get(hash);
    if (encoded === undefined) throw new Error(`the read proof lacks trie node ${toHex(hash)}`);
    return encoded;
  };
  let node: TrieNode | null = decodeNode(fetch(root));
  let merkle: Uint8Array = root;
  const keyNibbles = key.length * 2;
  let offset = 0;
  while (node !== null) {
    const { partial } = node;
    const rest = keyNibbles - offset;
    const common = Math.min(rest, partial.length);
    for (let i = 0; i < common; i++) if (partial[i] !== nibbleAt(key, offset + i)) return undefined;
    // The key ends within (or exactly at) this node's path: every key below starts with it.
    if (rest <= partial.length) return merkle;
    offset += partial.length;
    const child: ChildRef | undefined = node.children?.[nibbleAt(key, offset)];
    if (child === undefined) return undefined;
    offset += 1;
    merkle = child.inline ? child.encoded : child.hash;
    node = decodeNode(child.inline ? child.encoded : fetch(child.hash));
  }
  return undefined;
}
