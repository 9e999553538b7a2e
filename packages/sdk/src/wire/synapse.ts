// The synapse: bittensor's request/response object. A synapse type is a name plus a schema of body fields
// (what a Python subclass of `bt.Synapse` declares); a Synapse instance holds the base fields, the two
// TerminalInfos and the body values, and renders headers, bodies and the body hash exactly as
// bittensor's `synapse.py` (v10.2.0) does.
import { fromUtf8, parseJsonExact, sha3_256, toHex, utf8 } from '@tao-ts/primitives';
import { SynapseDefinitionError, SynapseParseError } from './errors.js';
import { type NumberMode, PyJsonObjectWriter, type PyValue, pyFloatRepr, pyStr } from './pystr.js';
import {
  TERMINAL_FIELDS,
  describe,
  emptyTerminal,
  setTerminalField,
  type TerminalInfo,
  terminalFieldText,
  terminalEntries,
  terminalFromDict,
  terminalToDict,
  toFloat,
  toInt,
  toSmallInt,
} from './terminal.js';

/** Body field types (the Python annotation). `int` must fit a double exactly; use `bigint` beyond. */
export type FieldType = 'int' | 'bigint' | 'float' | 'str' | 'bool' | 'list' | 'list[float]' | 'dict' | 'any';

interface FieldTypeMap {
  int: number;
  bigint: bigint;
  float: number;
  str: string;
  bool: boolean;
  list: PyValue[];
  'list[float]': number[];
  dict: { [key: string]: PyValue };
  any: PyValue;
}

export interface FieldSpec {
  readonly type: FieldType;
  /** Required = no default in Python (listed in `model_json_schema()["required"]`). */
  readonly required?: boolean;
  /** Default of an optional field; null (Python None) when absent. */
  readonly default?: PyValue;
}

export type FieldSpecs = { readonly [name: string]: FieldSpec };

export type FieldValues<F extends FieldSpecs> = {
  -readonly [K in keyof F]: F[K] extends { required: true }
    ? FieldTypeMap[F[K]['type']]
    : FieldTypeMap[F[K]['type']] | null;
};

export interface SynapseDefinition<F extends FieldSpecs> {
  /** The Python class name: the route `/Name` and the `name` header. */
  readonly name: string;
  readonly fields: F;
  /** bittensor's `required_hash_fields` ClassVar: body fields covered by `computed_body_hash`. */
  readonly requiredHashFields?: readonly (keyof F & string)[];
  /** A streaming synapse: the axon answers with chunks (see Axon). */
  readonly streaming?: boolean;
}

/** `base64(json.dumps(type(value)()))`: the dummy value a required field's input header carries. */
const DUMMY_B64: Readonly<Record<string, string>> = {
  int: 'MA==',
  float: 'MC4w',
  str: 'IiI=',
  bool: 'ZmFsc2U=',
  list: 'W10=',
  dict: 'e30=',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The fields every synapse has (bittensor's `Synapse` base class); a subclass may not redeclare them. */
export const SYNAPSE_BASE_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'timeout',
  'total_size',
  'header_size',
  'dendrite',
  'axon',
  'computed_body_hash',
]);

export const DEFAULT_TIMEOUT_S = 12.0;

export type HeaderInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A synapse type: what `class Name(bt.Synapse)` is in Python. */
export class SynapseType<F extends FieldSpecs = FieldSpecs> {
  readonly name: string;
  readonly fields: F;
  readonly fieldNames: readonly (keyof F & string)[];
  readonly requiredFields: readonly (keyof F & string)[];
  readonly requiredHashFields: readonly (keyof F & string)[];
  readonly streaming: boolean;
  /**
   * True when every body field is a scalar (int/float/str/bool): then plain `JSON.parse` reads bodies
   * exactly enough: an int beyond 2^53 stays beyond it after rounding, so the field check still
   * refuses it, and the only big integers left are the TerminalInfo nonces, which the axon and the
   * dendrite take from the (exact) headers.
   */
  readonly scalarBody: boolean;
  /** Number rendering per body key path: float-typed fields print as floats (`12.0`). */
  readonly numberModes: ReadonlyMap<string, NumberMode>;

  constructor(def: SynapseDefinition<F>) {
    if (!IDENTIFIER.test(def.name)) {
      throw new SynapseDefinitionError(`name: ${describe(def.name)} is not a Python class name`, 'name');
    }
    this.name = def.name;
    this.fields = def.fields;
    this.fieldNames = Object.keys(def.fields);
    for (const f of this.fieldNames) {
      if (!IDENTIFIER.test(f) || SYNAPSE_BASE_FIELDS.has(f)) {
        throw new SynapseDefinitionError(`fields.${f}: not a usable field name`, `fields.${f}`);
      }
    }
    this.requiredFields = this.fieldNames.filter((f) => def.fields[f]?.required === true);
    this.requiredHashFields = [...(def.requiredHashFields ?? [])];
    for (const f of this.requiredHashFields) {
      if (!(f in def.fields)) {
        throw new SynapseDefinitionError(`requiredHashFields: ${f} is not a field`, 'requiredHashFields');
      }
    }
    this.streaming = def.streaming ?? false;
    const modes = new Map<string, NumberMode>([
      ['timeout', 'float'],
      ['dendrite.process_time', 'float'],
      ['axon.process_time', 'float'],
    ]);
    for (const f of this.fieldNames) {
      const t = def.fields[f]?.type;
      if (t === 'float' || t === 'list[float]') modes.set(f, 'float');
    }
    this.numberModes = modes;
    const scalar = new Set<FieldType>(['int', 'float', 'str', 'bool']);
    this.scalarBody = this.fieldNames.every((f) => scalar.has((def.fields[f] as FieldSpec).type));
  }

  /** Parses a body of this type: `JSON.parse` when exact enough (see `scalarBody`), else exact parsing. */
  parseBody(text: string): PyValue {
    return this.scalarBody ? (JSON.parse(text) as PyValue) : parseJsonExact(text);
  }

  /** A new synapse with the given body values; optional fields default to their default or null. */
  create(values: Partial<FieldValues<F>> = {}): Synapse<F> {
    const out: Record<string, PyValue> = {};
    for (const f of this.fieldNames) {
      const given = (values as Record<string, PyValue | undefined>)[f];
      const spec = this.fields[f] as FieldSpec;
      if (given === undefined) {
        if (spec.required === true) {
          throw new SynapseParseError(`${this.name}.${f}: field required`, f);
        }
        out[f] = spec.default ?? null;
      } else {
        out[f] = coerceField(given, spec, f);
      }
    }
    return new Synapse(this, out as FieldValues<F>);
  }

  numberMode(field: string): NumberMode {
    return this.numberModes.get(field) ?? 'auto';
  }

  /**
   * `Synapse.from_headers`: what the axon builds before reading the body. Required body fields get the
   * dummy values of their `bt_header_input_obj_*` headers; a missing one is an error (pydantic's
   * "Field required"), as is a header that does not cast to its type.
   */
  fromHeaders(headers: HeaderInput): Synapse<F> {
    const syn = new Synapse(this, {} as FieldValues<F>);
    const inputs = new Map<string, PyValue>();
    for (const [rawKey, rawValue] of Object.entries(headers)) {
      if (rawValue === undefined) continue;
      const key = rawKey.toLowerCase();
      const value = typeof rawValue === 'string' ? rawValue : rawValue.join(', ');
      if (key.startsWith('bt_header_axon_')) {
        setTerminalField(syn.axon, key.slice(15), value, 'axon');
      } else if (key.startsWith('bt_header_dendrite_')) {
        setTerminalField(syn.dendrite, key.slice(19), value, 'dendrite');
      } else if (key.startsWith('bt_header_input_obj_')) {
        const field = key.slice(20);
        if (!(field in this.fields)) continue;
        try {
          inputs.set(field, JSON.parse(fromUtf8(Buffer.from(value, 'base64'))) as PyValue);
        } catch {
          // bittensor logs undecodable input headers and carries on; the field then counts as missing.
        }
      }
    }
    const timeout = headerValue(headers, 'timeout');
    syn.timeout = timeout === undefined ? DEFAULT_TIMEOUT_S : toFloat(timeout, 'timeout');
    const total = headerValue(headers, 'total_size');
    syn.totalSize = total === undefined ? 0 : toSmallInt(total, 'total_size');
    const size = headerValue(headers, 'header_size');
    syn.headerSize = size === undefined ? 0 : toSmallInt(size, 'header_size');
    syn.computedBodyHash = headerValue(headers, 'computed_body_hash') ?? '';
    const values: Record<string, PyValue> = {};
    for (const f of this.fieldNames) {
      const spec = this.fields[f] as FieldSpec;
      const v = inputs.get(f);
      if (v === undefined) {
        if (spec.required === true) {
          throw new SynapseParseError(
            `bt_header_input_obj_${f}: missing; ${this.name}.${f} is required`,
            `bt_header_input_obj_${f}`,
          );
        }
        values[f] = spec.default ?? null;
      } else values[f] = coerceField(v, spec, `bt_header_input_obj_${f}`);
    }
    syn.values = values as FieldValues<F>;
    return syn;
  }

  /** `cls(**body)`: the synapse a JSON body describes (body fields typed by the schema). */
  fromBody(body: PyValue): Synapse<F> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new SynapseParseError(`body: expected a JSON object, got ${describe(body)}`, 'body');
    }
    const b = body as { readonly [key: string]: PyValue };
    const values: Record<string, PyValue> = {};
    for (const f of this.fieldNames) {
      const spec = this.fields[f] as FieldSpec;
      const v = b[f];
      if (v === undefined) {
        if (spec.required === true) throw new SynapseParseError(`body.${f}: field required`, `body.${f}`);
        values[f] = spec.default ?? null;
      } else values[f] = coerceField(v, spec, `body.${f}`);
    }
    const syn = new Synapse(this, values as FieldValues<F>);
    if (b.timeout !== undefined && b.timeout !== null) syn.timeout = toFloat(b.timeout, 'body.timeout');
    if (b.total_size !== undefined && b.total_size !== null) {
      syn.totalSize = toSmallInt(b.total_size, 'body.total_size');
    }
    if (b.header_size !== undefined && b.header_size !== null) {
      syn.headerSize = toSmallInt(b.header_size, 'body.header_size');
    }
    syn.dendrite = terminalFromDict(b.dendrite, 'body.dendrite');
    syn.axon = terminalFromDict(b.axon, 'body.axon');
    const hash = b.computed_body_hash;
    if (hash !== undefined && hash !== null) {
      if (typeof hash !== 'string') {
        throw new SynapseParseError(`body.computed_body_hash: expected a string, got ${describe(hash)}`);
      }
      syn.computedBodyHash = hash;
    }
    return syn;
  }
}

function headerValue(headers: HeaderInput, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.join(', ');
}

function isDict(v: PyValue): v is { readonly [key: string]: PyValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** pydantic's lax validation of one body value against its annotation. */
function coerceField(value: PyValue, spec: FieldSpec, field: string): PyValue {
  if (value === null) {
    if (spec.required === true && spec.type !== 'any') {
      throw new SynapseParseError(`${field}: expected ${spec.type}, got null`, field);
    }
    return null;
  }
  switch (spec.type) {
    case 'int': {
      if (typeof value === 'boolean') break;
      return toSmallInt(value, field);
    }
    case 'bigint':
      if (typeof value === 'boolean') break;
      return toInt(value, field);
    case 'float':
      if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
      break;
    case 'str':
      if (typeof value === 'string') return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'list':
      if (Array.isArray(value)) return value as readonly PyValue[];
      break;
    case 'list[float]':
      if (Array.isArray(value)) {
        return (value as readonly PyValue[]).map((x, i) => {
          if (typeof x === 'number' || typeof x === 'bigint') return Number(x);
          throw new SynapseParseError(`${field}[${i}]: expected a float, got ${describe(x)}`, field);
        });
      }
      break;
    case 'dict':
      if (isDict(value)) return value;
      break;
    case 'any':
      return value;
  }
  throw new SynapseParseError(`${field}: expected ${spec.type}, got ${describe(value)}`, field);
}

function dummyFor(spec: FieldSpec, value: PyValue): string | undefined {
  if (spec.type === 'int' || spec.type === 'bigint') return DUMMY_B64.int;
  if (spec.type === 'list[float]') return DUMMY_B64.list;
  if (spec.type !== 'any') return DUMMY_B64[spec.type];
  // An untyped field: Python uses type(value)().
  if (typeof value === 'boolean') return DUMMY_B64.bool;
  if (typeof value === 'bigint') return DUMMY_B64.int;
  if (typeof value === 'number') return Number.isInteger(value) ? DUMMY_B64.int : DUMMY_B64.float;
  if (typeof value === 'string') return DUMMY_B64.str;
  if (Array.isArray(value)) return DUMMY_B64.list;
  return DUMMY_B64.dict;
}

/** sha3-256 as lowercase hex without `0x` (bittensor's `get_hash`). */
export function sha3Hex(text: string): string {
  return toHex(sha3_256(utf8(text))).slice(2);
}

/** sha3_256(""): the body hash of every synapse without `required_hash_fields`. */
export const EMPTY_BODY_HASH = sha3Hex('');

export interface ToHeadersOptions {
  /** `header_size` to send; bittensor's is CPython's `sys.getsizeof(headers)`, informational only. */
  readonly headerSize?: number;
  /** `total_size` to send (and store); bittensor's is a recursive `sys.getsizeof`, informational only. */
  readonly totalSize?: number;
  /** `computed_body_hash` to send when the caller has just computed `bodyHash` (it is not cheap). */
  readonly bodyHash?: string;
}

export class Synapse<F extends FieldSpecs = FieldSpecs> {
  readonly type: SynapseType<F>;
  timeout: number = DEFAULT_TIMEOUT_S;
  totalSize = 0;
  headerSize = 0;
  dendrite: TerminalInfo = emptyTerminal();
  axon: TerminalInfo = emptyTerminal();
  /** As received in headers; bittensor never sets it on the sending side (the body carries ""). */
  computedBodyHash = '';
  values: FieldValues<F>;

  constructor(type: SynapseType<F>, values: FieldValues<F>) {
    this.type = type;
    this.values = values;
  }

  get name(): string {
    return this.type.name;
  }

  /** `Synapse.body_hash`: sha3 of the concatenated sha3s of `str()` of each required hash field. */
  get bodyHash(): string {
    if (this.type.requiredHashFields.length === 0) return EMPTY_BODY_HASH;
    let joined = '';
    for (const f of this.type.requiredHashFields) joined += this.fieldHash(f);
    return sha3Hex(joined);
  }

  /** sha3 of Python's `str(model_dump()[field])`. */
  fieldHash(field: keyof F & string): string {
    const v = (this.values as Record<string, PyValue>)[field] ?? null;
    return sha3Hex(pyStr(v, this.type.numberMode(field), field));
  }

  /** `model_dump()`: every field in model order, None as null. */
  toDict(): { [key: string]: PyValue } {
    const out: { [key: string]: PyValue } = {
      name: this.name,
      timeout: this.timeout,
      total_size: this.totalSize,
      header_size: this.headerSize,
      dendrite: terminalToDict(this.dendrite),
      axon: terminalToDict(this.axon),
      computed_body_hash: this.computedBodyHash,
    };
    for (const f of this.type.fieldNames) out[f] = (this.values as Record<string, PyValue>)[f] ?? null;
    return out;
  }

  /**
   * Request body (`python`: aiohttp's `json.dumps`) or response body (`compact`: FastAPI): exactly
   * `pyJsonDumps(this.toDict(), style, numberModes)`, written field by field without the dict.
   */
  toBody(style: 'python' | 'compact'): string {
    const w = new PyJsonObjectWriter(style, this.type.numberModes)
      .value('name', this.name)
      .value('timeout', this.timeout)
      .value('total_size', this.totalSize)
      .value('header_size', this.headerSize)
      .record('dendrite', terminalEntries(this.dendrite))
      .record('axon', terminalEntries(this.axon))
      .value('computed_body_hash', this.computedBodyHash);
    const values = this.values as Record<string, PyValue>;
    for (const f of this.type.fieldNames) w.value(f, values[f] ?? null);
    return w.end();
  }

  /** `Synapse.to_headers()`, in bittensor's insertion order. Sets `totalSize` as Python does. */
  toHeaders(options: ToHeadersOptions = {}): Record<string, string> {
    const h: Record<string, string> = { name: this.name, timeout: pyFloatRepr(this.timeout) };
    for (const [prefix, t] of [
      ['bt_header_axon_', this.axon],
      ['bt_header_dendrite_', this.dendrite],
    ] as const) {
      for (const [py, ts] of TERMINAL_FIELDS) {
        const text = terminalFieldText(t, ts);
        if (text !== null) h[`${prefix}${py}`] = text;
      }
    }
    for (const f of this.type.requiredFields) {
      const v = (this.values as Record<string, PyValue>)[f] ?? null;
      if (v === null) continue;
      const dummy = dummyFor(this.type.fields[f] as FieldSpec, v);
      if (dummy !== undefined) h[`bt_header_input_obj_${f}`] = dummy;
    }
    let approx = 0;
    for (const [k, v] of Object.entries(h)) approx += k.length + v.length;
    h.header_size = String(options.headerSize ?? approx);
    this.totalSize = options.totalSize ?? this.estimateSize();
    h.total_size = String(this.totalSize);
    h.computed_body_hash = options.bodyHash ?? this.bodyHash;
    return h;
  }

  /** A size estimate standing in for CPython's recursive `sys.getsizeof` (nobody checks it). */
  private estimateSize(): number {
    let size = 256;
    for (const v of Object.values(this.values as Record<string, PyValue>)) {
      size += typeof v === 'string' ? v.length + 49 : (JSON.stringify(v, bigintReplacer)?.length ?? 16);
    }
    return size;
  }

  /** A deep copy (bittensor's `model_copy()` per axon in a fan-out). */
  clone(): Synapse<F> {
    const copy = new Synapse(this.type, structuredClone(this.values));
    copy.timeout = this.timeout;
    copy.totalSize = this.totalSize;
    copy.headerSize = this.headerSize;
    copy.dendrite = { ...this.dendrite };
    copy.axon = { ...this.axon };
    copy.computedBodyHash = this.computedBodyHash;
    return copy;
  }

  get isSuccess(): boolean {
    return this.dendrite.statusCode === 200;
  }
  get isFailure(): boolean {
    return this.dendrite.statusCode !== 200;
  }
  get isTimeout(): boolean {
    return this.dendrite.statusCode === 408;
  }
  get isBlacklist(): boolean {
    return this.dendrite.statusCode === 403;
  }
  get failedVerification(): boolean {
    return this.dendrite.statusCode === 401;
  }
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Defines a synapse type (the TS counterpart of `class Name(bt.Synapse)`). */
export function defineSynapse<F extends FieldSpecs>(def: SynapseDefinition<F>): SynapseType<F> {
  return new SynapseType(def);
}

/** bittensor's base `Synapse` (the always-attached ping route `/Synapse`). */
export const BaseSynapse = defineSynapse({ name: 'Synapse', fields: {} });
