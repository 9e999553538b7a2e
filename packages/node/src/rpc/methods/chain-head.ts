/**
 * chainHead_v1_*: following the head of the chain (the new JSON-RPC spec that polkadot-api and
 * smoldot speak) and reading pinned blocks' headers, bodies, storage and runtime calls.
 *
 * This chain has one authority and instant finality, so each authored block reaches followers
 * as newBlock, bestBlockChanged, then finalized. Operations run synchronously; their events are
 * queued after the response that names them.
 */
import { equalBytes, toHex } from '@tao-ts/primitives';
import { encodeHeader } from '../../block/header.js';
import type { Chain, ImportedBlock } from '../../chain/chain.js';
import {
  INTERNAL_ERROR,
  METHOD_NOT_FOUND,
  RpcError,
  invalidParams,
  parseHex,
  type CallContext,
  type Connection,
  type Dispatcher,
  type Params,
} from '../jsonrpc.js';
import type { NodeServices } from '../services.js';
import { openChannel } from './channel.js';
import {
  DEFAULT_FOLLOW_LIMITS,
  Follow,
  INVALID_BLOCK,
  INVALID_CONTINUE,
  NO_RUNTIME,
  TOO_MANY_FOLLOWS,
  type FollowLimits,
  type Operation,
  type RuntimeSpec,
} from './chain-head-follow.js';
import { StorageRun, lenientHex, parseStorageQueries, type StorageSource } from './chain-head-storage.js';

/** Follow subscriptions per connection; the spec guarantees clients at least two. */
export const MAX_FOLLOWS_PER_CONNECTION = 4;

/** RuntimeVersion in the legacy JSON shape (apis as [id, version] pairs). */
export interface RuntimeVersionLike {
  readonly specName: string;
  readonly implName: string;
  readonly specVersion: number;
  readonly implVersion: number;
  readonly transactionVersion: number;
  readonly apis: readonly (readonly [string, number])[];
}

export interface ChainHeadOptions {
  readonly runtimeVersion: () => RuntimeVersionLike;
  readonly limits?: Partial<FollowLimits>;
}

export function runtimeSpec(version: RuntimeVersionLike): RuntimeSpec {
  return {
    specName: version.specName,
    implName: version.implName,
    specVersion: version.specVersion,
    implVersion: version.implVersion,
    transactionVersion: version.transactionVersion,
    apis: Object.fromEntries(version.apis),
  };
}

/**
 * Every live follow subscription, fed by one listener per chain event (attached only while some
 * subscription exists, so an idle node carries none).
 */
export class FollowHub {
  private readonly follows = new Map<string, Follow>();

  constructor(private readonly chain: Chain) {}

  get size(): number {
    return this.follows.size;
  }

  add(follow: Follow): void {
    if (this.follows.size === 0) {
      this.chain.on('block', this.onBlock);
      this.chain.on('finalized', this.onFinalized);
    }
    this.follows.set(follow.id, follow);
  }

  remove(id: string): void {
    const follow = this.follows.get(id);
    if (follow === undefined) return;
    this.follows.delete(id);
    follow.dispose();
    if (this.follows.size > 0) return;
    this.chain.off('block', this.onBlock);
    this.chain.off('finalized', this.onFinalized);
  }

  /** The live subscription `id` of this connection (another connection's ids are not visible). */
  get(id: string, connection: Connection | undefined): Follow | undefined {
    const follow = this.follows.get(id);
    if (follow === undefined || !follow.alive || follow.channel.connection !== connection) return undefined;
    return follow;
  }

  countOn(connection: Connection): number {
    let n = 0;
    for (const follow of this.follows.values()) if (follow.channel.connection === connection) n += 1;
    return n;
  }

  private readonly onBlock = (block: ImportedBlock): void => {
    const isBest = equalBytes(this.chain.best.hash, block.hash);
    for (const follow of [...this.follows.values()])
      follow.blockImported(block.hash, block.header.parentHash, isBest);
  };

  private readonly onFinalized = (block: ImportedBlock): void => {
    for (const follow of [...this.follows.values()]) follow.blockFinalized(block.hash);
  };
}

const blockHash = (params: Params, i: number): { bytes: Uint8Array; hex: string } => {
  const bytes = parseHex(params.string(i, 'hash'), 'hash', 32);
  return { bytes, hex: toHex(bytes) };
};

const subscriptionId = (params: Params): string => params.string(0, 'followSubscription');

export function registerChainHead(rpc: Dispatcher, node: NodeServices, options: ChainHeadOptions): FollowHub {
  const limits: FollowLimits = { ...DEFAULT_FOLLOW_LIMITS, ...options.limits };
  const { chain } = node;
  const hub = new FollowHub(chain);

  /** The subscription a call names, and the pinned block it targets (-32801 when not pinned). */
  const target = (params: Params, ctx: CallContext, hash: { hex: string }): Follow | undefined => {
    const follow = hub.get(subscriptionId(params), ctx.connection);
    if (follow !== undefined && !follow.isPinned(hash.hex)) {
      throw new RpcError(INVALID_BLOCK, `Invalid block hash: ${hash.hex} is not pinned by this subscription`);
    }
    return follow;
  };
  const limitReached = { result: 'limitReached' } as const;
  const started = (operation: Operation, extra: Record<string, unknown> = {}): unknown => ({
    result: 'started',
    operationId: operation.id,
    ...extra,
  });

  rpc.method('chainHead_v1_follow', (params, ctx) => {
    const withRuntime = params.at(0, 'withRuntime');
    if (typeof withRuntime !== 'boolean') throw invalidParams('withRuntime must be a boolean');
    const connection = ctx.connection;
    if (connection === undefined) {
      throw new RpcError(METHOD_NOT_FOUND, 'chainHead_v1_follow: subscriptions need a WebSocket connection');
    }
    if (hub.countOn(connection) >= MAX_FOLLOWS_PER_CONNECTION) {
      throw new RpcError(
        TOO_MANY_FOLLOWS,
        `Maximum number of chainHead_v1_follow subscriptions reached (${MAX_FOLLOWS_PER_CONNECTION})`,
      );
    }
    // However it ends (unfollow, stop, closed socket), the hub forgets it and its pinned blocks.
    const channel = openChannel(connection, 'chainHead_v1_followEvent', () => hub.remove(channel.id));
    const follow = new Follow(channel, withRuntime, limits);
    hub.add(follow);
    follow.start({
      finalized: chain.finalized,
      unfinalized: unfinalizedBlocks(chain),
      best: chain.best.hash,
      runtime: runtimeSpec(options.runtimeVersion()),
    });
    return channel.id;
  });

  rpc.method('chainHead_v1_unfollow', (params, ctx) => {
    hub.get(subscriptionId(params), ctx.connection)?.channel.close();
    return null;
  });

  rpc.method('chainHead_v1_header', (params, ctx) => {
    const hash = blockHash(params, 1);
    const follow = target(params, ctx, hash);
    if (follow === undefined) return null;
    const header = chain.header(hash.bytes);
    if (header === undefined)
      throw new RpcError(INTERNAL_ERROR, `Internal error: header ${hash.hex} is missing`);
    return toHex(encodeHeader(header));
  });

  rpc.method('chainHead_v1_body', (params, ctx) => {
    const hash = blockHash(params, 1);
    const follow = target(params, ctx, hash);
    const operation = follow?.startOperation(1);
    if (follow === undefined || operation === undefined) return limitReached;
    const body = chain.body(hash.bytes);
    follow.operationEvent(
      operation,
      body === undefined
        ? { event: 'operationError', error: `the body of ${hash.hex} is missing` }
        : { event: 'operationBodyDone', value: body.map((xt) => toHex(xt)) },
    );
    follow.endOperation(operation);
    return started(operation);
  });

  rpc.method('chainHead_v1_call', (params, ctx) => {
    const hash = blockHash(params, 1);
    const fn = params.string(2, 'function');
    const input = Buffer.from(lenientHex(params.at(3, 'callParameters') ?? '', 'callParameters'), 'hex');
    const follow = target(params, ctx, hash);
    if (follow === undefined) return limitReached;
    if (!follow.withRuntime) {
      throw new RpcError(
        NO_RUNTIME,
        'chainHead_v1_call needs a subscription that follows with withRuntime: true',
      );
    }
    const operation = follow.startOperation(1);
    if (operation === undefined) return limitReached;
    let event: Record<string, unknown>;
    try {
      const output = node.callApi(node.block(hash.bytes), fn, new Uint8Array(input));
      event = { event: 'operationCallDone', output: toHex(output) };
    } catch (error) {
      event = { event: 'operationError', error: error instanceof Error ? error.message : String(error) };
    }
    follow.operationEvent(operation, event);
    follow.endOperation(operation);
    return started(operation);
  });

  rpc.method('chainHead_v1_storage', (params, ctx) => {
    const hash = blockHash(params, 1);
    const queries = parseStorageQueries(params.at(2, 'items'));
    const childTrie = params.optional(3, 'childTrie');
    if (childTrie !== undefined) lenientHex(childTrie, 'childTrie');
    const follow = target(params, ctx, hash);
    if (follow === undefined) return limitReached;
    const operation = follow.startOperation(queries.length);
    if (operation === undefined) return limitReached;
    const accepted = queries.slice(0, operation.slots);
    const discardedItems = queries.length - accepted.length;
    // This runtime keeps no child tries: every child-trie query finds nothing.
    const run = new StorageRun(
      childTrie === undefined ? accepted : [],
      storageSource(chain, hash.bytes),
      limits.storagePage,
    );
    const page = (): void => {
      operation.resume = undefined;
      let result: ReturnType<StorageRun['next']>;
      try {
        result = run.next();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        follow.operationEvent(operation, { event: 'operationError', error: message });
        follow.endOperation(operation);
        return;
      }
      if (result.items.length > 0)
        follow.operationEvent(operation, { event: 'operationStorageItems', items: result.items });
      if (result.done) {
        follow.operationEvent(operation, { event: 'operationStorageDone' });
        follow.endOperation(operation);
        return;
      }
      follow.operationEvent(operation, { event: 'operationWaitingForContinue' });
      operation.resume = page;
    };
    page();
    return started(operation, { discardedItems });
  });

  rpc.method('chainHead_v1_continue', (params, ctx) => {
    const operationId = params.string(1, 'operationId');
    const operation = hub.get(subscriptionId(params), ctx.connection)?.operation(operationId);
    if (operation === undefined) return null;
    const resume = operation.resume;
    if (resume === undefined) {
      throw new RpcError(
        INVALID_CONTINUE,
        `Operation ${operationId} is not waiting for chainHead_v1_continue`,
      );
    }
    resume();
    return null;
  });

  rpc.method('chainHead_v1_stopOperation', (params, ctx) => {
    const operationId = params.string(1, 'operationId');
    const follow = hub.get(subscriptionId(params), ctx.connection);
    const operation = follow?.operation(operationId);
    if (follow !== undefined && operation !== undefined) follow.endOperation(operation);
    return null;
  });

  rpc.method('chainHead_v1_unpin', (params, ctx) => {
    const raw = params.required(1, 'hashOrHashes');
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (list.length > limits.maxPinned)
      throw invalidParams(`hashOrHashes has more than ${limits.maxPinned} entries`);
    const hashes = list.map((h, i) => {
      if (typeof h !== 'string') throw invalidParams(`hashOrHashes[${i}] must be a hex string`);
      return toHex(parseHex(h, `hashOrHashes[${i}]`, 32));
    });
    hub.get(subscriptionId(params), ctx.connection)?.unpin(hashes);
    return null;
  });

  return hub;
}

/** The blocks between the finalized block and the best one, parents first. */
function unfinalizedBlocks(chain: Chain): { hash: Uint8Array; parentHash: Uint8Array }[] {
  const out: { hash: Uint8Array; parentHash: Uint8Array }[] = [];
  let hash = chain.best.hash;
  while (!equalBytes(hash, chain.finalized)) {
    const header = chain.header(hash);
    if (header === undefined) break;
    out.push({ hash, parentHash: header.parentHash });
    hash = header.parentHash;
  }
  return out.reverse();
}

function storageSource(chain: Chain, hash: Uint8Array): StorageSource {
  const header = chain.header(hash);
  if (header === undefined)
    throw new RpcError(INTERNAL_ERROR, `Internal error: header ${toHex(hash)} is missing`);
  return {
    stateRoot: header.stateRoot,
    state: () => {
      const state = chain.stateAt(hash);
      if (state === undefined) throw new Error(`the state of ${toHex(hash)} is missing`);
      return state;
    },
    proof: (key) => chain.readProof(hash, [key]),
  };
}
