/**
 * dev_* (dev chains only): produce blocks on demand, jump ahead, write storage, run an epoch now.
 * Storage writes and epochs go through a new block, so history stays immutable and every state
 * still has its root.
 */
import { toHex } from '@tao-ts/primitives';
import { invalidParams, type Dispatcher } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';

export const MAX_DEV_BLOCKS = 10_000;

export interface DevActions {
  /** Author one block that also writes these raw storage entries (hex key → hex value or null). */
  setStorage(changes: ReadonlyMap<string, Uint8Array | null>): Promise<Uint8Array>;
  /** Author a block in which the subnet's epoch runs. */
  runEpoch(netuid: number): Promise<Uint8Array>;
}

export function registerDev(rpc: Dispatcher, node: NodeServices, dev: DevActions): void {
  rpc.method('dev_newBlock', async (params) => {
    const options = params.optional(0, 'options');
    let count = 1;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw invalidParams('options must be an object like {"count": 1}');
      }
      const raw = (options as Record<string, unknown>)['count'];
      if (raw !== undefined) {
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1 || raw > MAX_DEV_BLOCKS) {
          throw invalidParams(`count must be an integer in [1, ${MAX_DEV_BLOCKS}]`);
        }
        count = raw;
      }
    }
    const hashes = await node.produceBlocks(count);
    return toHex(hashes[hashes.length - 1] ?? node.chain.best.hash);
  });
  rpc.method('dev_jumpBlocks', async (params) => {
    const count = params.number(0, 'count', MAX_DEV_BLOCKS);
    if (count === 0) return toHex(node.chain.best.hash);
    const hashes = await node.produceBlocks(count);
    return toHex(hashes[hashes.length - 1] ?? node.chain.best.hash);
  });
  rpc.method('dev_setStorage', async (params) => {
    const raw = params.required(0, 'changes');
    const entries: [unknown, unknown][] = Array.isArray(raw)
      ? raw.map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw invalidParams(`changes[${i}] must be [key, value]`);
          return [pair[0], pair[1]];
        })
      : typeof raw === 'object' && raw !== null
        ? Object.entries(raw as Record<string, unknown>)
        : [];
    if (entries.length === 0)
      throw invalidParams('changes must be a non-empty [[key, value|null]] list or {key: value} map');
    if (entries.length > 10_000) throw invalidParams('at most 10000 storage changes at once');
    const changes = new Map<string, Uint8Array | null>();
    entries.forEach(([key, value], i) => {
      if (typeof key !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(key))
        throw invalidParams(`changes[${i}] key must be non-empty 0x-hex`);
      if (value !== null && (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value))) {
        throw invalidParams(`changes[${i}] value must be 0x-hex or null`);
      }
      changes.set(
        key.slice(2).toLowerCase(),
        value === null ? null : new Uint8Array(Buffer.from(value.slice(2), 'hex')),
      );
    });
    return toHex(await dev.setStorage(changes));
  });
  rpc.method('dev_runEpoch', async (params) => {
    const netuid = params.number(0, 'netuid', 0xffff);
    return toHex(await dev.runEpoch(netuid));
  });
}
