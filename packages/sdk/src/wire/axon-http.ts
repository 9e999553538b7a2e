// The axon's raw HTTP/1.1 exchange on node:http: reading a request body under the size limit and
// writing answers. The synapse routes are served here directly rather than through fastify's request
// lifecycle (routing, hooks, content-type parsing, reply pipeline), which cost about as much CPU as the
// whole synapse pipeline; fastify still answers everything else (unknown routes, unusual URLs, HEAD,
// requests arriving while closing). Body rules are fastify's, so both paths answer alike: a GET body is
// ignored, a POST without content-type or length has no body, and the limit and length checks below.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';

/** Header values must be latin-1 without line breaks (uvicorn encodes latin-1; Node refuses CR/LF). */
// Anything but tab, printable ASCII and latin-1 above 0x9f needs rewriting (rare: checked once).
const HEADER_UNSAFE = /[^\t\x20-\x7e\xa0-\xff]/;

export function headerSafe(value: string): string {
  if (!HEADER_UNSAFE.test(value)) return value;
  // eslint-disable-next-line no-control-regex -- control characters are what HTTP header values forbid
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ').replace(/[^\u0000-\u00ff]/g, '?');
}

/** Why a body could not be read; `status` and `message` become the error answer. */
export interface BodyFailure {
  readonly failed: true;
  readonly tooLarge: boolean;
  readonly message: string;
}

export type BodyResult = Buffer | undefined | BodyFailure;

export function isBodyFailure(b: BodyResult): b is BodyFailure {
  return b !== undefined && !Buffer.isBuffer(b);
}

const TOO_LARGE: BodyFailure = { failed: true, tooLarge: true, message: 'Request body is too large' };

/**
 * The request body (undefined when the request has none, as fastify decides it). A body over `limit`
 * bytes (by its content-length, or as it arrives) fails without being read further.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> | BodyResult {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const h = req.headers;
  const lengthText = h['content-length'];
  if (
    h['content-type'] === undefined &&
    (lengthText === undefined || lengthText === '0') &&
    h['transfer-encoding'] === undefined
  ) {
    return undefined;
  }
  const contentLength = Number(lengthText);
  if (contentLength > limit) return TOO_LARGE;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: BodyResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) finish(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      if (!Number.isNaN(contentLength) && received !== contentLength) {
        finish({ failed: true, tooLarge: false, message: 'Request body size did not match Content-Length' });
        return;
      }
      // One chunk (the usual small body) is decoded straight away by the caller: no copy needed.
      finish(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onError = (e: Error): void => finish({ failed: true, tooLarge: false, message: e.message });
    // The peer went away before the end: nobody reads the answer, but the promise must settle.
    const onClose = (): void => {
      if (!req.complete) finish({ failed: true, tooLarge: false, message: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Writes a complete answer: one flat header list and the payload (no per-header bookkeeping). */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  contentType: string,
  payload: Buffer,
  close = false,
): void {
  const flat: string[] = [];
  for (const k in headers) flat.push(k, headerSafe(headers[k]!));
  flat.push('content-type', contentType, 'content-length', String(payload.length));
  // After a body error the rest of the request may still be arriving: like fastify, end the connection.
  if (close) flat.push('connection', 'close');
  res.writeHead(status, flat);
  res.end(payload);
}

/** A 200 `text/event-stream` answer of raw chunks (chunked encoding); a failing source ends the socket. */
export function writeStream(
  res: ServerResponse,
  headers: Record<string, string>,
  chunks: AsyncIterable<Uint8Array | string>,
): void {
  const body = Readable.from(
    (async function* () {
      for await (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
    })(),
  );
  const flat: string[] = [];
  for (const k in headers) flat.push(k, headerSafe(headers[k]!));
  flat.push('content-type', 'text/event-stream');
  res.writeHead(200, flat);
  pipeline(body, res, (err) => {
    if (err) res.destroy();
  });
}
