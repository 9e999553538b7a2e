// TerminalInfo: one end (dendrite or axon) of a synapse, as bittensor's pydantic model. Every field is
// optional (None → null). Headers carry the fields as strings, so parsing casts like pydantic's
// "before" validators: ints from decimal text, floats from float text, the nonce as an exact BigInt
// (a 19-digit `time.time_ns()` does not fit a double).
import { SynapseParseError } from './errors.js';
import { pyFloatRepr, type PyValue } from './pystr.js';

export interface TerminalInfo {
  statusCode: number | null;
  statusMessage: string | null;
  processTime: number | null;
  ip: string | null;
  port: number | null;
  version: number | null;
  nonce: bigint | null;
  uuid: string | null;
  hotkey: string | null;
  signature: string | null;
}

/** Python field names in model order: the order of `bt_header_*` headers and of the body dict. */
export const TERMINAL_FIELDS = [
  ['status_code', 'statusCode'],
  ['status_message', 'statusMessage'],
  ['process_time', 'processTime'],
  ['ip', 'ip'],
  ['port', 'port'],
  ['version', 'version'],
  ['nonce', 'nonce'],
  ['uuid', 'uuid'],
  ['hotkey', 'hotkey'],
  ['signature', 'signature'],
] as const satisfies readonly (readonly [string, keyof TerminalInfo])[];

export function emptyTerminal(): TerminalInfo {
  return {
    statusCode: null,
    statusMessage: null,
    processTime: null,
    ip: null,
    port: null,
    version: null,
    nonce: null,
    uuid: null,
    hotkey: null,
    signature: null,
  };
}

const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** pydantic's lax int: an int, an integral float, or decimal text. */
export function toInt(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && INT_TEXT.test(value)) return BigInt(value.trim());
  throw new SynapseParseError(`${field}: expected an integer, got ${describe(value)}`, field);
}

export function toSmallInt(value: unknown, field: string): number {
  const n = toInt(value, field);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SynapseParseError(`${field}: integer ${n} is out of range`, field);
  }
  return Number(n);
}

/** pydantic's lax float: a number or float text (`"12.0"`, `"1e3"`, `"inf"`). */
export function toFloat(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (FLOAT_TEXT.test(t)) return Number(t);
    if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
    if (t === '-inf' || t === '-infinity') return -Infinity;
    if (t === 'nan') return NaN;
  }
  throw new SynapseParseError(`${field}: expected a float, got ${describe(value)}`, field);
}

export function toStr(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  throw new SynapseParseError(`${field}: expected a string, got ${describe(value)}`, field);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** Sets one TerminalInfo field from a header string or JSON value; null/undefined clears it. */
export function setTerminalField(t: TerminalInfo, pyName: string, value: unknown, prefix: string): void {
  const field = `${prefix}.${pyName}`;
  const v = value === undefined ? null : value;
  switch (pyName) {
    case 'status_code':
      t.statusCode = v === null ? null : toSmallInt(v, field);
      return;
    case 'status_message':
      t.statusMessage = v === null ? null : toStr(v, field);
      return;
    case 'process_time':
      t.processTime = v === null ? null : toFloat(v, field);
      return;
    case 'ip':
      t.ip = v === null ? null : toStr(v, field);
      return;
    case 'port':
      t.port = v === null ? null : toSmallInt(v, field);
      return;
    case 'version':
      t.version = v === null ? null : toSmallInt(v, field);
      return;
    case 'nonce':
      t.nonce = v === null ? null : toInt(v, field);
      return;
    case 'uuid':
      t.uuid = v === null ? null : toStr(v, field);
      return;
    case 'hotkey':
      t.hotkey = v === null ? null : toStr(v, field);
      return;
    case 'signature':
      t.signature = v === null ? null : toStr(v, field);
      return;
    default:
      // pydantic ignores unknown keys; so do we.
      return;
  }
}

/** Header text of a field: Python's `str(v)`. */
export function terminalFieldText(t: TerminalInfo, key: keyof TerminalInfo): string | null {
  const v = t[key];
  if (v === null) return null;
  if (key === 'processTime') return pyFloatRepr(v as number);
  return String(v);
}

/** The body dict of a TerminalInfo (`model_dump()`), nulls included. */
export function terminalToDict(t: TerminalInfo): { [key: string]: PyValue } {
  const out: { [key: string]: PyValue } = {};
  for (const [py, ts] of TERMINAL_FIELDS) out[py] = t[ts];
  return out;
}

/** The body dict's entries in model order (what `terminalToDict` holds, without the object). */
export function terminalEntries(t: TerminalInfo): [string, PyValue][] {
  return TERMINAL_FIELDS.map(([py, ts]) => [py, t[ts]]);
}

export function terminalFromDict(value: unknown, prefix: string): TerminalInfo {
  const t = emptyTerminal();
  if (value === null || value === undefined) return t;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SynapseParseError(`${prefix}: expected an object, got ${describe(value)}`, prefix);
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) setTerminalField(t, k, v, prefix);
  return t;
}
