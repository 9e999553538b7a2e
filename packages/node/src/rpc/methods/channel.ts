/**
 * A notification channel for the new-spec subscriptions (chainHead_v1_follow,
 * transactionWatch_v1_submitAndWatch). Unlike the legacy ones they end from the server side (a
 * `stop` event), answer their unsubscribe with null and keep per-subscription state that other
 * methods look up, so they manage their channel themselves. The channel still lives in the
 * connection's subscription map, which is what runs its cleanup when the socket closes.
 */
import { randomBytes } from 'node:crypto';
import { INTERNAL_ERROR, MAX_SUBSCRIPTIONS_PER_CONNECTION, RpcError, type Connection } from '../jsonrpc.js';

export interface Channel {
  readonly id: string;
  readonly connection: Connection;
  /** False once closed: by the server, by the client or by the socket closing. */
  readonly open: boolean;
  /** Queue one notification. Those queued before `close` are still delivered. */
  send(result: unknown): void;
  /** Stop the channel and run its cleanup (once, whichever way it ends). */
  close(): void;
}

export function openChannel(connection: Connection, notification: string, cleanup: () => void): Channel {
  if (connection.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
    throw new RpcError(
      INTERNAL_ERROR,
      `Too many subscriptions on this connection (max ${MAX_SUBSCRIPTIONS_PER_CONNECTION})`,
    );
  }
  let id = randomBytes(8).toString('hex');
  while (connection.subscriptions.has(id)) id = randomBytes(8).toString('hex');
  let open = true;
  const channel: Channel = {
    id,
    connection,
    get open() {
      return open;
    },
    send: (result) => {
      if (!open) return;
      // A macrotask: the response carrying the id (or an operation id) leaves first, and
      // setImmediate keeps notifications in the order they were queued.
      setImmediate(() =>
        connection.send({ jsonrpc: '2.0', method: notification, params: { subscription: id, result } }),
      );
    },
    close: () => {
      if (!open) return;
      open = false;
      connection.subscriptions.delete(id);
      cleanup();
    },
  };
  connection.subscriptions.set(id, () => channel.close());
  return channel;
}
