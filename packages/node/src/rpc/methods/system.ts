/** system_* and rpc_methods: who the node is, which chain it runs, its health and sync state. */
import { decodeAddress } from '@tao-ts/primitives';
import { invalidParams, type Dispatcher } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';

/** An account as clients pass it: SS58 (any prefix) or 0x-hex of 32 bytes. */
export function accountParam(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') throw invalidParams(`${name} must be an SS58 address or 0x-hex account id`);
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return new Uint8Array(Buffer.from(value.slice(2), 'hex'));
  try {
    return decodeAddress(value, name);
  } catch (error) {
    throw invalidParams(error instanceof Error ? error.message : `${name} is not a valid address`);
  }
}

export function registerSystem(rpc: Dispatcher, node: NodeServices): void {
  const { spec } = node.chain;
  rpc.method('system_name', () => node.nodeName);
  rpc.method('system_version', () => node.nodeVersion);
  rpc.method('system_chain', () => spec.name);
  rpc.method('system_chainType', () => spec.chainType);
  rpc.method('system_properties', () => ({ ...spec.properties }));
  rpc.method('system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }));
  rpc.method('system_peers', () => []);
  rpc.method('system_nodeRoles', () => ['Authority']);
  rpc.method('system_localPeerId', () => '');
  rpc.method('system_localListenAddresses', () => []);
  rpc.method('system_syncState', () => {
    const best = node.chain.best.header.number;
    return { startingBlock: 0, currentBlock: best, highestBlock: best };
  });
  rpc.method('system_accountNextIndex', (params) =>
    node.nextNonce(accountParam(params.required(0, 'account'), 'account')),
  );
  rpc.method('rpc_methods', () => ({ methods: rpc.methodNames }));
}
