// One keyfile on disk (btwallet's Keyfile): read, detect encryption, unlock with a password from the
// caller, bittensor's BT_PW_ variable or a prompt, and write atomically with mode 0600.
import { checkNewPassword } from './password-strength.js';
import { readFile, stat } from 'node:fs/promises';
import {
  type KeyfileEncryption,
  decryptKeyfileData,
  encryptKeyfileData,
  keyfileEncryption,
} from './encryption.js';
import { KeyfileNotFoundError, KeyfilePasswordRequiredError, WalletInputError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { WalletKey } from './key.js';
import { parseKeyfile, serializeKeyfile } from './keyfile-json.js';
import type { NaclKdf } from './nacl.js';
import {
  type Environment,
  type PasswordPrompt,
  encodeEnvPassword,
  passwordEnvVarName,
  passwordFromEnv,
} from './password.js';

export const PROMPT_ENTER = 'Enter your password: ';
export const PROMPT_RETYPE = 'Retype your password: ';

export interface KeyfileOptions {
  /** Called when a password is needed and none was given or found in the environment. */
  readonly prompt?: PasswordPrompt | undefined;
  /** Where BT_PW_ variables are looked up (default process.env); false disables the lookup. */
  readonly env?: Environment | false | undefined;
  /** Test-only argon2 cost (see TEST_ONLY_FAST_KDF); real keyfiles always use bittensor's. */
  readonly kdf?: NaclKdf | undefined;
  /** Test-only PBKDF2 iteration count for legacy Fernet files. */
  readonly fernetIterations?: number | undefined;
}

export interface UnlockOptions {
  readonly password?: string | undefined;
}

export interface WriteKeyOptions {
  /** Encrypt with `$NACL` (needs a password from the option, the environment or the prompt). */
  readonly encrypt?: boolean | undefined;
  readonly password?: string | undefined;
  readonly overwrite?: boolean | undefined;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class Keyfile {
  readonly path: string;
  readonly #options: KeyfileOptions;

  constructor(path: string, options: KeyfileOptions = {}) {
    if (typeof path !== 'string' || path === '')
      throw new WalletInputError('path', 'expected a keyfile path');
    this.path = path;
    this.#options = options;
  }

  /** bittensor's BT_PW_ variable name for this file. */
  get envVarName(): string {
    return passwordEnvVarName(this.path);
  }

  /**
   * Stores the password in `env` (default process.env) under BT_PW_… the way btwallet's
   * `save_password_to_env` does, so later unlocks in this process (and children) need no prompt.
   * Returns the variable's name.
   */
  savePasswordToEnv(password: string, env: Record<string, string | undefined> = process.env): string {
    const name = this.envVarName;
    env[name] = encodeEnvPassword(name, password);
    return name;
  }

  async exists(): Promise<boolean> {
    try {
      return (await stat(this.path)).isFile();
    } catch {
      return false;
    }
  }

  /** The raw bytes of the file. */
  async readData(): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new KeyfileNotFoundError(this.path);
      throw error;
    }
  }

  /** The file's encryption, or undefined when it is plaintext (or missing). */
  async encryption(): Promise<KeyfileEncryption | undefined> {
    if (!(await this.exists())) return undefined;
    return keyfileEncryption(await this.readData());
  }

  /** True when the file exists and is encrypted ($NACL, Ansible Vault or Fernet). */
  async isEncrypted(): Promise<boolean> {
    return (await this.encryption()) !== undefined;
  }

  /** Reads the key, decrypting when needed. */
  async getKey(options: UnlockOptions = {}): Promise<WalletKey> {
    const data = await this.readData();
    const plain = await this.#decrypt(data, options.password);
    return parseKeyfile(plain, this.path);
  }

  /** Writes `key` (its secret fields when it has them). Refuses to replace a file unless `overwrite`. */
  async setKey(key: WalletKey, options: WriteKeyOptions = {}): Promise<void> {
    let data = serializeKeyfile(key);
    if (options.encrypt === true) {
      const password = await this.#passwordForEncryption(options.password);
      data = await encryptKeyfileData(data, password, { kdf: this.#options.kdf, path: this.path });
    }
    await writeFileAtomic(this.path, data, { overwrite: options.overwrite });
  }

  /** Encrypts a plaintext keyfile in place (no-op when already encrypted). */
  async encrypt(options: UnlockOptions = {}): Promise<void> {
    const data = await this.readData();
    if (keyfileEncryption(data) !== undefined) return;
    await this.setKey(parseKeyfile(data, this.path), {
      encrypt: true,
      password: options.password,
      overwrite: true,
    });
  }

  /** Replaces an encrypted keyfile by its plaintext (no-op when not encrypted). */
  async decrypt(options: UnlockOptions = {}): Promise<void> {
    const data = await this.readData();
    if (keyfileEncryption(data) === undefined) return;
    const key = parseKeyfile(await this.#decrypt(data, options.password), this.path);
    await this.setKey(key, { overwrite: true });
  }

  /**
   * Re-encrypts an Ansible Vault or Fernet keyfile as `$NACL` with the same password (btwallet's
   * check_and_update_encryption). Returns whether the file changed.
   */
  async upgradeEncryption(options: UnlockOptions = {}): Promise<boolean> {
    const data = await this.readData();
    const method = keyfileEncryption(data);
    if (method === undefined || method === 'nacl') return false;
    const password = await this.#passwordForDecryption(options.password);
    const key = parseKeyfile(await this.#decryptWith(data, password), this.path);
    await this.setKey(key, { encrypt: true, password, overwrite: true });
    return true;
  }

  toString(): string {
    return `Keyfile(${this.path})`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  async #decrypt(data: Uint8Array, password: string | undefined): Promise<Uint8Array> {
    if (keyfileEncryption(data) === undefined) return data;
    return this.#decryptWith(data, await this.#passwordForDecryption(password));
  }

  async #decryptWith(data: Uint8Array, password: string): Promise<Uint8Array> {
    return decryptKeyfileData(data, password, {
      kdf: this.#options.kdf,
      fernetIterations: this.#options.fernetIterations,
      path: this.path,
    });
  }

  #envPassword(): string | undefined {
    const env = this.#options.env;
    if (env === false) return undefined;
    return passwordFromEnv(this.path, env ?? process.env);
  }

  async #passwordForDecryption(given: string | undefined): Promise<string> {
    if (given !== undefined) return given;
    const fromEnv = this.#envPassword();
    if (fromEnv !== undefined) return fromEnv;
    const prompt = this.#options.prompt;
    if (prompt === undefined)
      throw new KeyfilePasswordRequiredError(
        this.path,
        this.#options.env === false ? undefined : this.envVarName,
      );
    // btwallet trims what was typed.
    return (await prompt(PROMPT_ENTER)).trim();
  }

  async #passwordForEncryption(given: string | undefined): Promise<string> {
    const password = given ?? this.#envPassword() ?? (await this.#promptNewPassword());
    if (password === '') throw new WalletInputError('password', 'must not be empty');
    return password;
  }

  async #promptNewPassword(): Promise<string> {
    const prompt = this.#options.prompt;
    if (prompt === undefined)
      throw new KeyfilePasswordRequiredError(
        this.path,
        this.#options.env === false ? undefined : this.envVarName,
      );
    const first = (await prompt(PROMPT_ENTER)).trim();
    // bittensor's policy applies to passwords a person types, before the retype (btwallet validate_password).
    const verdict = checkNewPassword(first);
    if (!verdict.ok) throw new WalletInputError('password', verdict.reason ?? 'not strong enough');
    const second = (await prompt(PROMPT_RETYPE)).trim();
    if (first !== second) throw new WalletInputError('password', 'passwords do not match');
    return first;
  }
}
