// SS58 addresses (https://docs.substrate.io/reference/address-formats/):
//   base58( prefix ‖ payload ‖ blake2b-512("SS58PRE" ‖ prefix ‖ payload)[0..k] )
// with a 1-byte prefix for formats 0..63 and a 2-byte one for 64..16383; k = 2 for 32/33-byte keys and 1
// for the short account-index payloads. Bittensor uses format 42 for everything.
import { base58 } from '@scure/base';
import { concatBytes, utf8 } from './bytes.js';
import { TaoError, describeValue } from './errors.js';
import { blake2b512 } from './hashes.js';

export const SS58_PREFIX = 42;
const MAX_PREFIX = 16383;
// 46 and 47 are reserved by the SS58 registry; polkadot-js refuses them too.
const RESERVED = new Set([46, 47]);
const CHECKSUM_PREAMBLE = utf8('SS58PRE');
// Longest valid address: 2-byte prefix + 33-byte key + 2-byte checksum = 37 bytes ≈ 51 base58 chars.
const MAX_ADDRESS_CHARS = 64;

export class InvalidAddressError extends TaoError {
  constructor(message: string, field: string | undefined, cause?: unknown) {
    super('INVALID_ADDRESS', message, cause === undefined ? { field } : { field, cause });
  }
}

export class Ss58ChecksumError extends TaoError {
  constructor(message: string, field: string | undefined) {
    super('SS58_CHECKSUM', message, { field });
  }
}

function checksumLength(payloadLength: number): number {
  return payloadLength === 32 || payloadLength === 33 ? 2 : 1;
}

const PAYLOAD_LENGTHS = new Set([1, 2, 4, 8, 32, 33]);

function prefixBytes(prefix: number): Uint8Array {
  if (prefix < 64) return Uint8Array.of(prefix);
  return Uint8Array.of(((prefix & 0xfc) >> 2) | 0x40, (prefix >> 8) | ((prefix & 0x03) << 6));
}

function assertPrefix(prefix: number, field: string): void {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > MAX_PREFIX || RESERVED.has(prefix)) {
    throw new InvalidAddressError(
      `${field}: SS58 prefix must be an integer in 0..16383 other than 46/47, got ${describeValue(prefix)}`,
      field,
    );
  }
}

/** SS58-encodes a public key (32 bytes for AccountId32) with `prefix` (default 42). */
export function encodeAddress(publicKey: Uint8Array, prefix: number = SS58_PREFIX): string {
  assertPrefix(prefix, 'prefix');
  if (!(publicKey instanceof Uint8Array) || !PAYLOAD_LENGTHS.has(publicKey.length)) {
    const got = publicKey instanceof Uint8Array ? `${publicKey.length} bytes` : describeValue(publicKey);
    throw new InvalidAddressError(`publicKey: expected 32 bytes (or 1/2/4/8/33), got ${got}`, 'publicKey');
  }
  const body = concatBytes(prefixBytes(prefix), publicKey);
  const check = blake2b512(concatBytes(CHECKSUM_PREAMBLE, body)).subarray(
    0,
    checksumLength(publicKey.length),
  );
  return base58.encode(concatBytes(body, check));
}

export interface DecodedAddress {
  readonly prefix: number;
  readonly publicKey: Uint8Array;
}

/**
 * Decodes any valid SS58 address, whatever its prefix. Throws InvalidAddressError for bad base58, bad
 * length or a bad prefix, and Ss58ChecksumError when only the checksum is wrong (usually a typo).
 */
export function ss58Decode(address: string, field = 'address'): DecodedAddress {
  if (typeof address !== 'string' || address.length === 0 || address.length > MAX_ADDRESS_CHARS) {
    throw new InvalidAddressError(`${field}: not an SS58 address: ${describeValue(address)}`, field);
  }
  let data: Uint8Array;
  try {
    data = base58.decode(address);
  } catch (cause) {
    throw new InvalidAddressError(`${field}: not valid base58: ${describeValue(address)}`, field, cause);
  }
  const first = data[0] ?? 0xff;
  if (first > 127 || RESERVED.has(first)) {
    throw new InvalidAddressError(`${field}: invalid SS58 prefix byte in ${describeValue(address)}`, field);
  }
  const prefixLength = first < 64 ? 1 : 2;
  const second = data[1] ?? 0;
  const prefix = first < 64 ? first : ((first & 0x3f) << 2) | (second >> 6) | ((second & 0x3f) << 8);
  // The checksum size depends on the payload size, which we only know by trying both.
  const rest = data.length - prefixLength;
  const payloadLength = [rest - 2, rest - 1].find(
    (n) => PAYLOAD_LENGTHS.has(n) && checksumLength(n) === rest - n,
  );
  if (payloadLength === undefined) {
    throw new InvalidAddressError(
      `${field}: SS58 address has an invalid length (${data.length} bytes): ${describeValue(address)}`,
      field,
    );
  }
  const bodyEnd = prefixLength + payloadLength;
  const expected = blake2b512(concatBytes(CHECKSUM_PREAMBLE, data.subarray(0, bodyEnd)));
  for (let k = bodyEnd; k < data.length; k++) {
    if (data[k] !== expected[k - bodyEnd]) {
      throw new Ss58ChecksumError(`${field}: SS58 checksum mismatch in ${describeValue(address)}`, field);
    }
  }
  return { prefix, publicKey: data.slice(prefixLength, bodyEnd) };
}

/**
 * Decodes an SS58 address to its 32-byte account id. Any prefix is accepted unless `expectedPrefix` is
 * given (btwallet accepts e.g. prefix-0 Polkadot addresses for the same key).
 */
export function decodeAddress(address: string, field = 'address', expectedPrefix?: number): Uint8Array {
  const { prefix, publicKey } = ss58Decode(address, field);
  if (publicKey.length !== 32) {
    throw new InvalidAddressError(
      `${field}: expected a 32-byte account address, got a ${publicKey.length}-byte payload: ${describeValue(address)}`,
      field,
    );
  }
  if (expectedPrefix !== undefined && prefix !== expectedPrefix) {
    throw new InvalidAddressError(
      `${field}: expected SS58 prefix ${expectedPrefix}, got ${prefix}: ${describeValue(address)}`,
      field,
    );
  }
  return publicKey;
}

/** True when `address` decodes to a 32-byte account (with `prefix`, if given). Never throws. */
export function isValidAddress(address: string, prefix?: number): boolean {
  try {
    decodeAddress(address, 'address', prefix);
    return true;
  } catch {
    return false;
  }
}

/** Re-encodes an address for another network prefix. */
export function convertAddress(address: string, prefix: number = SS58_PREFIX): string {
  return encodeAddress(decodeAddress(address), prefix);
}
