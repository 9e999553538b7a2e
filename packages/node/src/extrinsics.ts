/**
 * The node's use of the runtime's extrinsic layer: inherents for authored blocks, applying
 * extrinsics in a block, and validating them for the pool (with Substrate's error texts).
 */
import {
  ExtrinsicDecodeError,
  applyExtrinsic,
  decodeExtrinsic,
  describeValidityError,
  encodeExtrinsic,
  validateForPool,
  type BlockExecution,
  type DecodedExtrinsic,
  type ExtrinsicDecoder,
  type ReadableStorage,
  type RuntimeCallValue,
  type SignatureVerifier,
  type TaoRuntime,
} from '@tao-ts/runtime';
import type { ExtrinsicLayer } from './chain/chain.js';
import type { Validity } from './pool/pool.js';
import { BAD_FORMAT } from './pool/pool.js';
import { RpcError } from './rpc/jsonrpc.js';

export interface ExtrinsicOutcomeCounter {
  (result: 'success' | 'failed' | 'invalid'): void;
}

/**
 * decodeExtrinsic with memory: a transaction's bytes (one array from the RPC request on) are
 * decoded when the pool admits it and found again when the pool revalidates it and when its block
 * is built. Keyed by the array itself, so it is forgotten with it; the node never writes into
 * submitted bytes, and decoding copies them, so the decoded value cannot drift from them.
 * Failures are not remembered (each attempt throws afresh).
 */
export function decodedExtrinsics(tao: TaoRuntime): ExtrinsicDecoder {
  const decoded = new WeakMap<Uint8Array, DecodedExtrinsic>();
  return (bytes) => {
    let xt = decoded.get(bytes);
    if (xt === undefined) {
      xt = decodeExtrinsic(tao.runtime, bytes);
      decoded.set(bytes, xt);
    }
    return xt;
  };
}

/** `verifySignature`: shared with the pool's validator, so what the pool verified is not verified again. */
export function extrinsicLayer(
  tao: TaoRuntime,
  genesisHash: () => Uint8Array,
  count: ExtrinsicOutcomeCounter,
  verifySignature?: SignatureVerifier,
  decode?: ExtrinsicDecoder,
): ExtrinsicLayer {
  return {
    inherent: (call: RuntimeCallValue) => encodeExtrinsic(tao.runtime, { call }),
    apply: (exec: BlockExecution, bytes: Uint8Array) => {
      let outcome;
      try {
        outcome = applyExtrinsic(exec, bytes, genesisHash(), verifySignature, decode);
      } catch (error) {
        if (error instanceof ExtrinsicDecodeError) {
          count('invalid');
          return { included: false, error: error.message };
        }
        throw error;
      }
      if (outcome.result.tag === 'Err') {
        count('invalid');
        return { included: false, error: describeValidityError(outcome.result.value) };
      }
      count(outcome.result.value.tag === 'Ok' ? 'success' : 'failed');
      return { included: true };
    },
  };
}

export interface PoolValidationTarget {
  readonly storage: ReadableStorage;
  readonly number: number;
  readonly hash: Uint8Array;
}

/** Pool validation against the best block; undecodable bytes are refused with code 1001. */
export function poolValidator(
  tao: TaoRuntime,
  genesisHash: Uint8Array,
  best: () => PoolValidationTarget,
  verifySignature?: SignatureVerifier,
  decode?: ExtrinsicDecoder,
): (bytes: Uint8Array) => Validity {
  return (bytes) => {
    const target = best();
    let outcome;
    try {
      outcome = validateForPool(
        {
          tao,
          storage: target.storage,
          genesisHash,
          blockNumber: BigInt(target.number),
          blockHash: target.hash,
          ...(verifySignature === undefined ? {} : { verifySignature }),
          ...(decode === undefined ? {} : { decode }),
        },
        'External',
        bytes,
      );
    } catch (error) {
      if (error instanceof ExtrinsicDecodeError) {
        throw new RpcError(BAD_FORMAT, `Extrinsic has invalid format: ${error.message}`);
      }
      throw error;
    }
    const { validity, tip } = outcome;
    if (validity.tag === 'Ok') return { ok: true, valid: { ...validity.value, tip } };
    return {
      ok: false,
      rejection: {
        kind: validity.value.tag === 'Invalid' ? 'invalid' : 'unknown',
        reason: describeValidityError(validity.value),
      },
    };
  };
}
