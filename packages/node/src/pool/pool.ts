/**
 * The transaction pool: validated transactions waiting for a block. Transactions depend on each
 * other through tags (a sender's nonce n requires (sender, n−1)); those whose requirements are
 * met are ready, others wait in the future queue. Blocks take ready transactions by priority
 * (then tip, then age), respecting dependencies. The pool is bounded in count and bytes, replaces a
 * transaction only with a higher-priority one providing the same tag, and bans what turned out
 * invalid for a while. Errors carry Substrate's author RPC codes.
 */
import { blake2b256, toHex } from '@tao-ts/primitives';
import { RpcError } from '../rpc/jsonrpc.js';

export interface ValidTransaction {
  readonly priority: bigint;
  /** What the signer offered above the fee; breaks ties between equal priorities. */
  readonly tip?: bigint;
  readonly requires: readonly Uint8Array[];
  readonly provides: readonly Uint8Array[];
  /** Blocks from now for which the validity holds. */
  readonly longevity: bigint;
  readonly propagate: boolean;
}

/** Why a transaction is refused, in Substrate's words (`Invalid Transaction: <reason>`). */
export interface Rejection {
  readonly kind: 'invalid' | 'unknown';
  readonly reason: string;
}

export type Validity =
  | { readonly ok: true; readonly valid: ValidTransaction }
  | { readonly ok: false; readonly rejection: Rejection };

export type TxStatus =
  | 'future'
  | 'ready'
  | 'dropped'
  | 'invalid'
  | { inBlock: string }
  | { finalized: string }
  | { usurped: string }
  | { retracted: string };

export const POOL_INVALID_TX = 1010;
export const POOL_UNKNOWN_VALIDITY = 1011;
export const POOL_TEMPORARILY_BANNED = 1012;
export const POOL_ALREADY_IMPORTED = 1013;
export const POOL_TOO_LOW_PRIORITY = 1014;
export const POOL_IMMEDIATELY_DROPPED = 1016;
export const BAD_FORMAT = 1001;

export function rejectionError(rejection: Rejection): RpcError {
  return rejection.kind === 'invalid'
    ? new RpcError(POOL_INVALID_TX, 'Invalid Transaction', rejection.reason)
    : new RpcError(POOL_UNKNOWN_VALIDITY, 'Unknown Transaction Validity', rejection.reason);
}

interface PoolTx {
  readonly hash: string;
  readonly bytes: Uint8Array;
  readonly priority: bigint;
  readonly tip: bigint;
  readonly requires: readonly string[];
  readonly provides: readonly string[];
  readonly validUntil: number;
  readonly order: number;
}

export interface PoolOptions {
  readonly validate: (bytes: Uint8Array) => Validity;
  readonly bestNumber: () => number;
  readonly maxCount?: number;
  readonly maxBytes?: number;
  /** How long a transaction found invalid stays refused (ms). */
  readonly banMs?: number;
  readonly now?: () => number;
}

type Watcher = (status: TxStatus) => void;

const tagHex = (tag: Uint8Array): string => Buffer.from(tag).toString('hex');

export class TxPool {
  private readonly txs = new Map<string, PoolTx>();
  private readonly providers = new Map<string, string>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly banned = new Map<string, number>();
  /** Watched transactions that are in a block not yet final: tx hash → block hash. */
  private readonly inBlock = new Map<string, string>();
  /**
   * Hashes of the byte arrays this pool took in: a block hands the same arrays back (built from
   * ready()), once imported and once final, so they are not hashed again. Pool bytes are never
   * written to after submission.
   */
  private readonly hashes = new WeakMap<Uint8Array, string>();
  private bytes = 0;
  private order = 0;
  private readonly maxCount: number;
  private readonly maxBytes: number;
  private readonly banMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PoolOptions) {
    this.maxCount = options.maxCount ?? 8192;
    this.maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
    this.banMs = options.banMs ?? 30 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.txs.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  static hashOf(bytes: Uint8Array): string {
    return toHex(blake2b256(bytes));
  }

  /** Validate and add a transaction; throws an RpcError with Substrate's code when refused. */
  submit(bytes: Uint8Array, watcher?: Watcher): string {
    const hash = this.hashOfKnown(bytes);
    if (this.txs.has(hash)) throw new RpcError(POOL_ALREADY_IMPORTED, 'Transaction Already Imported');
    const bannedUntil = this.banned.get(hash);
    if (bannedUntil !== undefined && bannedUntil > this.now()) {
      throw new RpcError(POOL_TEMPORARILY_BANNED, 'Transaction is temporarily banned');
    }
    const validity = this.options.validate(bytes);
    if (!validity.ok) {
      if (validity.rejection.kind === 'invalid') this.ban(hash);
      throw rejectionError(validity.rejection);
    }
    const tx = this.makeTx(hash, bytes, validity.valid);
    if (tx.provides.length === 0)
      throw new RpcError(1018, 'Transaction does not provide any tags, so the pool cannot identify it');
    // A transaction providing a tag already provided replaces it only with a higher priority.
    const displaced = new Set<string>();
    for (const tag of tx.provides) {
      const other = this.providers.get(tag);
      if (other === undefined) continue;
      const existing = this.txs.get(other);
      if (existing !== undefined && existing.priority >= tx.priority) {
        throw new RpcError(
          POOL_TOO_LOW_PRIORITY,
          `Priority is too low: (${existing.priority} vs ${tx.priority})`,
          'The transaction has too low priority to replace another transaction already in the pool.',
        );
      }
      displaced.add(other);
    }
    this.makeRoom(tx, displaced);
    for (const other of displaced) this.remove(other, { usurped: hash });
    this.insert(tx);
    if (watcher) this.watch(hash, watcher);
    this.notify(hash, this.isReady(tx) ? 'ready' : 'future');
    return hash;
  }

  watch(hash: string, watcher: Watcher): () => void {
    let set = this.watchers.get(hash);
    if (set === undefined) this.watchers.set(hash, (set = new Set()));
    set.add(watcher);
    return () => {
      set.delete(watcher);
      if (set.size === 0) this.watchers.delete(hash);
    };
  }

  has(hash: string): boolean {
    return this.txs.has(hash);
  }

  /** Whether a pooled transaction provides this tag (e.g. a sender's nonce). */
  providesTag(tag: Uint8Array): boolean {
    return this.providers.has(tagHex(tag));
  }

  /** Every transaction (ready and future), encoded, in insertion order. */
  pending(): Uint8Array[] {
    return [...this.txs.values()].sort((a, b) => a.order - b.order).map((tx) => tx.bytes);
  }

  /** Ready transactions in block order: highest priority first, each after what it requires. */
  ready(maxBytes = Number.POSITIVE_INFINITY): { hash: string; bytes: Uint8Array }[] {
    // Kahn's algorithm with a priority queue: a transaction unlocks once every tag it requires
    // has been provided by one chosen before it.
    const waiting = new Map<PoolTx, number>();
    const dependents = new Map<string, PoolTx[]>();
    const heap = new TxHeap();
    for (const tx of this.txs.values()) {
      const missing = new Set(tx.requires).size;
      if (missing === 0) heap.push(tx);
      else waiting.set(tx, missing);
      for (const tag of new Set(tx.requires)) {
        let list = dependents.get(tag);
        if (list === undefined) dependents.set(tag, (list = []));
        list.push(tx);
      }
    }
    const chosen: { hash: string; bytes: Uint8Array }[] = [];
    let budget = maxBytes;
    for (let next = heap.pop(); next !== undefined; next = heap.pop()) {
      // What does not fit is skipped, and so (never unlocked) is everything depending on it.
      if (next.bytes.length > budget) continue;
      budget -= next.bytes.length;
      chosen.push({ hash: next.hash, bytes: next.bytes });
      for (const tag of next.provides) {
        for (const dependent of dependents.get(tag) ?? []) {
          const left = (waiting.get(dependent) ?? 1) - 1;
          if (left === 0) {
            waiting.delete(dependent);
            heap.push(dependent);
          } else waiting.set(dependent, left);
        }
      }
    }
    return chosen;
  }

  /**
   * After a block: drop what it included (notifying in-block and finalized), then revalidate
   * the rest against the new state (stale ones go, future ones may become ready).
   */
  blockImported(blockHash: string, included: readonly Uint8Array[]): void {
    // Readiness as watchers last heard it: only a change from future is news.
    const readyBefore = new Set<string>();
    for (const tx of this.txs.values()) if (this.isReady(tx)) readyBefore.add(tx.hash);
    for (const bytes of included) {
      const hash = this.hashOfKnown(bytes);
      if (!this.txs.has(hash)) continue;
      this.remove(hash, undefined);
      this.notify(hash, { inBlock: blockHash });
      // Watchers stay until the block is final.
      if (this.watchers.has(hash)) this.inBlock.set(hash, blockHash);
    }
    const best = this.options.bestNumber();
    const survivors: string[] = [];
    for (const tx of [...this.txs.values()]) {
      const validity = best > tx.validUntil ? undefined : this.options.validate(tx.bytes);
      if (validity === undefined || !validity.ok) {
        this.remove(tx.hash, validity === undefined ? 'dropped' : 'invalid');
        if (validity !== undefined) this.ban(tx.hash);
        continue;
      }
      this.removeQuietly(tx.hash);
      const refreshed = { ...this.makeTx(tx.hash, tx.bytes, validity.valid), order: tx.order };
      this.insert(refreshed);
      survivors.push(tx.hash);
    }
    // After the whole pass: a transaction's readiness depends on its providers' refreshed tags.
    for (const hash of survivors) {
      const tx = this.txs.get(hash);
      if (tx !== undefined && !readyBefore.has(hash) && this.isReady(tx)) this.notify(hash, 'ready');
    }
  }

  /** A block became final: its transactions' watchers hear so, and are done. */
  blockFinalized(blockHash: string, included: readonly Uint8Array[]): void {
    for (const bytes of included) {
      const hash = this.hashOfKnown(bytes);
      if (this.inBlock.get(hash) !== blockHash) continue;
      this.inBlock.delete(hash);
      this.notify(hash, { finalized: blockHash });
      this.watchers.delete(hash);
    }
  }

  /** Drop transactions a block builder found invalid. */
  rejected(hashes: readonly string[]): void {
    for (const hash of hashes) {
      if (!this.txs.has(hash)) continue;
      this.remove(hash, 'invalid');
      this.ban(hash);
    }
  }

  private hashOfKnown(bytes: Uint8Array): string {
    let hash = this.hashes.get(bytes);
    if (hash === undefined) {
      hash = TxPool.hashOf(bytes);
      this.hashes.set(bytes, hash);
    }
    return hash;
  }

  private makeTx(hash: string, bytes: Uint8Array, valid: ValidTransaction): PoolTx {
    const longevity =
      valid.longevity > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(valid.longevity);
    return {
      hash,
      bytes,
      priority: valid.priority,
      tip: valid.tip ?? 0n,
      requires: valid.requires.map(tagHex),
      provides: valid.provides.map(tagHex),
      validUntil: Math.min(this.options.bestNumber() + longevity, Number.MAX_SAFE_INTEGER),
      order: this.order++,
    };
  }

  private isReady(tx: PoolTx, seen = new Set<string>()): boolean {
    if (seen.has(tx.hash)) return false;
    seen.add(tx.hash);
    return tx.requires.every((tag) => {
      const provider = this.providers.get(tag);
      const other = provider === undefined ? undefined : this.txs.get(provider);
      return other !== undefined && this.isReady(other, seen);
    });
  }

  private makeRoom(incoming: PoolTx, displaced: ReadonlySet<string>): void {
    const freed = [...displaced].reduce((sum, h) => sum + (this.txs.get(h)?.bytes.length ?? 0), 0);
    let count = this.txs.size - displaced.size;
    let bytes = this.bytes - freed;
    if (count < this.maxCount && bytes + incoming.bytes.length <= this.maxBytes) return;
    // Evict the lowest-priority, newest transactions while they rank below the incoming one.
    const victims = [...this.txs.values()]
      .filter((tx) => !displaced.has(tx.hash))
      .sort((a, b) => (ranksBefore(a, b) ? 1 : ranksBefore(b, a) ? -1 : 0));
    const evict: string[] = [];
    for (const victim of victims) {
      if (count < this.maxCount && bytes + incoming.bytes.length <= this.maxBytes) break;
      if (!ranksBefore(incoming, victim)) break;
      evict.push(victim.hash);
      count -= 1;
      bytes -= victim.bytes.length;
    }
    if (count >= this.maxCount || bytes + incoming.bytes.length > this.maxBytes) {
      throw new RpcError(
        POOL_IMMEDIATELY_DROPPED,
        'Immediately Dropped',
        'The transaction could not enter the pool because of the limit',
      );
    }
    for (const hash of evict) this.remove(hash, 'dropped');
  }

  private insert(tx: PoolTx): void {
    this.txs.set(tx.hash, tx);
    this.bytes += tx.bytes.length;
    for (const tag of tx.provides) this.providers.set(tag, tx.hash);
  }

  private removeQuietly(hash: string): void {
    const tx = this.txs.get(hash);
    if (tx === undefined) return;
    this.txs.delete(hash);
    this.bytes -= tx.bytes.length;
    for (const tag of tx.provides) if (this.providers.get(tag) === hash) this.providers.delete(tag);
  }

  private remove(hash: string, status: TxStatus | undefined): void {
    this.removeQuietly(hash);
    if (status !== undefined) {
      this.notify(hash, status);
      this.watchers.delete(hash);
    }
  }

  private ban(hash: string): void {
    const now = this.now();
    this.banned.set(hash, now + this.banMs);
    if (this.banned.size > 4 * this.maxCount) {
      for (const [h, until] of this.banned) if (until <= now) this.banned.delete(h);
    }
  }

  private notify(hash: string, status: TxStatus): void {
    for (const watcher of this.watchers.get(hash) ?? []) watcher(status);
  }
}

/** Block order: higher priority, then higher tip, then earlier arrival. */
function ranksBefore(a: PoolTx, b: PoolTx): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.tip !== b.tip) return a.tip > b.tip;
  return a.order < b.order;
}

/** Max-heap on ranksBefore. */
class TxHeap {
  private readonly items: PoolTx[] = [];

  private static readonly before = ranksBefore;

  push(tx: PoolTx): void {
    const items = this.items;
    items.push(tx);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TxHeap.before(items[i] as PoolTx, items[parent] as PoolTx)) break;
      [items[i], items[parent]] = [items[parent] as PoolTx, items[i] as PoolTx];
      i = parent;
    }
  }

  pop(): PoolTx | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < items.length && TxHeap.before(items[l] as PoolTx, items[best] as PoolTx)) best = l;
      if (r < items.length && TxHeap.before(items[r] as PoolTx, items[best] as PoolTx)) best = r;
      if (best === i) break;
      [items[i], items[best]] = [items[best] as PoolTx, items[i] as PoolTx];
      i = best;
    }
    return top;
  }
}
