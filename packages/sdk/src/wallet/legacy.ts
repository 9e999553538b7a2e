// Keyfile encryptions bittensor used before `$NACL`; we read them so old wallets still open (btwallet
// itself can no longer open Fernet files: its legacy_decrypt builds a random key).
//   Ansible Vault 1.1 (`$ANSIBLE_VAULT;1.1;AES256`): PBKDF2-SHA256(pw, salt32, 10 000) → 80 bytes =
//     AES key ‖ HMAC key ‖ CTR IV; HMAC-SHA256 over the ciphertext; AES-256-CTR over PKCS#7-padded text;
//     body = hex(hex(salt) "\n" hex(hmac) "\n" hex(ct)) in 80-column lines.
//   Fernet (`gAAAAA…`): key = urlsafe_b64(PBKDF2-SHA256(pw, LEGACY_SALT, 10 000 000, 32)) (bittensor's
//     keyfile.py before v8); token = 0x80 ‖ time(8) ‖ iv(16) ‖ AES-128-CBC ct ‖ HMAC-SHA256(32).
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import { KeyfileDecryptionError, KeyfileFormatError } from './errors.js';

const pbkdf2Async = promisify(pbkdf2);

export const ANSIBLE_PREFIX = '$ANSIBLE_VAULT';
export const FERNET_PREFIX = 'gAAAAA';
const ANSIBLE_ITERATIONS = 10_000;

// ---------------------------------------------------------------------------------------------------
// Ansible Vault

function parseVault(text: string, path: string | undefined): { salt: Buffer; mac: Buffer; ct: Buffer } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().split(';');
  if (header[0] !== ANSIBLE_PREFIX) throw new KeyfileFormatError(path, 'not an Ansible Vault');
  // 1.2 adds a vault-id label after the cipher; the encryption itself is unchanged.
  if ((header[1] !== '1.1' && header[1] !== '1.2') || header[2] !== 'AES256') {
    throw new KeyfileFormatError(
      path,
      `unsupported Ansible Vault header ${JSON.stringify((lines[0] ?? '').slice(0, 60))} (expected $ANSIBLE_VAULT;1.1;AES256)`,
    );
  }
  const body = lines.slice(1).join('').trim();
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(body)) {
    throw new KeyfileFormatError(path, 'Ansible Vault body is not hex');
  }
  const inner = Buffer.from(body, 'hex').toString('latin1').split('\n');
  const [saltHex, macHex, ctHex] = inner;
  const isHex = (s: string | undefined): s is string => s !== undefined && /^(?:[0-9a-fA-F]{2})+$/.test(s);
  if (inner.length !== 3 || !isHex(saltHex) || !isHex(macHex) || !isHex(ctHex)) {
    throw new KeyfileFormatError(path, 'Ansible Vault body is not salt/hmac/ciphertext');
  }
  const mac = Buffer.from(macHex, 'hex');
  const ct = Buffer.from(ctHex, 'hex');
  if (mac.length !== 32 || ct.length === 0 || ct.length % 16 !== 0) {
    throw new KeyfileFormatError(path, 'Ansible Vault body is truncated');
  }
  return { salt: Buffer.from(saltHex, 'hex'), mac, ct };
}

function vaultKeys(password: string, salt: Buffer): { aes: Buffer; hmac: Buffer; iv: Buffer } {
  const material = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ANSIBLE_ITERATIONS, 80, 'sha256');
  return { aes: material.subarray(0, 32), hmac: material.subarray(32, 64), iv: material.subarray(64, 80) };
}

function unpad(data: Buffer, path: string | undefined, method: string): Buffer {
  const n = data.at(-1) ?? 0;
  if (n < 1 || n > 16 || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    // The MAC already passed, so bad padding means a malformed (not merely mis-keyed) file.
    throw new KeyfileFormatError(path, `${method} plaintext has invalid padding`);
  }
  return data.subarray(0, data.length - n);
}

export function isAnsibleVaultData(data: Uint8Array): boolean {
  return Buffer.from(data.subarray(0, ANSIBLE_PREFIX.length)).toString('latin1') === ANSIBLE_PREFIX;
}

/** Decrypts an Ansible Vault 1.1 AES256 keyfile. */
export function decryptAnsibleVault(data: Uint8Array, password: string, path?: string): Uint8Array {
  const { salt, mac, ct } = parseVault(Buffer.from(data).toString('latin1'), path);
  const keys = vaultKeys(password, salt);
  const expected = createHmac('sha256', keys.hmac).update(ct).digest();
  if (!timingSafeEqual(expected, mac)) throw new KeyfileDecryptionError(path, 'Ansible Vault');
  const decipher = createDecipheriv('aes-256-ctr', keys.aes, keys.iv);
  const padded = Buffer.concat([decipher.update(ct), decipher.final()]);
  return new Uint8Array(unpad(padded, path, 'Ansible Vault'));
}

/**
 * Writes Ansible Vault 1.1 (bittensor's `legacy_encrypt_keyfile_data`). Only for producing test files
 * and migrations: new keyfiles should be `$NACL`.
 */
export function encryptAnsibleVault(
  plaintext: Uint8Array,
  password: string,
  salt: Uint8Array = randomBytes(32),
): Uint8Array {
  const keys = vaultKeys(password, Buffer.from(salt));
  const n = 16 - (plaintext.length % 16);
  const padded = Buffer.concat([Buffer.from(plaintext), Buffer.alloc(n, n)]);
  const cipher = createCipheriv('aes-256-ctr', keys.aes, keys.iv);
  const ct = Buffer.concat([cipher.update(padded), cipher.final()]);
  const mac = createHmac('sha256', keys.hmac).update(ct).digest();
  const inner = `${Buffer.from(salt).toString('hex')}\n${mac.toString('hex')}\n${ct.toString('hex')}`;
  const hex = Buffer.from(inner, 'latin1').toString('hex');
  const lines = hex.match(/.{1,80}/g) ?? [];
  return new TextEncoder().encode(`${ANSIBLE_PREFIX};1.1;AES256\n${lines.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Fernet

export const LEGACY_FERNET_SALT = new TextEncoder().encode(
  'Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins',
);
/** bittensor's pre-v8 iteration count: deliberately slow (seconds), paid once per unlock. */
export const LEGACY_FERNET_ITERATIONS = 10_000_000;

export function isFernetData(data: Uint8Array): boolean {
  return Buffer.from(data.subarray(0, FERNET_PREFIX.length)).toString('latin1') === FERNET_PREFIX;
}

/** The 32-byte Fernet key (signing ‖ encryption) that bittensor derived from a password. */
export async function deriveLegacyFernetKey(
  password: string,
  iterations: number = LEGACY_FERNET_ITERATIONS,
): Promise<Uint8Array> {
  return new Uint8Array(
    await pbkdf2Async(Buffer.from(password, 'utf8'), LEGACY_FERNET_SALT, iterations, 32, 'sha256'),
  );
}

export function deriveLegacyFernetKeySync(
  password: string,
  iterations: number = LEGACY_FERNET_ITERATIONS,
): Uint8Array {
  return new Uint8Array(
    pbkdf2Sync(Buffer.from(password, 'utf8'), LEGACY_FERNET_SALT, iterations, 32, 'sha256'),
  );
}

/** Decodes a Fernet key as written (urlsafe base64 of 32 bytes). */
export function fernetKeyFromBase64(text: string): Uint8Array {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length !== 32)
    throw new KeyfileFormatError(undefined, 'a Fernet key is 32 bytes of urlsafe base64', 'fernet_key');
  return new Uint8Array(key);
}

interface FernetToken {
  readonly signed: Buffer;
  readonly mac: Buffer;
  readonly iv: Buffer;
  readonly ct: Buffer;
}

function parseFernet(data: Uint8Array, path: string | undefined): FernetToken {
  const text = Buffer.from(data).toString('latin1').trim();
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text))
    throw new KeyfileFormatError(path, 'Fernet token is not urlsafe base64');
  const raw = Buffer.from(text, 'base64url');
  // version(1) + timestamp(8) + iv(16) + at least one block(16) + hmac(32)
  if (raw.length < 73 || (raw.length - 57) % 16 !== 0 || raw[0] !== 0x80) {
    throw new KeyfileFormatError(path, 'Fernet token is truncated or malformed');
  }
  return {
    signed: raw.subarray(0, raw.length - 32),
    mac: raw.subarray(raw.length - 32),
    iv: raw.subarray(9, 25),
    ct: raw.subarray(25, raw.length - 32),
  };
}

/** Checks the framing of a Fernet token without a key (before paying for the KDF). */
export function checkFernetFraming(data: Uint8Array, path?: string): void {
  parseFernet(data, path);
}

/** Opens a Fernet token with its 32-byte key. No TTL: keyfiles do not expire. */
export function openFernet(data: Uint8Array, key: Uint8Array, path?: string): Uint8Array {
  if (key.length !== 32) throw new RangeError('key: expected 32 bytes');
  const token = parseFernet(data, path);
  const k = Buffer.from(key);
  const expected = createHmac('sha256', k.subarray(0, 16)).update(token.signed).digest();
  if (!timingSafeEqual(expected, token.mac)) throw new KeyfileDecryptionError(path, 'legacy (Fernet)');
  const decipher = createDecipheriv('aes-128-cbc', k.subarray(16, 32), token.iv);
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(token.ct), decipher.final()]);
  return new Uint8Array(unpad(padded, path, 'Fernet'));
}

/** Makes a Fernet token (tests and fixtures; bittensor no longer writes this format). */
export function sealFernet(
  plaintext: Uint8Array,
  key: Uint8Array,
  iv: Uint8Array = randomBytes(16),
  timeSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const k = Buffer.from(key);
  const n = 16 - (plaintext.length % 16);
  const cipher = createCipheriv('aes-128-cbc', k.subarray(16, 32), iv);
  cipher.setAutoPadding(false);
  const ct = Buffer.concat([
    cipher.update(Buffer.concat([Buffer.from(plaintext), Buffer.alloc(n, n)])),
    cipher.final(),
  ]);
  const head = Buffer.alloc(9);
  head[0] = 0x80;
  head.writeBigUInt64BE(BigInt(timeSeconds), 1);
  const signed = Buffer.concat([head, Buffer.from(iv), ct]);
  const mac = createHmac('sha256', k.subarray(0, 16)).update(signed).digest();
  // Python's urlsafe_b64encode keeps the '=' padding; base64url in Node drops it.
  return Buffer.concat([signed, mac]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
