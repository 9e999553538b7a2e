// Status codes and messages of the axon and the dendrite (bittensor's axon.py error mapping and
// dendrite.py DENDRITE_ERROR_MAPPING). Where we are stricter or more precise than bittensor, the
// comment says how bittensor answers.

export const STATUS = {
  SUCCESS: 200,
  /** Unparseable headers, or a body that is not JSON. */
  BAD_REQUEST: 400,
  /** Verification failed: missing/empty/wrong signature, wrong target hotkey, stale or replayed nonce. */
  NOT_VERIFIED: 401,
  BLACKLISTED: 403,
  UNKNOWN_SYNAPSE: 404,
  /** Waited too long for a priority slot or for forward (bittensor: 408 from the priority pool). */
  TIMEOUT: 408,
  /** Body over the axon's size limit (bittensor has none). */
  PAYLOAD_TOO_LARGE: 413,
  /** Body does not fit the schema (bittensor: 500). Dendrite: unparseable response. */
  UNPROCESSABLE: 422,
  /** Per-hotkey rate limit (bittensor has none). */
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** Priority queue full (bittensor's PriorityException). Dendrite: connection refused/dropped. */
  UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;

/** `computed_body_hash` differs from the body's hash: bittensor's ValueError → 500 (vector `status_codes`). */
export const BODY_HASH_MISMATCH_STATUS = 500;

/** bittensor's axon exception → status table (vector `status_codes`). */
export const AXON_EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  PriorityException: 503,
  UnknownSynapseError: 404,
  BlacklistedException: 403,
  NotVerifiedException: 401,
  InvalidRequestNameError: 400,
  SynapseParsingError: 400,
  SynapseException: 500,
  Exception: 500,
};

/** Client-side failure kinds of our dendrite, named after the aiohttp exceptions bittensor maps. */
export type DendriteFailure =
  | 'ClientConnectorError'
  | 'TimeoutError'
  | 'ClientResponseError'
  | 'ClientPayloadError'
  | 'ClientError'
  | 'ServerTimeoutError'
  | 'ServerDisconnectedError'
  | 'ServerConnectionError'
  | 'Other';

/** DENDRITE_ERROR_MAPPING: status (null = the response's own code) and message prefix. */
export const DENDRITE_ERROR_MAP: Readonly<Record<DendriteFailure, readonly [number | null, string]>> = {
  ClientConnectorError: [503, 'Service unavailable'],
  TimeoutError: [408, 'Request timeout'],
  ClientResponseError: [null, 'Client response error'],
  ClientPayloadError: [400, 'Payload error'],
  ClientError: [500, 'Client error'],
  ServerTimeoutError: [504, 'Server timeout error'],
  ServerDisconnectedError: [503, 'Service disconnected'],
  ServerConnectionError: [503, 'Service connection error'],
  Other: [422, 'Failed to parse response'],
};

/** Maps an aiohttp/asyncio exception name from bittensor's table to our failure kind. */
export function failureFromPythonName(name: string): DendriteFailure | undefined {
  const bare = name.replace(/^(aiohttp|asyncio)\./, '');
  if (bare === 'TimeoutError') return 'TimeoutError';
  if (bare.startsWith('default')) return 'Other';
  return bare in DENDRITE_ERROR_MAP ? (bare as DendriteFailure) : undefined;
}

/** Status and message a dendrite records for a client-side failure (bittensor's process_error_message). */
export function dendriteFailureStatus(
  kind: DendriteFailure,
  ctx: {
    readonly ip: string;
    readonly port: number;
    readonly name: string;
    readonly timeout: number;
    readonly detail: string;
    readonly code?: number;
  },
): { readonly statusCode: number; readonly statusMessage: string } {
  const [code, prefix] = DENDRITE_ERROR_MAP[kind];
  const statusCode = code ?? ctx.code ?? 500;
  if (kind === 'ClientConnectorError')
    return { statusCode, statusMessage: `${prefix} at ${ctx.ip}:${ctx.port}/${ctx.name}` };
  if (kind === 'TimeoutError')
    return { statusCode, statusMessage: `${prefix} after ${pyTimeout(ctx.timeout)} seconds` };
  return { statusCode, statusMessage: `${prefix}: ${ctx.detail}` };
}

function pyTimeout(t: number): string {
  return Number.isInteger(t) ? `${t}.0` : String(t);
}
