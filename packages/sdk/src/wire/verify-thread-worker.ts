// The thread behind VerifyThreads: answers batches of request-signature checks with the same
// `verifyText` (and the same SS58 key cache) the axon uses on its own thread.
import { parentPort } from 'node:worker_threads';
import { cryptoReady } from '@tao-ts/primitives';
import { publicKeyOf } from './axon-verify.js';
import { verifyText } from './signing.js';
import type { VerifyAnswer, VerifyBatch } from './verify-threads.js';

const port = parentPort;
if (port !== null) {
  await cryptoReady();
  port.on('message', (m: VerifyBatch) => {
    const valid = m.ids.map((_, i) => {
      const key = publicKeyOf(m.addresses[i] as string);
      if (key === undefined) return false;
      try {
        return verifyText(key, m.messages[i] as string, m.signatures[i] as string);
      } catch {
        return false;
      }
    });
    port.postMessage({ ids: m.ids, valid } satisfies VerifyAnswer);
  });
  port.postMessage('ready' satisfies VerifyAnswer);
}
