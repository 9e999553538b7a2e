/** state_*: storage reads at any block, metadata, runtime version, runtime calls and read proofs. */
import { blake2b256, toHex } from '@tao-ts/primitives';
import type { ImportedBlock } from '../../chain/chain.js';
import { RpcError, invalidParams, parseHex, type Dispatcher, type Params } from '../jsonrpc.js';
import type { BlockRef, NodeServices } from '../services.js';

export const STATE_INVALID_BLOCK_RANGE = 4001;
export const STATE_INVALID_COUNT = 4002;
export const STATE_CLIENT_ERROR = 4003;

const MAX_KEYS_PAGE = 1000;
const MAX_QUERY_BLOCKS = 1000;

const hexKey = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function keyList(params: Params, i: number, name: string): string[] {
  return params.array(i, name, MAX_KEYS_PAGE).map((k, j) => {
    if (typeof k !== 'string') throw invalidParams(`${name}[${j}] must be a hex string`);
    return hexKey(parseHex(k, `${name}[${j}]`));
  });
}

function valueHex(block: BlockRef, key: string): string | null {
  const value = block.state.get(key);
  return value === undefined ? null : toHex(value);
}

export function registerState(rpc: Dispatcher, node: NodeServices): void {
  const at = (params: Params, i: number): BlockRef => node.block(params.optionalHex(i, 'at', 32));
  const alias = (names: string[], handler: (params: Params) => unknown): void => {
    for (const name of names) rpc.method(name, handler);
  };

  alias(['state_getStorage', 'state_getStorageAt'], (params) => {
    const key = hexKey(params.hex(0, 'key'));
    return valueHex(at(params, 1), key);
  });
  alias(['state_getStorageHash', 'state_getStorageHashAt'], (params) => {
    const value = at(params, 1).state.get(hexKey(params.hex(0, 'key')));
    return value === undefined ? null : toHex(blake2b256(value));
  });
  alias(['state_getStorageSize', 'state_getStorageSizeAt'], (params) => {
    const value = at(params, 1).state.get(hexKey(params.hex(0, 'key')));
    return value === undefined ? null : value.length;
  });
  alias(['state_getKeysPaged', 'state_getKeysPagedAt'], (params) => {
    const prefix = hexKey(params.optionalHex(0, 'prefix') ?? new Uint8Array());
    const count = params.number(1, 'count');
    if (count > MAX_KEYS_PAGE)
      throw new RpcError(
        STATE_INVALID_COUNT,
        `count exceeds maximum value. value: ${count}, max: ${MAX_KEYS_PAGE}`,
      );
    const start = params.optionalHex(2, 'startKey');
    const startHex = start === undefined ? undefined : hexKey(start);
    const block = at(params, 3);
    const out: string[] = [];
    for (const [key] of block.state.scan(prefix)) {
      if (out.length >= count) break;
      if (startHex !== undefined && key <= startHex) continue;
      out.push(`0x${key}`);
    }
    return out;
  });
  alias(['state_queryStorageAt'], (params) => {
    const keys = keyList(params, 0, 'keys');
    const block = at(params, 1);
    return [{ block: toHex(block.hash), changes: keys.map((k) => [`0x${k}`, valueHex(block, k)]) }];
  });
  alias(['state_queryStorage'], (params) => {
    const keys = keyList(params, 0, 'keys');
    const from = node.block(params.hex(1, 'fromBlock', 32));
    const to = node.block(params.optionalHex(2, 'toBlock', 32));
    if (to.header.number < from.header.number || to.header.number - from.header.number > MAX_QUERY_BLOCKS) {
      throw new RpcError(
        STATE_INVALID_BLOCK_RANGE,
        `Invalid block range: from ${from.header.number} to ${to.header.number} (at most ${MAX_QUERY_BLOCKS} blocks, ascending)`,
      );
    }
    const result: { block: string; changes: [string, string | null][] }[] = [];
    let previous = new Map<string, string | null>();
    for (let n = from.header.number; n <= to.header.number; n++) {
      const hash = node.chain.hashAt(n);
      if (hash === undefined) break;
      const block = node.block(hash);
      const changes: [string, string | null][] = [];
      for (const key of keys) {
        const value = valueHex(block, key);
        if (n === from.header.number || previous.get(key) !== value) changes.push([`0x${key}`, value]);
      }
      previous = new Map(keys.map((k) => [k, valueHex(block, k)]));
      if (changes.length > 0 || n === from.header.number) result.push({ block: toHex(hash), changes });
    }
    return result;
  });
  alias(['state_getMetadata'], (params) => {
    at(params, 0);
    return toHex(node.metadata(14));
  });
  alias(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], (params) => {
    at(params, 0);
    return node.runtimeVersionJson();
  });
  alias(['state_call', 'state_callAt'], (params) => {
    const method = params.string(0, 'method');
    // Substrate takes "" for no input, and polkadot-api sends exactly that.
    const data =
      params.at(1, 'data') === '' ? new Uint8Array() : (params.optionalHex(1, 'data') ?? new Uint8Array());
    return toHex(node.callApi(at(params, 2), method, data));
  });
  alias(['state_getReadProof'], (params) => {
    const keys = keyList(params, 0, 'keys');
    const block = at(params, 1);
    const proof = node.chain.readProof(
      block.hash,
      keys.map((k) => new Uint8Array(Buffer.from(k, 'hex'))),
    );
    return { at: toHex(block.hash), proof: proof.map((p) => toHex(p)) };
  });

  rpc.subscription({
    subscribe: 'state_subscribeStorage',
    unsubscribe: 'state_unsubscribeStorage',
    notification: 'state_storage',
    start: (params, emit) => {
      const raw = params.optional(0, 'keys');
      const keys = raw === undefined ? undefined : keyList(params, 0, 'keys');
      const best = node.block(undefined);
      if (keys !== undefined)
        emit({ block: toHex(best.hash), changes: keys.map((k) => [`0x${k}`, valueHex(best, k)]) });
      const listener = (block: ImportedBlock): void => {
        const changed: [string, string | null][] = [];
        if (keys === undefined) {
          for (const [k, v] of block.changes) changed.push([`0x${k}`, v === null ? null : toHex(v)]);
        } else {
          for (const k of keys) {
            if (!block.changes.has(k)) continue;
            const v = block.changes.get(k);
            changed.push([`0x${k}`, v === null || v === undefined ? null : toHex(v)]);
          }
        }
        if (changed.length > 0) emit({ block: toHex(block.hash), changes: changed });
      };
      node.chain.on('block', listener);
      return () => node.chain.off('block', listener);
    },
  });
  for (const [subscribe, unsubscribe] of [
    ['state_subscribeRuntimeVersion', 'state_unsubscribeRuntimeVersion'],
    ['chain_subscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
  ] as const) {
    rpc.subscription({
      subscribe,
      unsubscribe,
      notification: 'state_runtimeVersion',
      // The runtime never upgrades in place yet: one notification with the current version.
      start: (_params, emit) => {
        emit(node.runtimeVersionJson());
        return () => undefined;
      },
    });
  }
}
