// One dendrite request on undici's dispatcher interface. `undici.request` wraps every answer in a
// Readable body stream, parses every response header into an object and ties an AbortSignal to it;
// for a small JSON answer that machinery costs more CPU than the whole synapse handling. Here the
// body chunks are gathered directly, only the headers the dendrite reads are decoded, and the timeout
// aborts the request itself. Failures reject with the same undici errors `request` would give (so
// `classifyFailure` reads them alike), including the response-length check of undici's body stream.
import { type Dispatcher, errors as undiciErrors } from 'undici';

export interface ExchangeAnswer {
  readonly status: number;
  /** The `bt_header_*`, `timeout`, `total_size` and `header_size` headers (lower-cased names). */
  readonly headers: Record<string, string | string[]>;
  readonly text: string;
}

/** Headers the dendrite reads from an answer besides the `bt_header_*` family. */
const KEPT = new Set(['timeout', 'total_size', 'header_size']);

function latin1(v: Buffer | string): string {
  return typeof v === 'string' ? v : v.toString('latin1');
}

/** undici's legacy handler interface (still its core one): raw header buffers, no parsing. */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  readonly #resolve: (answer: ExchangeAnswer) => void;
  readonly #reject: (e: Error) => void;
  #abort: ((reason?: Error) => void) | undefined;
  #reason: Error | undefined;
  #done = false;
  #status = 0;
  #headers: Record<string, string | string[]> = {};
  #length: number | undefined;
  readonly #chunks: Buffer[] = [];
  #received = 0;

  constructor(resolve: (answer: ExchangeAnswer) => void, reject: (e: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Aborts the request (the timeout): now if it is on a connection, else as soon as it gets one. */
  cancel(reason: Error): void {
    if (this.#done) return;
    this.#reason = reason;
    this.#abort?.(reason);
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.#reason !== undefined) abort(this.#reason);
    else this.#abort = abort;
  }

  onHeaders(status: number, raw: (Buffer | string)[]): boolean {
    if (status < 200) return true; // informational: the answer follows
    this.#status = status;
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = latin1(raw[i] as Buffer | string).toLowerCase();
      if (name === 'content-length') {
        this.#length = Number(latin1(raw[i + 1] as Buffer | string));
        continue;
      }
      if (!name.startsWith('bt_header_') && !KEPT.has(name)) continue;
      const value = latin1(raw[i + 1] as Buffer | string);
      const seen = headers[name];
      headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    this.#headers = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#chunks.push(chunk);
    this.#received += chunk.length;
    return true;
  }

  onComplete(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#length !== undefined && !Number.isNaN(this.#length) && this.#length !== this.#received) {
      this.#reject(new undiciErrors.ResponseContentLengthMismatchError());
      return;
    }
    const body =
      this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#received);
    this.#resolve({ status: this.#status, headers: this.#headers, text: body.toString('utf8') });
  }

  onError(err: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#reject(err);
  }
}

export interface ExchangeRequest {
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Aborts with a TimeoutError-named reason after this many ms. */
  readonly timeoutMs: number;
  readonly timeoutReason: () => Error;
}

/** POSTs `body` and gathers the whole answer; rejects with undici's error on any failure. */
export function exchange(dispatcher: Dispatcher, r: ExchangeRequest): Promise<ExchangeAnswer> {
  return new Promise<ExchangeAnswer>((resolve, reject) => {
    // The handler settles only after dispatch (below), when `timer` is set.
    const handler = new ExchangeHandler(
      (answer) => {
        clearTimeout(timer);
        resolve(answer);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
    const timer = setTimeout(() => handler.cancel(r.timeoutReason()), r.timeoutMs);
    dispatcher.dispatch(
      {
        origin: r.origin,
        path: r.path,
        method: 'POST',
        headers: r.headers,
        body: r.body,
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      handler,
    );
  });
}
