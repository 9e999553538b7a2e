// sr25519/ed25519 keypairs the Substrate way. Derivation (mnemonic → mini secret, HDKD junctions) goes
// through @polkadot/util-crypto, which is known-correct; signing and verifying use the WASM schnorrkel of
// @polkadot/wasm-crypto (≈6× faster than util-crypto's pure-JS sr25519) once `cryptoReady()` has resolved,
// and fall back to the pure-JS path before that, so results never depend on initialisation order.
// sr25519 verification and signing, the hot ones, go through sr25519-fast.ts (a faster build where
// it is safe: verified keys and signatures that decode, pairs whose fast signature checked out).
//
// Secrets never appear in error messages, `toJSON()` or `util.inspect` output.
import {
  cryptoWaitReady,
  ed25519PairFromSeed,
  ed25519Sign as jsEd25519Sign,
  ed25519Verify as jsEd25519Verify,
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519Agreement,
  sr25519PairFromSeed,
  sr25519Sign as jsSr25519Sign,
  sr25519Verify as jsSr25519Verify,
} from '@polkadot/util-crypto';
import { ed25519Sign, ed25519Verify, isReady, sr25519Sign, sr25519Verify } from '@polkadot/wasm-crypto';
import { equalBytes, fromHex, toHex } from './bytes.js';
import { TaoError, describeValue } from './errors.js';
import { InvalidKeyError, assertSr25519Secret, btwalletRawToSr25519Secret } from './sr25519-secret.js';
import { loadFastSr25519, signSr25519Fast, verifySr25519 } from './sr25519-fast.js';
import { decodeAddress, encodeAddress } from './ss58.js';

export type KeyType = 'sr25519' | 'ed25519';

/** Substrate's DEV_PHRASE: the secret behind //Alice, //Bob… on dev chains. Never use it for real funds. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

export class InvalidKeyUriError extends TaoError {
  constructor(message: string, field = 'uri') {
    super('INVALID_KEY_URI', message, { field });
  }
}

export class InvalidMnemonicError extends TaoError {
  constructor(message: string, field = 'mnemonic') {
    super('INVALID_MNEMONIC', message, { field });
  }
}

export interface Keypair {
  readonly type: KeyType;
  /** 32-byte public key (= AccountId32). A copy: mutating it does not affect the pair. */
  readonly publicKey: Uint8Array;
  /** SS58 address, prefix 42. */
  readonly address: string;
  /**
   * 64-byte secret in polkadot-js form: sr25519 = scalar·8 ‖ nonce (schnorrkel `to_ed25519_bytes`),
   * ed25519 = seed ‖ public key. For btwallet's `privateKey` use `sr25519SecretToBtwalletRaw`.
   */
  readonly secretKey: Uint8Array;
  /** 64-byte signature. sr25519 signatures are randomised (signing context "substrate"). */
  sign(message: Uint8Array): Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Loads the WASM crypto once; later calls return at once. Call before signing or verifying in bulk. */
export async function cryptoReady(): Promise<void> {
  await Promise.all([cryptoWaitReady(), loadFastSr25519()]);
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const FAST_SIGN_PROBE = new TextEncoder().encode('tao-ts sr25519 signer self-check');

class Pair implements Keypair {
  readonly type: KeyType;
  readonly address: string;
  readonly #publicKey: Uint8Array;
  readonly #secretKey: Uint8Array;
  /** Signs through schnorrkel-wasm (undefined: not decided yet). */
  #fastSigner: boolean | undefined;

  constructor(type: KeyType, publicKey: Uint8Array, secretKey: Uint8Array) {
    this.type = type;
    this.#publicKey = publicKey.slice();
    this.#secretKey = secretKey.slice();
    this.address = encodeAddress(this.#publicKey);
  }

  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  get secretKey(): Uint8Array {
    return this.#secretKey.slice();
  }

  sign(message: Uint8Array): Uint8Array {
    assertBytes(message, 'message');
    const pair = { publicKey: this.#publicKey, secretKey: this.#secretKey };
    if (this.type === 'sr25519') {
      if (this.#fastSigning()) {
        return signSr25519Fast(this.#publicKey, this.#secretKey, message) as Uint8Array;
      }
      return isReady()
        ? sr25519Sign(this.#publicKey, this.#secretKey, message)
        : jsSr25519Sign(message, pair);
    }
    return isReady()
      ? ed25519Sign(this.#publicKey, this.#secretKey.subarray(0, 32), message)
      : jsEd25519Sign(message, pair);
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return verifySignature(message, signature, this.#publicKey, this.type);
  }

  /**
   * Whether this sr25519 pair signs through the fast build: decided once, when both builds have
   * loaded, by a probe signature that wasm-crypto must accept (a secret the fast build handles
   * differently, or a failure inside it, keeps the pair on wasm-crypto).
   */
  #fastSigning(): boolean {
    if (this.#fastSigner !== undefined) return this.#fastSigner;
    if (!isReady()) return false;
    let probe: Uint8Array | undefined;
    try {
      probe = signSr25519Fast(this.#publicKey, this.#secretKey, FAST_SIGN_PROBE);
    } catch {
      probe = new Uint8Array(64);
    }
    if (probe === undefined) return false; // not loaded yet: ask again next time
    this.#fastSigner = sr25519Verify(probe, FAST_SIGN_PROBE, this.#publicKey);
    return this.#fastSigner;
  }

  toJSON(): { type: KeyType; address: string; publicKey: string } {
    return { type: this.type, address: this.address, publicKey: toHex(this.#publicKey) };
  }

  [INSPECT](): string {
    return `Keypair(${this.type} ${this.address})`;
  }
}

function assertBytes(value: unknown, field: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new InvalidKeyError(`${field}: expected a Uint8Array, got ${describeValue(value)}`, field);
  }
  if (length !== undefined && value.length !== length) {
    throw new InvalidKeyError(`${field}: expected ${length} bytes, got ${value.length}`, field);
  }
}

function assertType(type: unknown): asserts type is KeyType {
  if (type !== 'sr25519' && type !== 'ed25519') {
    throw new InvalidKeyError(`type: expected 'sr25519' or 'ed25519', got ${describeValue(type)}`, 'type');
  }
}

function pairFromSeed(seed: Uint8Array, type: KeyType): { publicKey: Uint8Array; secretKey: Uint8Array } {
  return type === 'sr25519' ? sr25519PairFromSeed(seed) : ed25519PairFromSeed(seed, true);
}

/** Keypair from a 32-byte mini secret / seed (bytes or 0x-hex), as btwallet's `secretSeed`. */
export function keypairFromSeed(seed: Uint8Array | string, type: KeyType = 'sr25519'): Keypair {
  assertType(type);
  // The seed is secret: name the field, never echo the value.
  const bytes = typeof seed === 'string' ? parseSecretHex(seed, 'seed', 32) : seed;
  assertBytes(bytes, 'seed', 32);
  const { publicKey, secretKey } = pairFromSeed(bytes, type);
  return new Pair(type, publicKey, secretKey);
}

function parseSecretHex(text: string, field: string, length: number): Uint8Array {
  try {
    return fromHex(text, field, length);
  } catch {
    throw new InvalidKeyError(`${field}: expected ${length} bytes as 0x-hex`, field);
  }
}

function normalizeMnemonic(mnemonic: string): string {
  return mnemonic.trim().split(/\s+/).join(' ');
}

/** True for a valid English BIP39 mnemonic (12/15/18/21/24 words with a correct checksum). */
export function validateMnemonic(mnemonic: string): boolean {
  return typeof mnemonic === 'string' && mnemonicValidate(normalizeMnemonic(mnemonic));
}

/**
 * Substrate's mini secret: PBKDF2-HMAC-SHA512(entropy, "mnemonic" + password, 2048)[0..32]. Note this
 * hashes the BIP39 *entropy*, not the words, so it differs from the BIP39 seed of other chains.
 */
export function miniSecretFromMnemonic(mnemonic: string, password = ''): Uint8Array {
  if (!validateMnemonic(mnemonic)) {
    throw new InvalidMnemonicError(
      'mnemonic: not a valid BIP39 mnemonic (unknown word, word count or checksum)',
    );
  }
  return mnemonicToMiniSecret(normalizeMnemonic(mnemonic), password);
}

export function keypairFromMnemonic(mnemonic: string, type: KeyType = 'sr25519', password = ''): Keypair {
  assertType(type);
  return keypairFromSeed(miniSecretFromMnemonic(mnemonic, password), type);
}

const WORD_COUNTS = [12, 15, 18, 21, 24] as const;
export type MnemonicLength = (typeof WORD_COUNTS)[number];

export function generateMnemonic(words: MnemonicLength = 12): string {
  if (!WORD_COUNTS.includes(words)) {
    throw new InvalidMnemonicError(
      `words: expected 12, 15, 18, 21 or 24, got ${describeValue(words)}`,
      'words',
    );
  }
  return mnemonicGenerate(words);
}

const HEX_SEED = /^0x[0-9a-fA-F]*$/;

/**
 * Keypair from a Substrate secret URI: `<mnemonic | 0x seed>[/soft | //hard]*[///password]`. A URI that
 * starts with '/' uses DEV_PHRASE (so '//Alice' is Alice). The password is BIP39's, applied to mnemonics
 * only. ed25519 supports hard junctions only.
 */
export function keypairFromUri(uri: string, type: KeyType = 'sr25519'): Keypair {
  assertType(type);
  if (typeof uri !== 'string' || uri.trim() === '') {
    throw new InvalidKeyUriError('uri: expected a non-empty secret URI');
  }
  const trimmed = uri.trim();
  const full = trimmed.startsWith('/') ? `${DEV_PHRASE}${trimmed}` : trimmed;
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(full);
  } catch {
    // No cause attached and no echo: the URI holds the secret and possibly secret hard paths.
    throw new InvalidKeyUriError(
      'uri: not a secret URI (expected "<mnemonic or 0x seed>[//hard][/soft][///password]")',
    );
  }
  let seed: Uint8Array;
  if (HEX_SEED.test(parts.phrase)) {
    seed = parseSecretHex(parts.phrase, 'uri', 32);
  } else {
    seed = miniSecretFromMnemonic(parts.phrase, parts.password ?? '');
  }
  let pair = pairFromSeed(seed, type);
  try {
    pair = keyFromPath(pair, parts.path, type);
  } catch {
    throw new InvalidKeyUriError(
      type === 'ed25519' ? 'uri: ed25519 supports only hard (//) derivation' : 'uri: derivation failed',
    );
  }
  return new Pair(type, pair.publicKey, pair.secretKey);
}

// Ristretto255 base point: schnorrkel's key agreement with it is scalar·B, i.e. the public key.
const RISTRETTO_BASEPOINT = fromHex('0xe2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76');

/** Keypair from a 64-byte polkadot-form secret key (see `Keypair.secretKey`). */
export function keypairFromSecretKey(secretKey: Uint8Array | string, type: KeyType = 'sr25519'): Keypair {
  assertType(type);
  const bytes = typeof secretKey === 'string' ? parseSecretHex(secretKey, 'secretKey', 64) : secretKey;
  assertBytes(bytes, 'secretKey', 64);
  if (type === 'ed25519') {
    const { publicKey } = ed25519PairFromSeed(bytes.subarray(0, 32), true);
    if (!equalBytes(publicKey, bytes.subarray(32))) {
      throw new InvalidKeyError('secretKey: the ed25519 public half does not match the seed', 'secretKey');
    }
    return new Pair(type, publicKey, bytes);
  }
  assertSr25519Secret(bytes);
  let publicKey: Uint8Array;
  try {
    publicKey = sr25519Agreement(bytes, RISTRETTO_BASEPOINT);
  } catch {
    throw new InvalidKeyError('secretKey: not a valid sr25519 secret key', 'secretKey');
  }
  return new Pair(type, publicKey, bytes);
}

/** Keypair from btwallet's `privateKey` (raw schnorrkel `SecretKey::to_bytes()`: scalar ‖ nonce). */
export function keypairFromBtwalletPrivateKey(privateKey: Uint8Array | string): Keypair {
  const bytes = typeof privateKey === 'string' ? parseSecretHex(privateKey, 'privateKey', 64) : privateKey;
  assertBytes(bytes, 'privateKey', 64);
  return keypairFromSecretKey(btwalletRawToSr25519Secret(bytes), 'sr25519');
}

function publicKeyOf(key: Uint8Array | string): Uint8Array {
  if (typeof key === 'string') {
    return key.startsWith('0x') ? fromHex(key, 'publicKey', 32) : decodeAddress(key, 'address');
  }
  assertBytes(key, 'publicKey', 32);
  return key;
}

/**
 * Verifies a raw 64-byte signature over `message`. `publicKeyOrAddress` is 32 bytes, 0x-hex or SS58.
 * A malformed signature or one by another key is `false`; a malformed key or address throws.
 * Bittensor's Python Keypair.verify also retries with the message wrapped in `<Bytes>…</Bytes>`
 * (polkadot.js extension signatures); this does not — wrap the message yourself if you need that.
 */
export function verifySignature(
  message: Uint8Array,
  signature: Uint8Array,
  publicKeyOrAddress: Uint8Array | string,
  type: KeyType = 'sr25519',
): boolean {
  assertType(type);
  assertBytes(message, 'message');
  const publicKey = publicKeyOf(publicKeyOrAddress);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  try {
    if (type === 'sr25519') {
      return isReady()
        ? verifySr25519(signature, message, publicKey)
        : jsSr25519Verify(message, signature, publicKey);
    }
    return isReady()
      ? ed25519Verify(signature, message, publicKey)
      : jsEd25519Verify(message, signature, publicKey, true);
  } catch {
    // The JS path throws on keys that are not curve points; for a verifier that is just "invalid".
    return false;
  }
}
