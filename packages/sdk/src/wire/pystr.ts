// CPython's `str()`, `repr()` and `json.dumps` for the JSON-shaped values a synapse holds. Bittensor
// hashes `str(model_dump()[field])` for `required_hash_fields` and sends `json.dumps(model_dump())` as the
// request body, so byte-exact emulation is what makes our hashes and bodies match Python's.
//
// JSON has one number type and Python two: a value typed `float` by the synapse schema renders as a
// float (`1.0`), an untyped number renders as `int` when it is integral and as a float otherwise. A
// nested float that happens to be integral (`{'x': 1.0}` in Python) therefore needs a schema type
// (`list[float]` or `float`) to hash like Python.
import { PyRenderError } from './errors.js';

/** A JSON-shaped value as Python sees it (None, bool, int, float, str, list, dict). */
export type PyValue =
  null | boolean | number | bigint | string | readonly PyValue[] | { readonly [key: string]: PyValue };

/** How numbers render: `float` forces float repr (pydantic coerces into float fields). */
export type NumberMode = 'auto' | 'float';

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Fast path (timeouts, process times): in Python's fixed-notation range JS prints the same
  // shortest round-trip digits in fixed notation too, only without Python's `.0` on integral values.
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) {
    const text = String(x);
    return Number.isInteger(x) ? `${text}.0` : text;
  }
  // toExponential() without an argument gives the shortest digits that round-trip, like Python.
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function pyNumber(x: number | bigint, mode: NumberMode, field: string): string {
  if (typeof x === 'bigint') return mode === 'float' ? pyFloatRepr(Number(x)) : x.toString();
  if (mode === 'auto' && Number.isInteger(x)) {
    // Integral doubles beyond 2^53 print exactly as Python's int would (BigInt of a double is exact).
    return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  }
  if (!Number.isFinite(x) && mode === 'auto' && Number.isNaN(x)) {
    throw new PyRenderError(`${field}: NaN has no Python int form`, field);
  }
  return pyFloatRepr(x);
}

// str.isprintable(): everything except categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than ' '.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** `repr(str)`: single quotes unless the text has `'` and no `"`; escapes as CPython. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      out += cp <= 0xff ? `\\x${hex(cp, 2)}` : cp <= 0xffff ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

function pyRepr(value: PyValue, mode: NumberMode, field: string, depth: number): string {
  if (depth > 100) throw new PyRenderError(`${field}: nested deeper than 100 levels`, field);
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return pyNumber(value, mode, field);
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) {
    const items = value as readonly PyValue[];
    return `[${items.map((v) => pyRepr(v, mode, field, depth + 1)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as { readonly [key: string]: PyValue });
    // Dict values are not covered by a `list[float]` hint: only list items are.
    return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v, 'auto', field, depth + 1)}`).join(', ')}}`;
  }
  throw new PyRenderError(`${field}: ${typeof value} is not a JSON-shaped value`, field);
}

/** Python `str(value)`: like repr, except a top-level string is the text itself. */
export function pyStr(value: PyValue, mode: NumberMode = 'auto', field = 'value'): string {
  return typeof value === 'string' ? value : pyRepr(value, mode, field, 0);
}

/** `repr(value)`. */
export function pyReprOf(value: PyValue, mode: NumberMode = 'auto', field = 'value'): string {
  return pyRepr(value, mode, field, 0);
}

export type JsonStyle = 'python' | 'compact';

// Text that needs no escaping in either style (the common case: plain ASCII) is copied as is.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE_UTF8 = /["\\\u0000-\u001f]/;

function jsonString(text: string, asciiOnly: boolean): string {
  if (!(asciiOnly ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE_UTF8).test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || (asciiOnly && c > 0x7e)) out += `\\u${hex(c, 4)}`;
    else out += text[i];
  }
  return `${out}"`;
}

function jsonNumber(x: number | bigint, mode: NumberMode, field: string, style: JsonStyle): string {
  if (typeof x === 'number' && !Number.isFinite(x)) {
    // json.dumps writes NaN/Infinity (allow_nan); FastAPI's JSONResponse refuses them.
    if (style === 'compact') throw new PyRenderError(`${field}: ${x} is not valid JSON`, field);
    return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  }
  return pyNumber(x, mode, field);
}

/** Separators and escaping of one JSON style. */
interface JsonFormat {
  readonly style: JsonStyle;
  readonly comma: string;
  readonly colon: string;
  readonly ascii: boolean;
}

const FORMATS: Readonly<Record<JsonStyle, JsonFormat>> = {
  python: { style: 'python', comma: ', ', colon: ': ', ascii: true },
  compact: { style: 'compact', comma: ',', colon: ':', ascii: false },
};

function jsonWalk(
  v: PyValue,
  mode: NumberMode,
  field: string,
  depth: number,
  f: JsonFormat,
  modes: ReadonlyMap<string, NumberMode>,
): string {
  if (depth > 100) throw new PyRenderError(`${field}: nested deeper than 100 levels`, field);
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return jsonNumber(v, mode, field, f.style);
  if (typeof v === 'string') return jsonString(v, f.ascii);
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    return `[${items.map((x, i) => jsonWalk(x, mode, `${field}[${i}]`, depth + 1, f, modes)).join(f.comma)}]`;
  }
  if (typeof v === 'object') {
    const parts = Object.entries(v as { readonly [key: string]: PyValue }).map(([k, x]) => {
      const path = depth === 0 ? k : `${field}.${k}`;
      return `${jsonString(k, f.ascii)}${f.colon}${jsonWalk(x, modes.get(path) ?? 'auto', path, depth + 1, f, modes)}`;
    });
    return `{${parts.join(f.comma)}}`;
  }
  throw new PyRenderError(`${field}: ${typeof v} is not a JSON-shaped value`, field);
}

/**
 * `json.dumps(value)` (style `python`: separators `", "`/`": "`, ensure_ascii) or FastAPI's compact
 * `JSONResponse` rendering (style `compact`: `","`/`":"`, UTF-8 kept). `modes` gives per-key number modes
 * for the top-level object (the synapse schema).
 */
export function pyJsonDumps(
  value: PyValue,
  style: JsonStyle,
  modes: ReadonlyMap<string, NumberMode> = new Map(),
): string {
  return jsonWalk(value, 'auto', 'value', 0, FORMATS[style], modes);
}

/**
 * Incremental `pyJsonDumps` of a top-level object whose keys are known in advance (a synapse body):
 * the caller appends `key: value` pairs in order; each value renders exactly as `pyJsonDumps` would
 * render it under that key, without building the object first.
 */
export class PyJsonObjectWriter {
  readonly #f: JsonFormat;
  readonly #modes: ReadonlyMap<string, NumberMode>;
  #out = '{';

  constructor(style: JsonStyle, modes: ReadonlyMap<string, NumberMode>) {
    this.#f = FORMATS[style];
    this.#modes = modes;
  }

  #key(key: string): void {
    this.#out += `${this.#out.length === 1 ? '' : this.#f.comma}${jsonString(key, this.#f.ascii)}${this.#f.colon}`;
  }

  /** `key: value` at the top level. */
  value(key: string, value: PyValue): this {
    this.#key(key);
    this.#out += jsonWalk(value, this.#modes.get(key) ?? 'auto', key, 1, this.#f, this.#modes);
    return this;
  }

  /** `key: {k: v, ...}` for a flat record of scalars (a TerminalInfo as its body dict). */
  record(key: string, entries: readonly (readonly [string, PyValue])[]): this {
    this.#key(key);
    let inner = '{';
    for (const [k, v] of entries) {
      const path = `${key}.${k}`;
      inner += `${inner.length === 1 ? '' : this.#f.comma}${jsonString(k, this.#f.ascii)}${this.#f.colon}`;
      inner += jsonWalk(v, this.#modes.get(path) ?? 'auto', path, 2, this.#f, this.#modes);
    }
    this.#out += `${inner}}`;
    return this;
  }

  end(): string {
    return `${this.#out}}`;
  }
}
