// sr25519 signing and verification for the hot paths (transaction pool, block import, axon headers,
// dendrite requests). Both builds run the schnorrkel crate with Substrate's signing context;
// @polkadot-labs/schnorrkel-wasm verifies about twice as fast as @polkadot/wasm-crypto and signs in
// about 60% of its time. That build unwraps the decoding of the
// public key and of the signature, so bytes that do not decode panic inside WASM (a message on
// stderr and the call's buffers leaked) where wasm-crypto answers false. The fast verifier therefore
// only sees input known to decode: a public key that has verified a signature before, and a
// signature marked as schnorrkel's whose scalar is below 2^252 (every honestly made one: the group
// order exceeds 2^252 by about 2^124). Anything else takes wasm-crypto. A key that keeps signing
// (a validator querying an axon, a busy account) gets a precomputed table after eight regular checks and is
// then verified by curve25519/sr25519-tables.ts, about twice as fast again.
import { sr25519Verify } from '@polkadot/wasm-crypto';
import { Sr25519KeyTables } from './curve25519/sr25519-tables.js';

interface Schnorrkel {
  sr25519_verify(pubkey: Uint8Array, msg: Uint8Array, signature: Uint8Array): boolean;
  sr25519_sign(pubkey: Uint8Array, secret: Uint8Array, msg: Uint8Array): Uint8Array;
}

let schnorrkel: Schnorrkel | undefined;
let tables: Sr25519KeyTables | undefined;
let loading: Promise<void> | undefined;

/** Keys with a table at once (40 KiB each). */
const TABLE_CAPACITY = 256;

/** Loads the fast verifiers; until they have loaded every call takes wasm-crypto. */
export function loadFastSr25519(): Promise<void> {
  loading ??= import('@polkadot-labs/schnorrkel-wasm').then((module) => {
    schnorrkel = module;
    tables = new Sr25519KeyTables(TABLE_CAPACITY);
  });
  return loading;
}

const KNOWN_KEYS_LIMIT = 1 << 16;
/** Public keys that have decoded (latin1 strings: cheap to build, one char per byte). */
const knownKeys = new Set<string>();

function remember(key: string): void {
  if (knownKeys.size >= KNOWN_KEYS_LIMIT) {
    const oldest = knownKeys.values().next();
    if (oldest.done !== true) knownKeys.delete(oldest.value);
  }
  knownKeys.add(key);
}

const keyString = (publicKey: Uint8Array): string =>
  Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('latin1');

/** Signature::from_bytes succeeds: the marker bit is set and the scalar needs no reduction check. */
const decodes = (signature: Uint8Array): boolean => ((signature[63] as number) & 0xf0) === 0x80;

/**
 * Whether `signature` (64 bytes) signs `message` for the 32-byte sr25519 `publicKey` (lengths are
 * the caller's to check). Needs `cryptoReady()` to have resolved (wasm-crypto initialised).
 */
export function verifySr25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const key = keyString(publicKey);
  if (schnorrkel !== undefined && decodes(signature) && knownKeys.has(key)) {
    return (
      tables?.check(key, publicKey, message, signature) ??
      schnorrkel.sr25519_verify(publicKey, message, signature)
    );
  }
  const valid = sr25519Verify(signature, message, publicKey);
  if (valid) remember(key);
  return valid;
}

/**
 * The fast build's signature (polkadot-js 64-byte secret form, as wasm-crypto takes), or undefined
 * until it has loaded. Callers check a key's first fast signature before trusting the path for it.
 */
export function signSr25519Fast(
  publicKey: Uint8Array,
  secretKey: Uint8Array,
  message: Uint8Array,
): Uint8Array | undefined {
  return schnorrkel?.sr25519_sign(publicKey, secretKey, message);
}

/** For tests: how many public keys the fast path may take, how many have tables, and forgetting them. */
export const fastSr25519Keys = {
  get size(): number {
    return knownKeys.size;
  },
  get tables(): number {
    return tables?.size ?? 0;
  },
  clear(): void {
    knownKeys.clear();
  },
};
