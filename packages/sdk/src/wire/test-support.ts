// Helpers shared by the wire tests: raw HTTP/1.1 requests over a TCP socket (bytes exactly as given,
// like bittensor's aiohttp dendrite sends them) and signed request builders. Not exported by the SDK.
import { connect } from 'node:net';
import type { Keypair } from '@tao-ts/primitives';
import { WIRE_VERSION_INT } from './ip.js';
import { requestMessage, signText } from './signing.js';
import type { FieldSpecs, Synapse } from './synapse.js';
import { emptyTerminal } from './terminal.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Headers in aiohttp's order after the synapse headers (json= body). */
export function aiohttpRequest(
  port: number,
  path: string,
  headers: readonly (readonly [string, string])[],
  body: string,
): string {
  const bytes = Buffer.byteLength(body, 'utf8');
  const lines = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    ...headers.map(([k, v]) => `${k}: ${v}`),
    'Accept: */*',
    'Accept-Encoding: gzip, deflate',
    'User-Agent: Python/3.12 aiohttp/3.10.11',
    `Content-Length: ${bytes}`,
    'Content-Type: application/json',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Sends exact request bytes and reads one response (Content-Length or chunked). */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    const done = (r: RawResponse): void => {
      socket.destroy();
      resolve(r);
    };
    socket.on('error', reject);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of headerLines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      const status = Number(statusLine.split(' ')[1]);
      const rest = all.subarray(end + 4);
      const length = headers['content-length'];
      if (length !== undefined) {
        if (rest.length >= Number(length))
          done({ status, headers, body: rest.subarray(0, Number(length)).toString('utf8') });
        return;
      }
      if (headers['transfer-encoding'] === 'chunked') {
        const text = rest.toString('latin1');
        if (!text.endsWith('0\r\n\r\n')) return;
        let body = '';
        let pos = 0;
        for (;;) {
          const nl = text.indexOf('\r\n', pos);
          const size = parseInt(text.slice(pos, nl), 16);
          if (size === 0) break;
          body += text.slice(nl + 2, nl + 2 + size);
          pos = nl + 2 + size + 2;
        }
        done({ status, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
      }
    });
  });
}

export interface SignedRequestOptions {
  readonly nonce: bigint;
  readonly uuid?: string;
  /** Hotkey written into bt_header_axon_hotkey and the signed message. */
  readonly targetHotkey: string;
  readonly port: number;
  readonly timeout?: number;
  /** Overrides the signature header ('' or null = empty / absent). */
  readonly signature?: string | null;
}

/** A request exactly as bittensor's dendrite builds it: headers in order and the json.dumps body. */
export function signedRequest<F extends FieldSpecs>(
  dendrite: Keypair,
  synapse: Synapse<F>,
  o: SignedRequestOptions,
): { headers: [string, string][]; body: string } {
  const s = synapse.clone();
  s.timeout = o.timeout ?? 12;
  const uuid = o.uuid ?? '5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a';
  s.dendrite = {
    ...emptyTerminal(),
    ip: '127.0.0.1',
    version: WIRE_VERSION_INT,
    nonce: o.nonce,
    uuid,
    hotkey: dendrite.address,
  };
  s.axon = { ...emptyTerminal(), ip: '127.0.0.1', port: o.port, hotkey: o.targetHotkey };
  const message = requestMessage({
    nonce: o.nonce,
    dendriteHotkey: dendrite.address,
    axonHotkey: o.targetHotkey,
    uuid,
    bodyHash: s.bodyHash,
  });
  const sig = signText(dendrite, message);
  s.dendrite.signature = o.signature === undefined ? sig : o.signature;
  const headers = Object.entries(s.toHeaders());
  return { headers, body: s.toBody('python') };
}
