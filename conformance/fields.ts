/** Typed access to vector JSON with errors that name the field. */
import type { JsonValue } from '@tao-ts/primitives';
import { VectorFormatError } from './result.js';

export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw new VectorFormatError(field, 'expected an object');
  return value;
}

export function arr(value: unknown, field: string): JsonValue[] {
  if (!Array.isArray(value)) throw new VectorFormatError(field, 'expected an array');
  return value as JsonValue[];
}

export function num(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (
    typeof value === 'bigint' &&
    value >= BigInt(Number.MIN_SAFE_INTEGER) &&
    value <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  throw new VectorFormatError(field, `expected a number, got ${String(value)}`);
}

export function int(value: unknown, field: string): number {
  const n = num(value, field);
  if (!Number.isInteger(n)) throw new VectorFormatError(field, `expected an integer, got ${n}`);
  return n;
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** An exact integer (number or bigint), or the strings "u64::MAX" / "u128::MAX". */
export function big(value: unknown, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (value === 'u64::MAX') return U64_MAX;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new VectorFormatError(field, `expected an integer, got ${String(value)}`);
}

export function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw new VectorFormatError(field, `expected a boolean, got ${String(value)}`);
  return value;
}

export function str(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw new VectorFormatError(field, `expected a string, got ${String(value)}`);
  return value;
}
