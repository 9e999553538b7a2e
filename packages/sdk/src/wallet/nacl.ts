// bittensor's current keyfile encryption: "$NACL" ‖ nonce(24) ‖ XSalsa20-Poly1305 secretbox, keyed by
// libsodium's crypto_pwhash argon2i13 at OPSLIMIT/MEMLIMIT_SENSITIVE with a fixed salt
// (btwallet src/keyfile.rs `derive_key`). The salt being fixed is bittensor's choice; we must match it
// or files would not open in either direction. Argon2 runs natively (@node-rs/argon2): a pure-JS
// argon2i at this cost takes ~20 s.
import { type Algorithm, type Options, hashRaw, hashRawSync } from '@node-rs/argon2';
import nacl from 'tweetnacl';
import { KeyfileDecryptionError, KeyfileFormatError } from './errors.js';

export const NACL_PREFIX = new TextEncoder().encode('$NACL');
export const NACL_SALT = Uint8Array.from([
  0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1,
]);
const NONCE_BYTES = 24;
const MAC_BYTES = 16;

/** argon2i cost parameters (memory in KiB). */
export interface NaclKdf {
  readonly timeCost: number;
  readonly memoryCostKib: number;
  readonly parallelism: number;
}

/** libsodium's argon2i13 SENSITIVE limits: 8 passes over 512 MiB. Every real keyfile uses these. */
export const BITTENSOR_NACL_KDF: NaclKdf = Object.freeze({
  timeCost: 8,
  memoryCostKib: 524_288,
  parallelism: 1,
});

/**
 * For tests only: a cheap KDF so suites can make many keyfiles. Files made with it open only with the
 * same knob, never in bittensor.
 */
export const TEST_ONLY_FAST_KDF: NaclKdf = Object.freeze({
  timeCost: 1,
  memoryCostKib: 64,
  parallelism: 1,
});

// @node-rs/argon2 declares Algorithm and Version as ambient const enums, which isolatedModules cannot
// reference; these are their documented values (Argon2i = 1, V0x13 = 1).
const ARGON2I = 1 as Algorithm;

function argonOptions(kdf: NaclKdf): Options {
  return {
    algorithm: ARGON2I,
    salt: NACL_SALT,
    timeCost: kdf.timeCost,
    memoryCost: kdf.memoryCostKib,
    parallelism: kdf.parallelism,
    outputLen: 32,
  };
}

const passwordBytes = (password: string): Uint8Array => new TextEncoder().encode(password);

/** The 32-byte secretbox key for `password` (off the main thread). */
export async function deriveNaclKey(
  password: string,
  kdf: NaclKdf = BITTENSOR_NACL_KDF,
): Promise<Uint8Array> {
  return new Uint8Array(await hashRaw(passwordBytes(password), argonOptions(kdf)));
}

/** Same as deriveNaclKey but blocking; for synchronous callers such as the conformance runner. */
export function deriveNaclKeySync(password: string, kdf: NaclKdf = BITTENSOR_NACL_KDF): Uint8Array {
  return new Uint8Array(hashRawSync(passwordBytes(password), argonOptions(kdf)));
}

export function isNaclData(data: Uint8Array): boolean {
  return startsWith(data, NACL_PREFIX);
}

export function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  return prefix.every((b, i) => data[i] === b);
}

/** Seals with an explicit key and nonce (the nonce must be fresh for every file). */
export function sealNacl(plaintext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce: expected ${NONCE_BYTES} bytes`);
  const box = nacl.secretbox(plaintext, nonce, key);
  const out = new Uint8Array(NACL_PREFIX.length + NONCE_BYTES + box.length);
  out.set(NACL_PREFIX, 0);
  out.set(nonce, NACL_PREFIX.length);
  out.set(box, NACL_PREFIX.length + NONCE_BYTES);
  return out;
}

/** Opens `$NACL` data with a derived key; throws KeyfileDecryptionError when the MAC fails. */
export function openNacl(data: Uint8Array, key: Uint8Array, path?: string): Uint8Array {
  checkNaclFraming(data, path);
  const nonce = data.subarray(NACL_PREFIX.length, NACL_PREFIX.length + NONCE_BYTES);
  const box = data.subarray(NACL_PREFIX.length + NONCE_BYTES);
  const opened = nacl.secretbox.open(box, nonce, key);
  // A corrupted ciphertext and a wrong password are indistinguishable under an AEAD.
  if (opened === null) throw new KeyfileDecryptionError(path, 'NaCl');
  return opened;
}

export async function encryptNacl(
  plaintext: Uint8Array,
  password: string,
  kdf: NaclKdf = BITTENSOR_NACL_KDF,
): Promise<Uint8Array> {
  const key = await deriveNaclKey(password, kdf);
  try {
    return sealNacl(plaintext, key, nacl.randomBytes(NONCE_BYTES));
  } finally {
    key.fill(0);
  }
}

export async function decryptNacl(
  data: Uint8Array,
  password: string,
  kdf: NaclKdf = BITTENSOR_NACL_KDF,
  path?: string,
): Promise<Uint8Array> {
  checkNaclFraming(data, path);
  const key = await deriveNaclKey(password, kdf);
  try {
    return openNacl(data, key, path);
  } finally {
    key.fill(0);
  }
}

export function decryptNaclSync(
  data: Uint8Array,
  password: string,
  kdf: NaclKdf = BITTENSOR_NACL_KDF,
  path?: string,
): Uint8Array {
  checkNaclFraming(data, path);
  const key = deriveNaclKeySync(password, kdf);
  try {
    return openNacl(data, key, path);
  } finally {
    key.fill(0);
  }
}

function checkNaclFraming(data: Uint8Array, path: string | undefined): void {
  // Framing is checked before the (expensive) KDF runs.
  if (!isNaclData(data)) throw new KeyfileFormatError(path, 'not $NACL data');
  if (data.length < NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES) {
    throw new KeyfileFormatError(
      path,
      `$NACL data is truncated (${data.length} bytes; at least ${NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES} needed)`,
    );
  }
}
