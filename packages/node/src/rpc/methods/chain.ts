/** chain_*: block hashes, headers and bodies, and head subscriptions. */
import { toHex } from '@tao-ts/primitives';
import { headerJson } from '../../block/header.js';
import type { ImportedBlock } from '../../chain/chain.js';
import { invalidParams, type Dispatcher, type Params } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';

function blockHashFor(node: NodeServices, value: unknown): string | null {
  if (value === undefined || value === null) return toHex(node.chain.best.hash);
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,8}$/.test(value)) n = Number.parseInt(value, 16);
  else if (typeof value === 'string' && /^[0-9]{1,10}$/.test(value)) n = Number.parseInt(value, 10);
  else throw invalidParams('block number must be a non-negative integer (number or hex string)');
  if (!Number.isSafeInteger(n) || n < 0) throw invalidParams('block number must be a non-negative integer');
  const hash = node.chain.hashAt(n);
  return hash === undefined ? null : toHex(hash);
}

export function registerChain(rpc: Dispatcher, node: NodeServices): void {
  const getBlockHash = (params: Params): unknown => {
    const value = params.optional(0, 'blockNumber');
    if (Array.isArray(value)) {
      if (value.length > 1000) throw invalidParams('at most 1000 block numbers at once');
      return value.map((v) => blockHashFor(node, v));
    }
    return blockHashFor(node, value);
  };
  rpc.method('chain_getBlockHash', getBlockHash);
  rpc.method('chain_getHead', getBlockHash);
  const getHeader = (params: Params): unknown => {
    const at = params.optionalHex(0, 'hash', 32);
    if (at === undefined) return headerJson(node.chain.best.header);
    const header = node.chain.header(at);
    return header === undefined ? null : headerJson(header);
  };
  rpc.method('chain_getHeader', getHeader);
  rpc.method('chain_getBlock', (params) => {
    const at = params.optionalHex(0, 'hash', 32) ?? node.chain.best.hash;
    const header = node.chain.header(at);
    const body = node.chain.body(at);
    if (header === undefined || body === undefined) return null;
    return {
      block: { header: headerJson(header), extrinsics: body.map((xt) => toHex(xt)) },
      justifications: null,
    };
  });
  const finalizedHead = (): string => toHex(node.chain.finalized);
  rpc.method('chain_getFinalizedHead', finalizedHead);
  rpc.method('chain_getFinalisedHead', finalizedHead);

  const heads = (
    event: 'block' | 'finalized',
    subscribe: string[],
    unsubscribe: string[],
    notification: string,
  ): void => {
    subscribe.forEach((name, i) =>
      rpc.subscription({
        subscribe: name,
        unsubscribe: unsubscribe[i] as string,
        notification,
        start: (_params, emit) => {
          const current =
            event === 'finalized' ? node.chain.header(node.chain.finalized) : node.chain.best.header;
          if (current !== undefined) emit(headerJson(current));
          const listener = (block: ImportedBlock): void => emit(headerJson(block.header));
          node.chain.on(event, listener);
          return () => node.chain.off(event, listener);
        },
      }),
    );
  };
  heads(
    'block',
    ['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'],
    ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'],
    'chain_newHead',
  );
  heads('block', ['chain_subscribeAllHeads'], ['chain_unsubscribeAllHeads'], 'chain_allHead');
  heads(
    'finalized',
    ['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'],
    ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'],
    'chain_finalizedHead',
  );
}
