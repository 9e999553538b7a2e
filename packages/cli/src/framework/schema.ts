/**
 * The subset of JSON Schema (draft 2020-12 keywords) that command output schemas use, a validator for it,
 * and builders for the shapes that recur (rao amounts as decimal strings, SS58 addresses). The validator
 * exists so tests can hold every `--json` document to its declared schema without another dependency.
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface JsonSchema {
  readonly type?: JsonType | readonly JsonType[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  /** false forbids unknown keys; a schema constrains them (a map's values). Default: allowed. */
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean | null;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly anyOf?: readonly JsonSchema[];
}

export interface SchemaViolation {
  /** JSON Pointer-like path of the offending value, '' for the root. */
  readonly path: string;
  readonly message: string;
}

function typeOf(value: unknown): JsonType | 'undefined' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

function typeMatches(actual: ReturnType<typeof typeOf>, wanted: JsonType): boolean {
  return actual === wanted || (wanted === 'number' && actual === 'integer');
}

function check(schema: JsonSchema, value: unknown, path: string, out: SchemaViolation[]): void {
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types: readonly JsonType[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => typeMatches(actual, t))) {
      out.push({ path, message: `expected ${types.join(' or ')}, got ${actual}` });
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const) {
    out.push({ path, message: `expected ${JSON.stringify(schema.const)}` });
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) {
    out.push({ path, message: `expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if (
    typeof value === 'string' &&
    schema.pattern !== undefined &&
    !new RegExp(schema.pattern, 'u').test(value)
  ) {
    out.push({ path, message: `${JSON.stringify(value)} does not match /${schema.pattern}/` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      out.push({ path, message: `below ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      out.push({ path, message: `above ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({ path, message: `expected at least ${schema.minItems} items` });
    }
    if (schema.items !== undefined) {
      const items = schema.items;
      value.forEach((item, i) => check(items, item, `${path}/${i}`, out));
    }
  } else if (actual === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in record)) out.push({ path, message: `missing required property "${key}"` });
    }
    for (const [key, child] of Object.entries(record)) {
      const declared = schema.properties?.[key];
      if (declared !== undefined) check(declared, child, `${path}/${key}`, out);
      else if (schema.additionalProperties === false) {
        out.push({ path, message: `unexpected property "${key}"` });
      } else if (typeof schema.additionalProperties === 'object') {
        check(schema.additionalProperties, child, `${path}/${key}`, out);
      }
    }
  }
  if (schema.anyOf !== undefined) {
    const ok = schema.anyOf.some((alt) => {
      const sub: SchemaViolation[] = [];
      check(alt, value, path, sub);
      return sub.length === 0;
    });
    if (!ok) out.push({ path, message: 'matches none of the allowed shapes' });
  }
}

/** Every way `value` breaks `schema` (empty when it conforms). */
export function validateJson(schema: JsonSchema, value: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  check(schema, value, '', out);
  return out;
}

// ---- builders for recurring shapes ----------------------------------------------------------------

/** A rao amount: an unsigned integer as a decimal string (JSON numbers lose precision above 2^53). */
export const raoSchema: JsonSchema = {
  type: 'string',
  pattern: '^[0-9]+$',
  description: 'amount in rao (1 TAO = 10^9 rao) as a decimal string',
};

/** An SS58 address (base58, 47–48 characters for 32-byte keys). */
export const ss58Schema: JsonSchema = {
  type: 'string',
  pattern: '^[1-9A-HJ-NP-Za-km-z]{46,50}$',
  description: 'SS58 address',
};

export const hexSchema: JsonSchema = { type: 'string', pattern: '^0x([0-9a-f]{2})*$' };

/** An object whose listed properties are all required and which allows no others. */
export function strictObject(
  properties: Readonly<Record<string, JsonSchema>>,
  optional: readonly string[] = [],
): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

export function arrayOf(items: JsonSchema): JsonSchema {
  return { type: 'array', items };
}
