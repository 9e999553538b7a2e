// The thread behind VerifyThreads: answers batches of request-signature checks with the same
// check (`verifyMessageBytes`, `<Bytes>` retry included) the axon uses on its own thread.
import { parentPort } from 'node:worker_threads';
import { cryptoReady } from '@tao-ts/primitives';
import { verifyMessageBytes } from './signing.js';
import { CHECK_HEADER_BYTES, type VerifyAnswer, type VerifyBatch } from './verify-threads.js';

const port = parentPort;
if (port !== null) {
  await cryptoReady();
  port.on('message', (m: VerifyBatch) => {
    const valid = new Uint8Array(m.count);
    const view = new DataView(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    let at = 0;
    for (let i = 0; i < m.count; i++) {
      const length = view.getUint32(at, true);
      const key = m.data.subarray(at + 4, at + 36);
      const signature = m.data.subarray(at + 36, at + CHECK_HEADER_BYTES);
      const message = m.data.subarray(at + CHECK_HEADER_BYTES, at + CHECK_HEADER_BYTES + length);
      try {
        valid[i] = verifyMessageBytes(key, message, signature) ? 1 : 0;
      } catch {
        valid[i] = 0;
      }
      at += CHECK_HEADER_BYTES + length;
    }
    port.postMessage({ first: m.first, valid } satisfies VerifyAnswer, [valid.buffer]);
  });
  port.postMessage('ready' satisfies VerifyAnswer);
}
