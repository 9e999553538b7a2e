/**
 * A lean HTTP/1.1 load generator for server benchmarks (what wrk or autocannon do): each lane is one
 * keep-alive TCP connection sending its pre-built requests one at a time, each after the previous
 * answer has fully arrived. Its own cost per request is a few tens of µs, so on a 2-core machine the
 * figure measures the server rather than the client. Answers are parsed for real (status line,
 * content-length, body) and handed to `check`.
 */
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  /** Requests answered per second over the whole run. */
  readonly rate: number;
  /** Milliseconds from writing a request to its last answer byte. */
  readonly latencies: number[];
  /** Answers that `check` refused (or that did not parse). */
  readonly errors: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/** One HTTP/1.1 request as bytes: `headers` (no content-length; it is added) and a UTF-8 body. */
export function buildRequest(path: string, headers: Record<string, string>, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8');
  let head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  head += `content-length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Sends lane i's `requests[i]` in order over its own connection; resolves when every lane is done. */
export async function runLoad(
  port: number,
  requests: readonly (readonly Buffer[])[],
  check: (status: number, body: Buffer) => boolean,
): Promise<LoadResult> {
  const sockets = await Promise.all(requests.map(() => open(port)));
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    requests.map(
      (batch, lane) =>
        new Promise<void>((resolve) => {
          const socket = sockets[lane] as Socket;
          // One reader per connection for its whole life (no per-request promise or listeners).
          let next = 0;
          let sentAt = 0;
          let buffered: Buffer = Buffer.alloc(0);
          const send = (): void => {
            if (next === batch.length) {
              socket.off('data', onData);
              socket.off('close', onClose);
              resolve();
              return;
            }
            sentAt = performance.now();
            socket.write(batch[next++] as Buffer);
          };
          const answered = (ok: boolean): void => {
            latencies.push(performance.now() - sentAt);
            if (!ok) errors += 1;
            send();
          };
          const onData = (chunk: Buffer): void => {
            buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
            const end = buffered.indexOf(HEADER_END);
            if (end < 0) return;
            const head = buffered.toString('latin1', 0, end);
            const length = CONTENT_LENGTH.exec(head);
            const status = Number(head.slice(9, 12));
            if (length === null || !(status >= 100)) {
              // Unparseable: count it and give up on this connection's remaining requests.
              errors += batch.length - next;
              next = batch.length;
              answered(false);
              return;
            }
            const bodyEnd = end + HEADER_END.length + Number(length[1]);
            if (buffered.length < bodyEnd) return;
            const body = buffered.subarray(end + HEADER_END.length, bodyEnd);
            buffered = buffered.length === bodyEnd ? Buffer.alloc(0) : buffered.subarray(bodyEnd);
            answered(check(status, body));
          };
          const onClose = (): void => {
            errors += batch.length - next + 1;
            next = batch.length;
            send();
          };
          socket.on('data', onData);
          socket.once('close', onClose);
          send();
        }),
    ),
  );
  const rate = (latencies.length * 1000) / (performance.now() - start);
  for (const s of sockets) s.destroy();
  return { rate, latencies, errors };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}
