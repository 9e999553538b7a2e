/**
 * One chainHead_v1_follow subscription: the blocks it has pinned, the blocks it has announced
 * but not yet reported finalized, its running operations, and the follow events in the order
 * the spec requires (initialized, newBlock, bestBlockChanged, finalized, stop). Pinning is
 * bounded: a subscription that would pin more than its limit is stopped, as the spec prescribes,
 * and everything it held goes with it.
 */
import { toHex } from '@tao-ts/primitives';
import { RpcError } from '../jsonrpc.js';
import type { Channel } from './channel.js';
import type { PageLimits } from './chain-head-storage.js';

/** The spec's error codes for chainHead_v1_* calls. */
export const TOO_MANY_FOLLOWS = -32800;
export const INVALID_BLOCK = -32801;
export const NO_RUNTIME = -32802;
export const INVALID_CONTINUE = -32803;
export const DUPLICATE_HASHES = -32804;

export interface FollowLimits {
  /** Blocks one subscription may hold pinned; one more stops it. */
  readonly maxPinned: number;
  /** Operation slots of one subscription (a storage item, a body or a call each take one). */
  readonly maxOperations: number;
  readonly storagePage: PageLimits;
}

export const DEFAULT_FOLLOW_LIMITS: FollowLimits = {
  maxPinned: 512,
  // The spec's floor, and what Substrate grants.
  maxOperations: 16,
  storagePage: { items: 256, bytes: 1 << 20 },
};

/** A runtime as follow events describe it (`finalizedBlockRuntime`, `newRuntime`). */
export interface RuntimeSpec {
  readonly specName: string;
  readonly implName: string;
  readonly specVersion: number;
  readonly implVersion: number;
  readonly transactionVersion: number;
  /** blake2_64 of the API name (0x-hex) → version. */
  readonly apis: Readonly<Record<string, number>>;
}

export interface Operation {
  readonly id: string;
  readonly slots: number;
  /** Set while a storage operation waits for chainHead_v1_continue. */
  resume: (() => void) | undefined;
}

export interface FollowStart {
  readonly finalized: Uint8Array;
  /** Blocks above the finalized one, parents first, with their parents. */
  readonly unfinalized: readonly { hash: Uint8Array; parentHash: Uint8Array }[];
  readonly best: Uint8Array;
  readonly runtime: RuntimeSpec;
}

export class Follow {
  private readonly pinned = new Set<string>();
  /** Announced with newBlock and not yet reported finalized or pruned: hash → parent hash. */
  private readonly unfinalized = new Map<string, string>();
  private readonly operations = new Map<string, Operation>();
  private slotsInUse = 0;
  private nextOperation = 0;

  constructor(
    readonly channel: Channel,
    readonly withRuntime: boolean,
    private readonly limits: FollowLimits,
  ) {}

  get id(): string {
    return this.channel.id;
  }

  get alive(): boolean {
    return this.channel.open;
  }

  get pinnedCount(): number {
    return this.pinned.size;
  }

  start(head: FollowStart): void {
    const finalized = toHex(head.finalized);
    this.pinned.add(finalized);
    this.channel.send({
      event: 'initialized',
      finalizedBlockHashes: [finalized],
      ...(this.withRuntime ? { finalizedBlockRuntime: { type: 'valid', spec: head.runtime } } : {}),
    });
    for (const block of head.unfinalized) this.newBlock(block.hash, block.parentHash);
    if (this.alive) this.channel.send({ event: 'bestBlockChanged', bestBlockHash: toHex(head.best) });
  }

  /** A block was imported; `isBest` when it also became the best block. */
  blockImported(hash: Uint8Array, parentHash: Uint8Array, isBest: boolean): void {
    if (!this.alive) return;
    this.newBlock(hash, parentHash);
    if (isBest && this.alive) this.channel.send({ event: 'bestBlockChanged', bestBlockHash: toHex(hash) });
  }

  /** `hash` and its announced ancestors are final; announced blocks off its chain are pruned. */
  blockFinalized(hash: Uint8Array): void {
    if (!this.alive) return;
    let at: string | undefined = toHex(hash);
    const finalized: string[] = [];
    while (at !== undefined && this.unfinalized.has(at)) {
      finalized.push(at);
      const parent: string | undefined = this.unfinalized.get(at);
      this.unfinalized.delete(at);
      at = parent;
    }
    // Finalizing a block this subscription never announced (it started later) says nothing new.
    if (finalized.length === 0) return;
    const head = finalized[0] as string;
    const pruned = [...this.unfinalized.keys()].filter((h) => !this.descendsFrom(h, head));
    for (const h of pruned) this.unfinalized.delete(h);
    this.channel.send({
      event: 'finalized',
      finalizedBlockHashes: finalized.reverse(),
      prunedBlockHashes: pruned,
    });
  }

  isPinned(hashHex: string): boolean {
    return this.pinned.has(hashHex);
  }

  /** Unpin all of `hashes` or, when one is not pinned or repeated, none. */
  unpin(hashes: readonly string[]): void {
    if (new Set(hashes).size !== hashes.length)
      throw new RpcError(DUPLICATE_HASHES, 'Invalid params: duplicate block hashes in hashOrHashes');
    for (const hash of hashes) {
      if (!this.pinned.has(hash))
        throw new RpcError(INVALID_BLOCK, `Invalid block hash: ${hash} is not pinned`);
    }
    for (const hash of hashes) this.pinned.delete(hash);
  }

  /** Take up to `wanted` operation slots (at least one); undefined when none is free. */
  startOperation(wanted: number): Operation | undefined {
    const free = this.limits.maxOperations - this.slotsInUse;
    const slots = Math.min(Math.max(wanted, 1), free);
    if (slots <= 0) return undefined;
    const operation: Operation = { id: String(this.nextOperation++), slots, resume: undefined };
    this.slotsInUse += slots;
    this.operations.set(operation.id, operation);
    return operation;
  }

  operation(id: string): Operation | undefined {
    return this.operations.get(id);
  }

  /** Queue an operation's event (dropped when the operation was stopped meanwhile). */
  operationEvent(operation: Operation, event: Record<string, unknown>): void {
    if (this.operations.get(operation.id) !== operation) return;
    this.channel.send({ ...event, operationId: operation.id });
  }

  /** An operation is over (done, failed or stopped): its slots are free again. */
  endOperation(operation: Operation): void {
    if (this.operations.get(operation.id) !== operation) return;
    this.operations.delete(operation.id);
    this.slotsInUse -= operation.slots;
  }

  /** End the subscription from the server side: a `stop` event, then nothing more. */
  stop(): void {
    if (!this.alive) return;
    this.channel.send({ event: 'stop' });
    this.channel.close();
  }

  /** Drop everything the subscription holds (it has ended, whichever way). */
  dispose(): void {
    this.pinned.clear();
    this.unfinalized.clear();
    this.operations.clear();
    this.slotsInUse = 0;
  }

  private newBlock(hash: Uint8Array, parentHash: Uint8Array): void {
    if (this.pinned.size >= this.limits.maxPinned) {
      this.stop();
      return;
    }
    const hex = toHex(hash);
    const parent = toHex(parentHash);
    this.pinned.add(hex);
    this.unfinalized.set(hex, parent);
    this.channel.send({
      event: 'newBlock',
      blockHash: hex,
      parentBlockHash: parent,
      // The runtime never changes between blocks yet (no on-chain upgrades).
      ...(this.withRuntime ? { newRuntime: null } : {}),
    });
  }

  private descendsFrom(hash: string, ancestor: string): boolean {
    for (let at: string | undefined = hash; at !== undefined; at = this.unfinalized.get(at)) {
      if (at === ancestor) return true;
    }
    return false;
  }
}
