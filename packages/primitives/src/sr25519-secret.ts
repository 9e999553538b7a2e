// The two byte forms of one sr25519 secret key (see vectors/sdk-wallet.json `private_key_format_note`):
//   btwallet / substrate-interface `privateKey` = schnorrkel SecretKey::to_bytes()         = scalar   ‖ nonce
//   polkadot-js / @scure / wasm-crypto `secretKey` = SecretKey::to_ed25519_bytes()         = scalar·8 ‖ nonce
// The scalar half is a 256-bit little-endian integer; converting is a shift by 3 bits. Keyfiles written by
// btwallet hold the first form, our signers take the second, so mixing them up yields a different key.
import { concatBytes } from './bytes.js';
import { TaoError, describeValue } from './errors.js';

export class InvalidKeyError extends TaoError {
  constructor(message: string, field: string) {
    super('INVALID_KEY', message, { field });
  }
}

// Order of the Ristretto255 group; schnorrkel only accepts canonical scalars below it.
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

function readScalar(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let k = 31; k >= 0; k--) value = (value << 8n) | BigInt(bytes[k] ?? 0);
  return value;
}

function writeScalar(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let rest = value;
  for (let k = 0; k < 32; k++) {
    out[k] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

function assert64(bytes: unknown, field: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 64) {
    const got = bytes instanceof Uint8Array ? `${bytes.length} bytes` : describeValue(bytes);
    // Only the length or type is reported: the value is a secret.
    throw new InvalidKeyError(`${field}: expected a 64-byte sr25519 secret key, got ${got}`, field);
  }
}

function assertCanonical(scalar: bigint, field: string): void {
  if (scalar === 0n || scalar >= GROUP_ORDER) {
    throw new InvalidKeyError(`${field}: not a valid sr25519 secret (scalar out of range)`, field);
  }
}

/** polkadot-form secret (scalar·8 ‖ nonce) → btwallet `privateKey` (scalar ‖ nonce). */
export function sr25519SecretToBtwalletRaw(secretKey: Uint8Array): Uint8Array {
  assert64(secretKey, 'secretKey');
  const scaled = readScalar(secretKey.subarray(0, 32));
  if ((scaled & 7n) !== 0n) {
    throw new InvalidKeyError(
      'secretKey: not a polkadot-form sr25519 secret (scalar is not a multiple of 8); is it a btwallet privateKey?',
      'secretKey',
    );
  }
  const scalar = scaled >> 3n;
  assertCanonical(scalar, 'secretKey');
  return concatBytes(writeScalar(scalar), secretKey.subarray(32));
}

/** btwallet `privateKey` (scalar ‖ nonce) → polkadot-form secret (scalar·8 ‖ nonce). */
export function btwalletRawToSr25519Secret(privateKey: Uint8Array): Uint8Array {
  assert64(privateKey, 'privateKey');
  const scalar = readScalar(privateKey.subarray(0, 32));
  assertCanonical(scalar, 'privateKey');
  return concatBytes(writeScalar(scalar << 3n), privateKey.subarray(32));
}

/** Throws InvalidKeyError unless `secretKey` is a well-formed polkadot-form sr25519 secret. */
export function assertSr25519Secret(secretKey: Uint8Array): void {
  sr25519SecretToBtwalletRaw(secretKey);
}
