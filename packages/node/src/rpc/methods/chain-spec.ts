/** chainSpec_v1_*: the chain's name, genesis hash and properties, fixed for a connection's life. */
import { toHex } from '@tao-ts/primitives';
import type { Dispatcher } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';

export function registerChainSpec(rpc: Dispatcher, node: NodeServices): void {
  const { spec, genesisHash } = node.chain;
  rpc.method('chainSpec_v1_chainName', () => spec.name);
  rpc.method('chainSpec_v1_genesisHash', () => toHex(genesisHash));
  rpc.method('chainSpec_v1_properties', () => ({ ...spec.properties }));
}
