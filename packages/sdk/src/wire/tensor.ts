// bittensor's `Tensor` synapse field: `{buffer, dtype, shape}` where buffer is
// base64(msgpack({b'nd': True, b'type': dtype.str, b'kind': b'', b'shape': shape, b'data': raw bytes}))
// as msgpack-numpy-opentensor writes it (bin-typed keys, little-endian data). Only the numeric dtypes
// bittensor allows; object arrays (pickled) are refused like the opentensor fork does by default.
// Decoding (`tensorToValues`) reads what any bittensor peer sends and names what is wrong otherwise.
import { SynapseParseError } from './errors.js';
import { float16Bits, float16Value } from './float16.js';

export type TensorDtype =
  'float16' | 'float32' | 'float64' | 'uint8' | 'int8' | 'int16' | 'int32' | 'int64' | 'bool';

const DTYPES: Readonly<Record<TensorDtype, { readonly str: string; readonly size: number }>> = {
  float16: { str: '<f2', size: 2 },
  float32: { str: '<f4', size: 4 },
  float64: { str: '<f8', size: 8 },
  uint8: { str: '|u1', size: 1 },
  int8: { str: '|i1', size: 1 },
  int16: { str: '<i2', size: 2 },
  int32: { str: '<i4', size: 4 },
  int64: { str: '<i8', size: 8 },
  bool: { str: '|b1', size: 1 },
};

export interface TensorField {
  readonly buffer: string;
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
}

function isDtype(d: string): d is TensorDtype {
  return d in DTYPES;
}

function writeValue(view: DataView, offset: number, dtype: TensorDtype, v: number | bigint | boolean): void {
  switch (dtype) {
    case 'float16':
      view.setUint16(offset, float16Bits(Number(v)), true);
      return;
    case 'float32':
      view.setFloat32(offset, Number(v), true);
      return;
    case 'float64':
      view.setFloat64(offset, Number(v), true);
      return;
    case 'uint8':
      view.setUint8(offset, Number(v));
      return;
    case 'int8':
      view.setInt8(offset, Number(v));
      return;
    case 'int16':
      view.setInt16(offset, Number(v), true);
      return;
    case 'int32':
      view.setInt32(offset, Number(v), true);
      return;
    case 'int64':
      view.setBigInt64(offset, BigInt(v), true);
      return;
    case 'bool':
      view.setUint8(offset, v === true || v === 1 ? 1 : 0);
      return;
  }
}

function binHeader(len: number): number[] {
  if (len < 0x100) return [0xc4, len];
  if (len < 0x10000) return [0xc5, len >> 8, len & 0xff];
  return [0xc6, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff];
}

function uintBytes(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0xcc, n];
  if (n < 0x10000) return [0xcd, n >> 8, n & 0xff];
  return [0xce, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function bin(bytes: Uint8Array): number[] {
  return [...binHeader(bytes.length), ...bytes];
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The msgpack bytes msgpack-numpy writes for an array (`shape` [] becomes [0] as bittensor does). */
export function encodeTensorMsgpack(
  dtype: TensorDtype,
  shape: readonly number[],
  flat: readonly (number | bigint | boolean)[],
): Uint8Array {
  const { str, size } = DTYPES[dtype];
  const data = new Uint8Array(flat.length * size);
  const view = new DataView(data.buffer);
  flat.forEach((v, i) => writeValue(view, i * size, dtype, v));
  const shapeOut = shape.length === 0 ? [] : shape;
  const out: number[] = [0x85];
  out.push(...bin(ascii('nd')), 0xc3);
  out.push(...bin(ascii('type')), 0xa0 | str.length, ...ascii(str));
  out.push(...bin(ascii('kind')), ...bin(new Uint8Array()));
  out.push(...bin(ascii('shape')), 0x90 | shapeOut.length, ...shapeOut.flatMap(uintBytes));
  out.push(...bin(ascii('data')), ...bin(data));
  return Uint8Array.from(out);
}

type Nested = number | bigint | boolean | readonly Nested[];

function flatten(values: Nested): (number | bigint | boolean)[] {
  return Array.isArray(values)
    ? (values as readonly Nested[]).flatMap(flatten)
    : [values as number | bigint | boolean];
}

function shapeOf(values: Nested): number[] {
  const shape: number[] = [];
  let v: Nested = values;
  while (Array.isArray(v)) {
    const arr = v as readonly Nested[];
    shape.push(arr.length);
    if (arr.length === 0) break;
    v = arr[0] as Nested;
  }
  return shape;
}

/** A Tensor field from nested values (`bittensor.Tensor.serialize`). A scalar gets shape [0]. */
export function tensorFromValues(dtype: string, values: Nested): TensorField {
  if (!isDtype(dtype))
    throw new SynapseParseError(`dtype: ${JSON.stringify(dtype)} is not an allowed tensor dtype`, 'dtype');
  const shape = shapeOf(values);
  const buffer = Buffer.from(encodeTensorMsgpack(dtype, shape, flatten(values))).toString('base64');
  return { buffer, dtype, shape: shape.length === 0 ? [0] : shape };
}

// ---- decoding ----------------------------------------------------------------------------------

/** A decoded tensor: its dtype, numpy shape and values in C order (int64 as bigint). */
export interface DecodedTensor {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  readonly values: readonly (number | bigint | boolean)[];
}

const DTYPE_BY_STR = new Map(Object.entries(DTYPES).map(([name, d]) => [d.str, name as TensorDtype]));

const UTF8 = new TextDecoder();

/** msgpack-numpy's payload; keys and strings may come as bin or str (use_bin_type either way). */
class MsgpackReader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  private fail(what: string): never {
    throw new SynapseParseError(`buffer: malformed msgpack (${what} at byte ${this.at})`, 'buffer');
  }

  private take(n: number): number {
    if (this.at + n > this.bytes.length) this.fail('truncated');
    const start = this.at;
    this.at += n;
    return start;
  }

  private byte(): number {
    return this.bytes[this.take(1)] as number;
  }

  /** Fixed-size forms: [tag with the size bits cleared, mask of the size bits]. */
  private static readonly FIXED = { str: [0xa0, 0x1f], array: [0x90, 0x0f], map: [0x80, 0x0f] } as const;
  /** The tags carrying an 8-, 16- and 32-bit size (-1: that width does not exist). */
  private static readonly WIDE = {
    str: [0xd9, 0xda, 0xdb],
    bin: [0xc4, 0xc5, 0xc6],
    array: [-1, 0xdc, 0xdd],
    map: [-1, 0xde, 0xdf],
  } as const;

  private length(kind: 'str' | 'bin' | 'array' | 'map', tag: number): number | undefined {
    if (kind !== 'bin') {
      const [base, mask] = MsgpackReader.FIXED[kind];
      if ((tag & ~mask) === base) return tag & mask;
    }
    const width = (MsgpackReader.WIDE[kind] as readonly number[]).indexOf(tag);
    if (width < 0) return undefined;
    if (width === 0) return this.byte();
    if (width === 1) return this.view.getUint16(this.take(2));
    return this.view.getUint32(this.take(4));
  }

  mapSize(): number {
    return this.length('map', this.byte()) ?? this.fail('expected a map');
  }

  /** A str or bin value as bytes. */
  blob(): Uint8Array {
    const tag = this.byte();
    const n = this.length('bin', tag) ?? this.length('str', tag) ?? this.fail('expected bytes or a string');
    const start = this.take(n);
    return this.bytes.subarray(start, start + n);
  }

  text(): string {
    return UTF8.decode(this.blob());
  }

  bool(): boolean {
    const tag = this.byte();
    if (tag === 0xc3) return true;
    if (tag === 0xc2) return false;
    return this.fail('expected a boolean');
  }

  uint(): number {
    const tag = this.byte();
    if (tag < 0x80) return tag;
    if (tag === 0xcc) return this.byte();
    if (tag === 0xcd) return this.view.getUint16(this.take(2));
    if (tag === 0xce) return this.view.getUint32(this.take(4));
    return this.fail('expected a non-negative integer');
  }

  uintArray(): number[] {
    const n = this.length('array', this.byte()) ?? this.fail('expected an array');
    // Every element takes at least a byte: a larger count is a lie, refused before allocating.
    if (n > this.bytes.length - this.at) this.fail('truncated');
    return Array.from({ length: n }, () => this.uint());
  }
}

/** Reads msgpack-numpy bytes; every malformed part is a SynapseParseError naming `buffer`. */
export function decodeTensorMsgpack(bytes: Uint8Array): DecodedTensor {
  const r = new MsgpackReader(bytes);
  const fields = new Map<string, unknown>();
  const entries = r.mapSize();
  for (let i = 0; i < entries; i++) {
    const key = r.text();
    if (key === 'nd') fields.set(key, r.bool());
    else if (key === 'type' || key === 'kind') fields.set(key, r.text());
    else if (key === 'shape') fields.set(key, r.uintArray());
    else if (key === 'data') fields.set(key, r.blob());
    else throw new SynapseParseError(`buffer: unexpected key ${JSON.stringify(key)}`, 'buffer');
  }
  if (!r.done) throw new SynapseParseError('buffer: trailing bytes after the array', 'buffer');
  if (fields.get('nd') !== true)
    throw new SynapseParseError('buffer: not a numpy array (nd is not true)', 'buffer');
  if ((fields.get('kind') ?? '') !== '')
    throw new SynapseParseError('buffer: object (pickled) arrays are refused', 'buffer');
  const type = fields.get('type');
  const dtype = typeof type === 'string' ? DTYPE_BY_STR.get(type) : undefined;
  if (dtype === undefined) {
    throw new SynapseParseError(
      `buffer: dtype ${JSON.stringify(type)} is not an allowed tensor dtype`,
      'buffer',
    );
  }
  const shape = fields.get('shape') as number[] | undefined;
  const data = fields.get('data') as Uint8Array | undefined;
  if (shape === undefined || data === undefined)
    throw new SynapseParseError('buffer: the array lacks its shape or data', 'buffer');
  const { size } = DTYPES[dtype];
  const count = shape.reduce((a, b) => a * b, 1);
  if (count * size !== data.length) {
    throw new SynapseParseError(
      `buffer: shape [${shape.join(', ')}] of ${dtype} needs ${count * size} bytes, data has ${data.length}`,
      'buffer',
    );
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const values = Array.from({ length: count }, (_, i) => readValue(view, i * size, dtype));
  return { dtype, shape, values };
}

function readValue(view: DataView, offset: number, dtype: TensorDtype): number | bigint | boolean {
  switch (dtype) {
    case 'float16':
      return float16Value(view.getUint16(offset, true));
    case 'float32':
      return view.getFloat32(offset, true);
    case 'float64':
      return view.getFloat64(offset, true);
    case 'uint8':
      return view.getUint8(offset);
    case 'int8':
      return view.getInt8(offset);
    case 'int16':
      return view.getInt16(offset, true);
    case 'int32':
      return view.getInt32(offset, true);
    case 'int64':
      return view.getBigInt64(offset, true);
    case 'bool':
      return view.getUint8(offset) !== 0;
  }
}

/**
 * The values of a Tensor field (`bittensor.Tensor.deserialize`), checked against the field's own
 * dtype and shape (a scalar's field shape is [0]).
 */
export function tensorToValues(field: TensorField): DecodedTensor {
  if (typeof field.buffer !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(field.buffer))
    throw new SynapseParseError('buffer: not base64', 'buffer');
  const decoded = decodeTensorMsgpack(Buffer.from(field.buffer, 'base64'));
  if (decoded.dtype !== field.dtype) {
    throw new SynapseParseError(
      `dtype: the field says ${field.dtype}, the buffer holds ${decoded.dtype}`,
      'dtype',
    );
  }
  const expected = decoded.shape.length === 0 ? [0] : decoded.shape;
  if (expected.length !== field.shape.length || expected.some((n, i) => n !== field.shape[i])) {
    throw new SynapseParseError(
      `shape: the field says [${field.shape.join(', ')}], the buffer holds [${decoded.shape.join(', ')}]`,
      'shape',
    );
  }
  return decoded;
}
