/**
 * The thread behind SignatureThread: decodes submitted extrinsics, rebuilds the payload their
 * signature covers as pool validation would (the next block's view: genesis hash, birth block
 * hash, runtime versions) and verifies it with the same primitives as MultiSignature::verify.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cryptoReady, verifySignature } from '@tao-ts/primitives';
import {
  BLOCK_HASH_COUNT,
  createRuntime,
  decodeExtrinsic,
  eraBirth,
  signatureKey,
  signedPayload,
} from '@tao-ts/runtime';
import type { FromThread, ThreadInit, ToThread } from './signature-thread.js';

const port = parentPort;
if (port !== null) {
  const init = workerData as ThreadInit;
  await cryptoReady();
  const { runtime } = createRuntime({ minimumPeriodMs: init.minimumPeriodMs });
  const implicit = {
    specVersion: runtime.version.specVersion,
    transactionVersion: runtime.version.transactionVersion,
    genesisHash: init.genesisHash,
  };
  /** Block hashes by number, as System.BlockHash holds them for mortal transactions. */
  const hashes = new Map<number, Uint8Array>([[0, init.genesisHash]]);
  let best = 0;

  const keyOf = (bytes: Uint8Array): string | null => {
    const xt = decodeExtrinsic(runtime, bytes);
    if (xt.signature === undefined) return null;
    const { address, signature, extra } = xt.signature;
    if (address.tag !== 'Id' || signature.tag === 'Ecdsa' || extra.metadataHashMode !== 'Disabled')
      return null;
    // Pool validation checks against the block after the best one.
    const birthHash = hashes.get(Number(eraBirth(extra.era, BigInt(best + 1))));
    if (birthHash === undefined) return null;
    const message = signedPayload(xt.callBytes, extra, { ...implicit, birthHash });
    const type = signature.tag === 'Sr25519' ? 'sr25519' : 'ed25519';
    return verifySignature(message, signature.value, address.value, type)
      ? signatureKey(signature, message, address.value)
      : null;
  };

  port.on('message', (message: ToThread) => {
    if (message.kind === 'block') {
      hashes.set(message.number, message.hash);
      best = Math.max(best, message.number);
      hashes.delete(message.number - Number(BLOCK_HASH_COUNT) - 2);
      return;
    }
    const keys = message.extrinsics.map((bytes) => {
      try {
        return keyOf(bytes);
      } catch {
        // Not an extrinsic, or a signer that is no key: the pool says why.
        return null;
      }
    });
    port.postMessage({ ids: message.ids, keys } satisfies FromThread);
  });
  port.postMessage('ready' satisfies FromThread);
}
