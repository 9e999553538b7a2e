// Keyfile encryption as bittensor detects it: by prefix. `$NACL` is written; `$ANSIBLE_VAULT` and Fernet
// (`gAAAAA`) are read so wallets made by old bittensor versions still open.
import { KeyfileFormatError } from './errors.js';
import {
  LEGACY_FERNET_ITERATIONS,
  checkFernetFraming,
  decryptAnsibleVault,
  deriveLegacyFernetKey,
  deriveLegacyFernetKeySync,
  isAnsibleVaultData,
  isFernetData,
  openFernet,
} from './legacy.js';
import {
  BITTENSOR_NACL_KDF,
  type NaclKdf,
  decryptNacl,
  decryptNaclSync,
  encryptNacl,
  isNaclData,
} from './nacl.js';

export type KeyfileEncryption = 'nacl' | 'ansible-vault' | 'fernet';

/** The encryption of keyfile bytes, or undefined for plaintext (or unknown) data. */
export function keyfileEncryption(data: Uint8Array): KeyfileEncryption | undefined {
  if (isNaclData(data)) return 'nacl';
  if (isAnsibleVaultData(data)) return 'ansible-vault';
  if (isFernetData(data)) return 'fernet';
  return undefined;
}

export function isEncryptedKeyfileData(data: Uint8Array): boolean {
  return keyfileEncryption(data) !== undefined;
}

/** Human name of an encryption, as bittensor prints it. */
export function encryptionName(method: KeyfileEncryption): string {
  return method === 'nacl' ? 'NaCl' : method === 'ansible-vault' ? 'Ansible Vault' : 'legacy';
}

export interface KeyfileCryptoOptions {
  /** argon2 cost for `$NACL`; only tests change it (files made with another cost never open in bittensor). */
  readonly kdf?: NaclKdf | undefined;
  /** PBKDF2 iterations of legacy Fernet files; only tests change it. */
  readonly fernetIterations?: number | undefined;
  /** Keyfile path, named in errors. */
  readonly path?: string | undefined;
}

/** Encrypts keyfile plaintext the way current bittensor does (`$NACL`, random nonce). */
export async function encryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: KeyfileCryptoOptions = {},
): Promise<Uint8Array> {
  return encryptNacl(data, password, options.kdf ?? BITTENSOR_NACL_KDF);
}

function unknown(data: Uint8Array, path: string | undefined): KeyfileFormatError {
  return new KeyfileFormatError(
    path,
    data.length === 0
      ? 'file is empty'
      : 'unknown encryption (expected a $NACL, $ANSIBLE_VAULT or gAAAAA (Fernet) prefix)',
  );
}

/** Decrypts `$NACL`, Ansible Vault or Fernet keyfile data (KDFs run off the main thread). */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: KeyfileCryptoOptions = {},
): Promise<Uint8Array> {
  const method = keyfileEncryption(data);
  switch (method) {
    case 'nacl':
      return decryptNacl(data, password, options.kdf ?? BITTENSOR_NACL_KDF, options.path);
    case 'ansible-vault':
      return decryptAnsibleVault(data, password, options.path);
    case 'fernet': {
      checkFernetFraming(data, options.path);
      const key = await deriveLegacyFernetKey(password, options.fernetIterations ?? LEGACY_FERNET_ITERATIONS);
      return openFernet(data, key, options.path);
    }
    default:
      throw unknown(data, options.path);
  }
}

/** Blocking variant of decryptKeyfileData, for synchronous callers (the conformance runner). */
export function decryptKeyfileDataSync(
  data: Uint8Array,
  password: string,
  options: KeyfileCryptoOptions = {},
): Uint8Array {
  const method = keyfileEncryption(data);
  switch (method) {
    case 'nacl':
      return decryptNaclSync(data, password, options.kdf ?? BITTENSOR_NACL_KDF, options.path);
    case 'ansible-vault':
      return decryptAnsibleVault(data, password, options.path);
    case 'fernet': {
      checkFernetFraming(data, options.path);
      const key = deriveLegacyFernetKeySync(password, options.fernetIterations ?? LEGACY_FERNET_ITERATIONS);
      return openFernet(data, key, options.path);
    }
    default:
      throw unknown(data, options.path);
  }
}
