/**
 * Every RPC method the node serves, wired to its parts: Substrate's standard namespaces, the
 * payment API, subtensor's custom methods and, on development chains, dev_*.
 */
import { toHex } from '@tao-ts/primitives';
import {
  AccountId32,
  CUSTOM_RPC_METHODS,
  CustomRpcError,
  FeeDetailsType,
  MemoryStorage,
  Overlay,
  RuntimeApiError,
  RuntimeDispatchInfoType,
  SubtensorStorage,
  SystemStorage,
  callRuntimeApi,
  customRpcCall,
  customRpcFailure,
  customRpcResult,
  runtimeVersionJson,
  u32,
  type RuntimeInterface,
} from '@tao-ts/runtime';
import type { Chain } from '../chain/chain.js';
import type { TxPool } from '../pool/pool.js';
import type { AheadVerifier } from '../pool/signature-thread.js';
import type { BlockProducer } from '../producer.js';
import { RpcError, type Dispatcher } from './jsonrpc.js';
import { registerAuthor } from './methods/author.js';
import { registerChain } from './methods/chain.js';
import { registerChainHead } from './methods/chain-head.js';
import { registerChainSpec } from './methods/chain-spec.js';
import { registerDev } from './methods/dev.js';
import { registerPayment } from './methods/payment.js';
import { STATE_CLIENT_ERROR, registerState } from './methods/state.js';
import { registerSystem } from './methods/system.js';
import { registerTransaction } from './methods/transaction.js';
import type { BlockRef, NodeServices } from './services.js';

export interface RpcParts {
  readonly chain: Chain;
  readonly pool: TxPool;
  readonly runtime: RuntimeInterface;
  readonly producer: BlockProducer;
  readonly isDev: boolean;
  readonly nodeName: string;
  readonly nodeVersion: string;
  /** Checks submissions' signatures ahead of pool validation (off the main thread). */
  readonly verifyAhead?: AheadVerifier;
}

const fee = (value: bigint): string => value.toString();

export function nodeServices(parts: RpcParts): NodeServices {
  const { chain, pool, runtime, producer } = parts;
  const block = (at: Uint8Array | undefined): BlockRef => {
    const hash = at ?? chain.best.hash;
    const header = chain.header(hash);
    const state = chain.stateAt(hash);
    if (header === undefined || state === undefined) {
      throw new RpcError(
        STATE_CLIENT_ERROR,
        `Client error: UnknownBlock: header not found for ${toHex(hash)}`,
      );
    }
    return { hash, header, state };
  };
  return {
    chain,
    pool,
    nodeName: parts.nodeName,
    nodeVersion: parts.nodeVersion,
    isDev: parts.isDev,
    ...(parts.verifyAhead === undefined ? {} : { verifyAhead: parts.verifyAhead }),
    block,
    metadata: (version) => (version === 14 ? runtime.metadata().v14 : runtime.metadata().v15),
    callApi: (at, method, input) => {
      try {
        return callRuntimeApi(
          runtime.apis,
          {
            storage: at.state,
            tao: chain.tao,
            blockNumber: BigInt(at.header.number),
            genesisHash: chain.genesisHash,
          },
          method,
          input,
        );
      } catch (error) {
        if (error instanceof RuntimeApiError)
          throw new RpcError(STATE_CLIENT_ERROR, `Client error: Execution failed: ${error.message}`);
        throw error;
      }
    },
    runtimeVersionJson: () => runtimeVersionJson(chain.tao.runtime.version, runtime.apis),
    produceBlocks: (count) => producer.produce(count),
    nextNonce: (account) => {
      // The chain's nonce, then past every consecutive nonce the pool already holds.
      let nonce = SystemStorage.Account.get(chain.bestStorage, account).nonce;
      const who = AccountId32.codec.enc(account);
      while (pool.providesTag(new Uint8Array([...who, ...u32.codec.enc(nonce)]))) nonce += 1;
      return nonce;
    },
  };
}

export function registerRpc(rpc: Dispatcher, parts: RpcParts): void {
  const node = nodeServices(parts);
  registerSystem(rpc, node);
  registerChain(rpc, node);
  registerState(rpc, node);
  registerAuthor(rpc, node);
  // The new JSON-RPC spec (polkadot-api, smoldot): chainSpec_v1, chainHead_v1, transaction(Watch)_v1.
  registerChainSpec(rpc, node);
  registerChainHead(rpc, node, {
    runtimeVersion: () => runtimeVersionJson(parts.chain.tao.runtime.version, parts.runtime.apis),
  });
  registerTransaction(rpc, node);
  registerPayment(rpc, node, {
    info: (output) => {
      const info = RuntimeDispatchInfoType.codec.dec(output);
      return {
        weight: { ref_time: Number(info.weight.ref_time), proof_size: Number(info.weight.proof_size) },
        class: info.class.tag.toLowerCase(),
        partialFee: fee(info.partial_fee),
      };
    },
    feeDetails: (output) => {
      const details = FeeDetailsType.codec.dec(output);
      const inclusion = details.inclusion_fee;
      return {
        inclusionFee:
          inclusion === undefined
            ? null
            : {
                baseFee: fee(inclusion.base_fee),
                lenFee: fee(inclusion.len_fee),
                adjustedWeightFee: fee(inclusion.adjusted_weight_fee),
              },
        tip: fee(details.tip),
      };
    },
  });
  for (const method of CUSTOM_RPC_METHODS) {
    rpc.method(method.name, (params) => {
      try {
        const request = customRpcCall(method, params.raw as Parameters<typeof customRpcCall>[1]);
        const at = request.at === undefined ? undefined : parseAt(request.at);
        return customRpcResult(method, node.callApi(node.block(at), request.runtimeApi, request.input));
      } catch (error) {
        // Runtime failures come back the way subtensor's RPC reports them (code 1, its message).
        const failure =
          error instanceof RpcError && error.code === STATE_CLIENT_ERROR
            ? customRpcFailure(method, error)
            : error;
        if (failure instanceof CustomRpcError) throw new RpcError(failure.rpcCode, failure.message);
        throw failure;
      }
    });
  }
  if (parts.isDev) {
    registerDev(rpc, node, {
      setStorage: async (changes) => {
        const [hash] = await parts.producer.produce(1, { storageWrites: changes });
        return hash ?? parts.chain.best.hash;
      },
      runEpoch: async (netuid) => {
        if (!SubtensorStorage.NetworksAdded.get(parts.chain.bestStorage, netuid)) {
          throw new RpcError(-32602, `Invalid params: subnet ${netuid} does not exist`);
        }
        // An owner-triggered epoch due in the very next block (what trigger_epoch schedules).
        const writes = new Overlay(new MemoryStorage());
        SubtensorStorage.PendingEpochAt.set(writes, BigInt(parts.chain.best.header.number + 1), netuid);
        const [hash] = await parts.producer.produce(1, { storageWrites: writes.pending() });
        return hash ?? parts.chain.best.hash;
      },
    });
  }
}

function parseAt(text: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(text))
    throw new RpcError(-32602, 'Invalid params: at must be a 32-byte 0x-hex block hash');
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}
