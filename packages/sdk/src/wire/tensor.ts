// bittensor's `Tensor` synapse field: `{buffer, dtype, shape}` where buffer is
// base64(msgpack({b'nd': True, b'type': dtype.str, b'kind': b'', b'shape': shape, b'data': raw bytes}))
// as msgpack-numpy-opentensor writes it (bin-typed keys, little-endian data). Only the numeric dtypes
// bittensor allows; object arrays (pickled) are refused like the opentensor fork does by default.
import { SynapseParseError } from './errors.js';

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
      throw new SynapseParseError('dtype: float16 encoding is not supported', 'dtype');
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
