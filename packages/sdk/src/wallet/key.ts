// A wallet key as a keyfile holds it: a full sr25519 keypair (with its mnemonic and mini-secret seed when
// known, because bittensor writes both into the file) or a public key only (coldkeypub.txt, hotkey pub
// files). Secrets are reachable through getters only and never appear in toJSON() or util.inspect.
import {
  type Keypair,
  decodeAddress,
  encodeAddress,
  fromHex,
  keypairFromBtwalletPrivateKey,
  keypairFromSecretKey,
  keypairFromSeed,
  keypairFromUri,
  miniSecretFromMnemonic,
  sr25519SecretToBtwalletRaw,
  toHex,
  validateMnemonic,
  verifySignature,
} from '@tao-ts/primitives';
import { KeyfileNoSecretError, WalletInputError } from './errors.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function normalizeMnemonic(mnemonic: string): string {
  return mnemonic.trim().split(/\s+/).join(' ');
}

export class WalletKey {
  readonly address: string;
  readonly #publicKey: Uint8Array;
  readonly #pair: Keypair | undefined;
  readonly #mnemonic: string | undefined;
  readonly #seed: Uint8Array | undefined;

  private constructor(publicKey: Uint8Array, pair?: Keypair, mnemonic?: string, seed?: Uint8Array) {
    this.#publicKey = publicKey.slice();
    this.#pair = pair;
    this.#mnemonic = mnemonic;
    this.#seed = seed?.slice();
    this.address = encodeAddress(this.#publicKey);
  }

  /** A key from a BIP39 mnemonic (substrate's derivation, as btwallet `create_from_mnemonic`). */
  static fromMnemonic(mnemonic: string): WalletKey {
    if (typeof mnemonic !== 'string' || !validateMnemonic(mnemonic)) {
      throw new WalletInputError(
        'mnemonic',
        'not a valid BIP39 mnemonic (unknown word, word count or checksum)',
      );
    }
    const phrase = normalizeMnemonic(mnemonic);
    const seed = miniSecretFromMnemonic(phrase);
    const pair = keypairFromSeed(seed);
    return new WalletKey(pair.publicKey, pair, phrase, seed);
  }

  /** A key from a 32-byte mini secret (bytes or 0x-hex), as btwallet `create_from_seed`. */
  static fromSeed(seed: Uint8Array | string): WalletKey {
    const bytes = typeof seed === 'string' ? secretHex(seed, 'seed', 32) : seed;
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new WalletInputError('seed', 'expected a 32-byte mini secret');
    }
    const pair = keypairFromSeed(bytes);
    return new WalletKey(pair.publicKey, pair, undefined, bytes);
  }

  /**
   * A key from btwallet's `privateKey` field: 64 bytes = schnorrkel SecretKey::to_bytes() (scalar ‖
   * nonce), 32 bytes = a mini secret (sr25519::Pair::from_seed_slice accepts both).
   */
  static fromBtwalletPrivateKey(privateKey: Uint8Array | string): WalletKey {
    const bytes = typeof privateKey === 'string' ? secretHex(privateKey, 'privateKey') : privateKey;
    if (bytes.length === 32) {
      const pair = keypairFromSeed(bytes);
      return new WalletKey(pair.publicKey, pair);
    }
    if (bytes.length !== 64) throw new WalletInputError('privateKey', 'expected 32 or 64 bytes');
    const pair = keypairFromBtwalletPrivateKey(bytes);
    return new WalletKey(pair.publicKey, pair);
  }

  /** A key from a polkadot-js form secret key (scalar·8 ‖ nonce). */
  static fromSecretKey(secretKey: Uint8Array): WalletKey {
    const pair = keypairFromSecretKey(secretKey);
    return new WalletKey(pair.publicKey, pair);
  }

  /** A key from a secret URI (`//Alice`, `<mnemonic>//hard/soft`); like btwallet, keeps no mnemonic. */
  static fromUri(uri: string): WalletKey {
    const pair = keypairFromUri(uri);
    return new WalletKey(pair.publicKey, pair);
  }

  /** A public-only key from an SS58 address (any prefix) or a 0x-hex / 32-byte public key. */
  static fromPublic(addressOrPublicKey: string | Uint8Array): WalletKey {
    if (addressOrPublicKey instanceof Uint8Array) {
      if (addressOrPublicKey.length !== 32) throw new WalletInputError('publicKey', 'expected 32 bytes');
      return new WalletKey(addressOrPublicKey);
    }
    if (typeof addressOrPublicKey !== 'string') {
      throw new WalletInputError('address', 'expected an SS58 address or a 0x-hex public key');
    }
    const text = addressOrPublicKey.trim();
    try {
      if (text.startsWith('0x')) return new WalletKey(fromHex(text, 'publicKey', 32));
      return new WalletKey(decodeAddress(text));
    } catch (error) {
      const field = text.startsWith('0x') ? 'publicKey' : 'ss58Address';
      throw new WalletInputError(
        field,
        `not a valid ${field === 'publicKey' ? '32-byte public key' : 'SS58 address'}: ${JSON.stringify(text.slice(0, 80))}`,
        error,
      );
    }
  }

  /** Wraps an existing primitives keypair (sr25519). */
  static fromKeypair(pair: Keypair): WalletKey {
    if (pair.type !== 'sr25519') throw new WalletInputError('keypair', 'wallets hold sr25519 keys only');
    return new WalletKey(pair.publicKey, pair);
  }

  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  get publicKeyHex(): string {
    return toHex(this.#publicKey);
  }

  /** Whether the secret part is known (false for coldkeypub.txt and other public files). */
  get hasSecret(): boolean {
    return this.#pair !== undefined;
  }

  /** The mnemonic, when the key was made from one. Secret: show it once, never log it. */
  get mnemonic(): string | undefined {
    return this.#mnemonic;
  }

  /** The 32-byte mini secret, when known. Secret. */
  get seed(): Uint8Array | undefined {
    return this.#seed?.slice();
  }

  /** The signing keypair; throws KeyfileNoSecretError for public-only keys. */
  keypair(path?: string): Keypair {
    if (this.#pair === undefined) throw new KeyfileNoSecretError(path);
    return this.#pair;
  }

  /** btwallet's `privateKey` bytes (scalar ‖ nonce), or undefined for public-only keys. Secret. */
  btwalletPrivateKey(): Uint8Array | undefined {
    return this.#pair === undefined ? undefined : sr25519SecretToBtwalletRaw(this.#pair.secretKey);
  }

  sign(message: Uint8Array): Uint8Array {
    return this.keypair().sign(message);
  }

  /**
   * Verifies an sr25519 signature by this key the way btwallet's Keypair.verify does: over the message,
   * then over `<Bytes>message</Bytes>` (what polkadot.js extensions sign).
   */
  verify(message: Uint8Array, signature: Uint8Array): boolean {
    if (verifySignature(message, signature, this.#publicKey, 'sr25519')) return true;
    return verifySignature(wrapBytes(message), signature, this.#publicKey, 'sr25519');
  }

  /** The same key without its secret (what the pub files hold). */
  toPublic(): WalletKey {
    return new WalletKey(this.#publicKey);
  }

  toJSON(): { address: string; publicKey: string; hasSecret: boolean } {
    return { address: this.address, publicKey: this.publicKeyHex, hasSecret: this.hasSecret };
  }

  toString(): string {
    return `WalletKey(${this.address}${this.hasSecret ? '' : ', public only'})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}

/** Parses secret hex without echoing it in the error. */
function secretHex(text: string, field: string, length?: number): Uint8Array {
  try {
    return fromHex(text.startsWith('0x') ? text : `0x${text}`, field, length);
  } catch {
    throw new WalletInputError(field, `expected ${length === undefined ? '' : `${length} bytes of `}hex`);
  }
}

const BYTES_OPEN = new TextEncoder().encode('<Bytes>');
const BYTES_CLOSE = new TextEncoder().encode('</Bytes>');

/** `<Bytes>message</Bytes>`, the wrapping polkadot.js extensions apply before signing. */
export function wrapBytes(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(BYTES_OPEN.length + message.length + BYTES_CLOSE.length);
  out.set(BYTES_OPEN, 0);
  out.set(message, BYTES_OPEN.length);
  out.set(BYTES_CLOSE, BYTES_OPEN.length + message.length);
  return out;
}
