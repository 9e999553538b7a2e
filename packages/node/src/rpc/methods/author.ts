/** author_*: submitting transactions (and watching them into blocks) and the pool's contents. */
import { toHex } from '@tao-ts/primitives';
import type { TxStatus } from '../../pool/pool.js';
import { parseHex, type Dispatcher } from '../jsonrpc.js';
import type { NodeServices } from '../services.js';

/** How Substrate's RPC serializes a transaction status. */
function statusJson(status: TxStatus): unknown {
  return status;
}

const FINAL = (status: TxStatus): boolean =>
  status === 'dropped' ||
  status === 'invalid' ||
  (typeof status === 'object' && ('finalized' in status || 'usurped' in status));

export function registerAuthor(rpc: Dispatcher, node: NodeServices): void {
  const ahead = node.verifyAhead;
  if (ahead === undefined) {
    rpc.method('author_submitExtrinsic', (params) => node.pool.submit(params.hex(0, 'extrinsic')));
  } else {
    // The signature is checked on another thread from the moment the request arrives (behind the
    // connection's earlier messages); the pool then finds it verified.
    rpc.lookahead('author_submitExtrinsic', (params) => {
      const hex = params.at(0, 'extrinsic');
      if (typeof hex === 'string') ahead.start(hex, parseHex(hex, 'extrinsic'));
    });
    rpc.method('author_submitExtrinsic', async (params) => {
      // The text was parsed with the same rules on arrival when the check started then.
      const bytes = await ahead.settle(params.string(0, 'extrinsic'), () => params.hex(0, 'extrinsic'));
      return node.pool.submit(bytes);
    });
  }
  rpc.method('author_pendingExtrinsics', () => node.pool.pending().map((xt) => toHex(xt)));
  rpc.subscription({
    subscribe: 'author_submitAndWatchExtrinsic',
    unsubscribe: 'author_unwatchExtrinsic',
    notification: 'author_extrinsicUpdate',
    start: (params, emit) => {
      const bytes = params.hex(0, 'extrinsic');
      let stop: (() => void) | undefined;
      let done = false;
      const watcher = (status: TxStatus): void => {
        if (done) return;
        emit(statusJson(status));
        if (FINAL(status)) {
          done = true;
          stop?.();
        }
      };
      const hash = node.pool.submit(bytes, watcher);
      if (!done) stop = node.pool.watch(hash, () => undefined);
      return () => {
        done = true;
        stop?.();
      };
    },
  });
}
