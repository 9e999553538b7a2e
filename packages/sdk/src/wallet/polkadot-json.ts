// polkadot-js account backups (JSON v3, what polkadot.js apps and the extension export), as btwallet's
// `create_from_encrypted_json` reads them: base64 `encoded` = salt(32) ‖ N ‖ p ‖ r (u32 LE) ‖ nonce(24)
// ‖ secretbox; key = scrypt(passphrase, salt, N, r, p, 32); plaintext = PKCS#8 header ‖ secret (64,
// polkadot form) ‖ divider ‖ public key (32). Without "scrypt" the key is the passphrase zero-padded.
import { scrypt, scryptSync } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeAddress, equalBytes, fromHex } from '@tao-ts/primitives';
import nacl from 'tweetnacl';
import { KeyfileDecryptionError, WalletInputError } from './errors.js';
import { WalletKey } from './key.js';

const scryptAsync = promisify(scrypt) as (
  password: Uint8Array,
  salt: Uint8Array,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const PKCS8_HEADER = fromHex('0x3053020101300506032b657004220420');
const PKCS8_DIVIDER = fromHex('0xa123032100');
const SECRET_BYTES = 64;
const PUBLIC_BYTES = 32;

interface Backup {
  readonly encoded: Uint8Array;
  readonly scrypt: boolean;
  readonly address: string | undefined;
}

function bad(message: string, cause?: unknown): WalletInputError {
  return new WalletInputError('json', message, cause);
}

function parseBackup(json: string | object): Backup {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (error) {
      throw bad('not JSON', error);
    }
  }
  if (typeof doc !== 'object' || doc === null) throw bad('expected a JSON object');
  const { encoded, encoding, address } = doc as Record<string, unknown>;
  if (typeof encoded !== 'string') throw bad('encoded: expected a base64 string');
  if (typeof encoding !== 'object' || encoding === null) throw bad('encoding: expected an object');
  const { content, type, version } = encoding as Record<string, unknown>;
  if (String(version) !== '3')
    throw bad(`encoding.version: only version 3 is supported, got ${JSON.stringify(version)}`);
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
  if (!list(content).includes('sr25519')) throw bad('encoding.content: only sr25519 keys are supported');
  if (!list(content).includes('pkcs8')) throw bad('encoding.content: expected a pkcs8 payload');
  return {
    encoded: new Uint8Array(Buffer.from(encoded, 'base64')),
    scrypt: list(type).includes('scrypt'),
    address: typeof address === 'string' ? address : undefined,
  };
}

interface ScryptParams {
  readonly salt: Uint8Array;
  readonly N: number;
  readonly p: number;
  readonly r: number;
  readonly rest: Uint8Array;
}

function scryptParams(encoded: Uint8Array): ScryptParams {
  if (encoded.length < 44 + 24 + 16) throw bad('encoded: too short');
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const N = view.getUint32(32, true);
  const p = view.getUint32(36, true);
  const r = view.getUint32(40, true);
  // Bounds keep a hostile file from asking for gigabytes: polkadot-js writes N=2^15, p=1, r=8.
  if (N < 2 || (N & (N - 1)) !== 0 || N > 1 << 20 || p < 1 || p > 16 || r < 1 || r > 32) {
    throw bad(`encoded: unsupported scrypt parameters N=${N} p=${p} r=${r}`);
  }
  return { salt: encoded.subarray(0, 32), N, p, r, rest: encoded.subarray(44) };
}

const maxmem = (s: ScryptParams): number => 128 * s.N * s.r * s.p + 128 * s.r * s.N + (32 << 20);

function paddedPassphrase(passphrase: string): Uint8Array {
  const out = new Uint8Array(32);
  out.set(new TextEncoder().encode(passphrase).subarray(0, 32));
  return out;
}

function openBackup(backup: Backup, key: Uint8Array, sealed: Uint8Array): WalletKey {
  if (sealed.length < 24 + 16) throw bad('encoded: too short');
  const plain = nacl.secretbox.open(sealed.subarray(24), sealed.subarray(0, 24), key);
  if (plain === null) throw new KeyfileDecryptionError(undefined, 'polkadot-js JSON');
  const at = (offset: number, bytes: Uint8Array): boolean =>
    equalBytes(plain.subarray(offset, offset + bytes.length), bytes);
  const secretAt = PKCS8_HEADER.length;
  const dividerAt = secretAt + SECRET_BYTES;
  const publicAt = dividerAt + PKCS8_DIVIDER.length;
  if (plain.length < publicAt + PUBLIC_BYTES || !at(0, PKCS8_HEADER) || !at(dividerAt, PKCS8_DIVIDER)) {
    throw bad('encoded: decrypted payload is not an sr25519 PKCS#8 key');
  }
  const walletKey = WalletKey.fromSecretKey(plain.slice(secretAt, dividerAt));
  if (!equalBytes(walletKey.publicKey, plain.subarray(publicAt, publicAt + PUBLIC_BYTES))) {
    throw bad('encoded: the public key does not match the secret');
  }
  if (
    backup.address !== undefined &&
    !equalBytes(decodeAddress(backup.address, 'json.address'), walletKey.publicKey)
  ) {
    throw bad('address: does not match the key in the backup');
  }
  return walletKey;
}

/** Decrypts a polkadot-js JSON backup (v3) with its passphrase. */
export async function keyFromPolkadotJson(json: string | object, passphrase: string): Promise<WalletKey> {
  const backup = parseBackup(json);
  if (!backup.scrypt) return openBackup(backup, paddedPassphrase(passphrase), backup.encoded);
  const s = scryptParams(backup.encoded);
  const key = await scryptAsync(new TextEncoder().encode(passphrase), s.salt, 32, {
    N: s.N,
    r: s.r,
    p: s.p,
    maxmem: maxmem(s),
  });
  return openBackup(backup, key, s.rest);
}

/** Blocking variant of keyFromPolkadotJson (for synchronous callers such as the conformance runner). */
export function keyFromPolkadotJsonSync(json: string | object, passphrase: string): WalletKey {
  const backup = parseBackup(json);
  if (!backup.scrypt) return openBackup(backup, paddedPassphrase(passphrase), backup.encoded);
  const s = scryptParams(backup.encoded);
  const key = scryptSync(new TextEncoder().encode(passphrase), s.salt, 32, {
    N: s.N,
    r: s.r,
    p: s.p,
    maxmem: maxmem(s),
  });
  return openBackup(backup, key, s.rest);
}
