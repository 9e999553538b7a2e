// The machine's public IP, found as bittensor finds it (`utils.networking.get_external_ip`): ask plain
// text "what is my IP" services in turn and take the first answer that is an IP address. A dendrite
// announces it in `bt_header_dendrite_ip`; a miner publishes it with `serve_axon`.
import { request } from 'undici';
import { TaoError } from '@tao-ts/primitives';
import { ipType } from './ip.js';

/** Services answering a GET with the caller's address as text (bittensor asks the first two too). */
export const EXTERNAL_IP_SERVICES: readonly string[] = [
  'https://checkip.amazonaws.com',
  'https://api.ipify.org',
  'https://icanhazip.com',
  'https://ifconfig.me/ip',
];

/** No service gave a usable answer; the message lists what each one did. */
export class ExternalIpNotFoundError extends TaoError {
  constructor(message: string) {
    super('EXTERNAL_IP_NOT_FOUND', message, { field: 'externalIp' });
  }
}

export interface ExternalIpLookupOptions {
  /** Asked in order (default `EXTERNAL_IP_SERVICES`). */
  readonly services?: readonly string[];
  /** Per service, for the whole exchange (default 3000 ms). */
  readonly timeoutMs?: number;
}

/** An address is a few dozen characters; anything longer is not one. */
const MAX_ANSWER_BYTES = 256;

/** The first service answer that is an IPv4 or IPv6 address; throws `ExternalIpNotFoundError`. */
export async function lookupExternalIp(options: ExternalIpLookupOptions = {}): Promise<string> {
  const services = options.services ?? EXTERNAL_IP_SERVICES;
  const timeoutMs = options.timeoutMs ?? 3000;
  const failures: string[] = [];
  for (const url of services) {
    try {
      return await askService(url, timeoutMs);
    } catch (e) {
      failures.push(`${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new ExternalIpNotFoundError(
    failures.length === 0
      ? 'externalIp: no lookup service given'
      : `externalIp: no service gave an IP address (${failures.join('; ')})`,
  );
}

async function askService(url: string, timeoutMs: number): Promise<string> {
  const res = await request(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
  let text = '';
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_ANSWER_BYTES) {
      res.body.destroy();
      throw new Error(`answer longer than ${MAX_ANSWER_BYTES} bytes`);
    }
    text += chunk.toString('latin1');
  }
  if (res.statusCode !== 200) throw new Error(`HTTP status ${res.statusCode}`);
  const ip = text.trim();
  try {
    ipType(ip);
  } catch {
    throw new Error(`answer is not an IP address: ${JSON.stringify(ip.slice(0, 64))}`);
  }
  return ip;
}
