/**
 * transaction_v1_* and transactionWatch_v1_*: the new spec's ways to submit a transaction.
 *
 * `broadcast` hands the transaction to the pool and keeps offering it, on every new block, until
 * it is final or the client stops the operation (a pool refusal is not reported: the spec leaves
 * the client to watch the chain). `submitAndWatch` reports the pool's view as the spec's events:
 * validated, bestChainBlockIncluded, finalized, invalid, dropped, error.
 */
import { randomBytes } from 'node:crypto';
import { blake2b256, toHex } from '@tao-ts/primitives';
import type { Chain } from '../../chain/chain.js';
import { TxPool, type TxStatus } from '../../pool/pool.js';
import { METHOD_NOT_FOUND, RpcError, invalidParams, type Connection, type Dispatcher } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';
import { openChannel, type Channel } from './channel.js';
import { lenientHex } from './chain-head-storage.js';

/** Broadcasts one WebSocket connection may run at once (the spec guarantees at least 4). */
export const MAX_BROADCASTS_PER_CONNECTION = 16;
/** Broadcasts kept for HTTP callers together: they have no connection to end with. */
export const MAX_HTTP_BROADCASTS = 64;

interface Broadcast {
  readonly id: string;
  readonly owner: Connection | undefined;
  readonly bytes: Uint8Array;
  /** Final (finalized or replaced): nothing left to offer. */
  settled: boolean;
  /** Waiting for the next block to offer the transaction again. */
  retry: boolean;
  unwatch: (() => void) | undefined;
}

/** Where a transaction sits in a block's body (the spec's `index`). */
function indexInBlock(chain: Chain, blockHash: string, txHash: string): number | undefined {
  const body = chain.body(Buffer.from(blockHash.slice(2), 'hex'));
  const index = body?.findIndex((xt) => toHex(blake2b256(xt)) === txHash) ?? -1;
  return index < 0 ? undefined : index;
}

/** A refusal's words for the client, with the pool's detail when it gave one. */
function refusal(error: unknown): { invalid: boolean; message: string } {
  if (error instanceof RpcError) {
    const detail = typeof error.data === 'string' ? `: ${error.data}` : '';
    return { invalid: true, message: `${error.message}${detail}` };
  }
  return { invalid: false, message: error instanceof Error ? error.message : String(error) };
}

const transactionParam = (raw: unknown): Uint8Array =>
  new Uint8Array(Buffer.from(lenientHex(raw, 'transaction'), 'hex'));

export function registerTransaction(rpc: Dispatcher, node: NodeServices): void {
  const { chain, pool } = node;
  const broadcasts = new Map<string, Broadcast>();

  const onBlock = (): void => {
    for (const broadcast of broadcasts.values()) if (broadcast.retry) offer(broadcast);
  };
  const listening = (): void => {
    const waiting = [...broadcasts.values()].some((b) => b.retry);
    const attached = chain.listeners('block').includes(onBlock);
    if (waiting && !attached) chain.on('block', onBlock);
    if (!waiting && attached) chain.off('block', onBlock);
  };

  /** Put the transaction in the pool (again); on refusal, try at the next block. */
  const offer = (broadcast: Broadcast): void => {
    broadcast.retry = false;
    const hash = TxPool.hashOf(broadcast.bytes);
    try {
      if (!pool.has(hash)) pool.submit(broadcast.bytes);
      broadcast.unwatch?.();
      broadcast.unwatch = pool.watch(hash, (status) => {
        if (!poolForgets(status)) return;
        broadcast.unwatch = undefined;
        if (status === 'dropped' || status === 'invalid') {
          broadcast.retry = true;
          listening();
        } else broadcast.settled = true;
      });
    } catch {
      broadcast.retry = true;
    }
    listening();
  };

  const end = (broadcast: Broadcast): void => {
    broadcasts.delete(broadcast.id);
    broadcast.unwatch?.();
    broadcast.retry = false;
    if (broadcast.owner !== undefined) broadcast.owner.subscriptions.delete(broadcast.id);
    listening();
  };

  /** Room for one more broadcast of `owner`: settled ones give theirs up first. */
  const room = (owner: Connection | undefined): boolean => {
    const mine = [...broadcasts.values()].filter((b) => b.owner === owner);
    const max = owner === undefined ? MAX_HTTP_BROADCASTS : MAX_BROADCASTS_PER_CONNECTION;
    if (mine.length < max) return true;
    const settled = mine.find((b) => b.settled);
    if (settled === undefined) return false;
    end(settled);
    return true;
  };

  rpc.method('transaction_v1_broadcast', (params, ctx) => {
    const bytes = transactionParam(params.at(0, 'transaction'));
    const owner = ctx.connection;
    if (!room(owner)) return null;
    let id = randomBytes(8).toString('hex');
    while (broadcasts.has(id)) id = randomBytes(8).toString('hex');
    const broadcast: Broadcast = { id, owner, bytes, settled: false, retry: false, unwatch: undefined };
    broadcasts.set(id, broadcast);
    // A connection that closes takes its broadcasts with it.
    owner?.subscriptions.set(id, () => end(broadcast));
    offer(broadcast);
    return id;
  });

  rpc.method('transaction_v1_stop', (params, ctx) => {
    const id = params.string(0, 'operationId');
    const broadcast = broadcasts.get(id);
    if (broadcast === undefined || broadcast.owner !== ctx.connection)
      throw invalidParams(`operationId ${id} is not an active transaction_v1_broadcast`);
    end(broadcast);
    return null;
  });

  const watches = new Map<string, Channel>();

  rpc.method('transactionWatch_v1_submitAndWatch', (params, ctx) => {
    const bytes = transactionParam(params.at(0, 'transaction'));
    const connection = ctx.connection;
    if (connection === undefined) {
      throw new RpcError(
        METHOD_NOT_FOUND,
        'transactionWatch_v1_submitAndWatch: subscriptions need a WebSocket connection',
      );
    }
    let unwatch: (() => void) | undefined;
    const channel = openChannel(connection, 'transactionWatch_v1_watchEvent', () => {
      watches.delete(channel.id);
      unwatch?.();
    });
    watches.set(channel.id, channel);
    const last = (event: Record<string, unknown>): void => {
      channel.send(event);
      channel.close();
    };
    let hash: string;
    try {
      hash = pool.submit(bytes);
    } catch (error) {
      const { invalid, message } = refusal(error);
      last({ event: invalid ? 'invalid' : 'error', error: message });
      return channel.id;
    }
    channel.send({ event: 'validated' });
    unwatch = pool.watch(hash, (status) => {
      const final = poolForgets(status);
      if (final) unwatch = undefined;
      const event = watchEvent(chain, hash, status);
      if (final || event.event === 'error') last(event);
      else channel.send(event);
    });
    return channel.id;
  });

  rpc.method('transactionWatch_v1_unwatch', (params, ctx) => {
    const id = params.string(0, 'subscription');
    const channel = watches.get(id);
    if (channel === undefined || channel.connection !== ctx.connection)
      throw invalidParams(`subscription ${id} is not an active transactionWatch_v1_submitAndWatch`);
    channel.close();
    return null;
  });
}

/** Statuses after which the pool drops the transaction's watchers (unwatching then is moot). */
const poolForgets = (status: TxStatus): boolean =>
  status === 'dropped' ||
  status === 'invalid' ||
  (typeof status === 'object' && ('finalized' in status || 'usurped' in status));

/** The pool's status as a transactionWatch event, as Substrate maps them. */
function watchEvent(chain: Chain, txHash: string, status: TxStatus): { event: string; [k: string]: unknown } {
  if (status === 'ready' || status === 'future') return { event: 'validated' };
  if (status === 'dropped')
    return { event: 'dropped', error: 'Extrinsic dropped from the pool due to exceeding limits' };
  if (status === 'invalid') return { event: 'invalid', error: 'Extrinsic marked as invalid' };
  if ('usurped' in status)
    return { event: 'invalid', error: 'Extrinsic was rendered invalid by another extrinsic' };
  if ('retracted' in status) return { event: 'bestChainBlockIncluded', block: null };
  const blockHash = 'inBlock' in status ? status.inBlock : status.finalized;
  const index = indexInBlock(chain, blockHash, txHash);
  if (index === undefined)
    return { event: 'error', error: `the transaction is not in the body of block ${blockHash}` };
  const block = { hash: blockHash, index };
  return 'inBlock' in status ? { event: 'bestChainBlockIncluded', block } : { event: 'finalized', block };
}
