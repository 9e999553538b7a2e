/**
 * What the RPC methods need from the node, in one interface, so each method module stays a thin
 * translation between JSON-RPC and the node's parts.
 */
import type { ReadableStorage } from '@tao-ts/runtime';
import type { Header } from '../block/header.js';
import type { Chain } from '../chain/chain.js';
import type { TxPool } from '../pool/pool.js';
import type { AheadVerifier } from '../pool/signature-thread.js';

export interface BlockRef {
  readonly hash: Uint8Array;
  readonly header: Header;
  readonly state: ReadableStorage;
}

export interface NodeServices {
  readonly chain: Chain;
  readonly pool: TxPool;
  readonly nodeName: string;
  readonly nodeVersion: string;
  readonly isDev: boolean;
  /** The block a request names (or the best one); throws an RpcError for unknown hashes. */
  block(at: Uint8Array | undefined): BlockRef;
  /** Runtime metadata bytes (RuntimeMetadataPrefixed) by version. */
  metadata(version: 14 | 15): Uint8Array;
  /** `state_call`: a runtime API method by `<Api>_<method>` name over the given block's state. */
  callApi(at: BlockRef, method: string, input: Uint8Array): Uint8Array;
  /** RuntimeVersion as Substrate's RPC serializes it. */
  runtimeVersionJson(): unknown;
  /** Produce blocks now (dev and manual seal). */
  produceBlocks(count: number): Promise<Uint8Array[]>;
  /** The next nonce of an account, counting its transactions in the pool. */
  nextNonce(account: Uint8Array): number;
  /** Checks submissions' signatures ahead of pool validation (off the main thread), when the node can. */
  readonly verifyAhead?: AheadVerifier;
}
