// bittensor's wallet folder (btwallet src/wallet.rs):
//   <root>/<name>/coldkey                  encrypted by default
//   <root>/<name>/coldkeypub.txt           public part of the coldkey
//   <root>/<name>/hotkeys/<hotkey>         plaintext by default
//   <root>/<name>/hotkeys/<hotkey>pub.txt  public part of the hotkey
// root defaults to ~/.bittensor/wallets; name, hotkey and root honour BT_WALLET_NAME / BT_WALLET_HOTKEY /
// BT_WALLET_PATH like bittensor. Creating or regenerating a key writes its pub file as well.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type MnemonicLength, generateMnemonic } from '@tao-ts/primitives';
import { KeyfileExistsError, WalletInputError } from './errors.js';
import { WalletKey } from './key.js';
import { Keyfile, type KeyfileOptions } from './keyfile.js';
import { keyFromPolkadotJson } from './polkadot-json.js';
import type { Environment } from './password.js';

export const DEFAULT_WALLET_NAME = 'default';
export const DEFAULT_HOTKEY_NAME = 'default';
export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets/';

/** Expands a leading `~` to the home directory (as btwallet's shellexpand::tilde). */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

export interface WalletOptions extends KeyfileOptions {
  readonly name?: string | undefined;
  readonly hotkey?: string | undefined;
  /** Root folder holding wallets (default BT_WALLET_PATH or ~/.bittensor/wallets). */
  readonly path?: string | undefined;
}

/** Where a regenerated secret key comes from: exactly one of these. */
export type KeySource =
  | { readonly mnemonic: string }
  | { readonly seed: string | Uint8Array }
  | { readonly json: string | object; readonly passphrase: string }
  | { readonly uri: string };

/** Where a regenerated public key comes from. */
export type PublicKeySource = { readonly ss58Address: string } | { readonly publicKey: string | Uint8Array };

export interface WriteOptions {
  /** Encrypt the secret keyfile (default: true for coldkeys, false for hotkeys). */
  readonly usePassword?: boolean | undefined;
  /** The password; otherwise BT_PW_… or the prompt. Giving one implies usePassword. */
  readonly password?: string | undefined;
  readonly overwrite?: boolean | undefined;
}

export interface CreateOptions {
  /** Create the coldkey (default true). */
  readonly coldkey?: boolean | undefined;
  /** Create the hotkey (default true). */
  readonly hotkey?: boolean | undefined;
  readonly words?: MnemonicLength | undefined;
  /** Encrypt the coldkey (default true). */
  readonly usePassword?: boolean | undefined;
  readonly password?: string | undefined;
  /** Encrypt the hotkey (default false). */
  readonly hotkeyUsePassword?: boolean | undefined;
  readonly hotkeyPassword?: string | undefined;
  readonly overwrite?: boolean | undefined;
}

export interface CreatedKeys {
  /** The new keys; their `mnemonic` is the only copy of the backup phrase: show it to the user once. */
  readonly coldkey?: WalletKey;
  readonly hotkey?: WalletKey;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function checkName(value: string, field: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || /[/\\\0]/.test(value)) {
    throw new WalletInputError(field, `not a valid name: ${JSON.stringify(value)}`);
  }
  return value;
}

export class Wallet {
  readonly name: string;
  readonly hotkeyName: string;
  /** The wallets root as given (before `~` expansion). */
  readonly path: string;
  readonly #root: string;
  readonly #options: KeyfileOptions;
  #coldkey: WalletKey | undefined;
  #hotkey: WalletKey | undefined;

  constructor(options: WalletOptions = {}) {
    const env: Environment = options.env === false || options.env === undefined ? process.env : options.env;
    this.name = checkName(options.name ?? env.BT_WALLET_NAME ?? DEFAULT_WALLET_NAME, 'name');
    this.hotkeyName = checkName(options.hotkey ?? env.BT_WALLET_HOTKEY ?? DEFAULT_HOTKEY_NAME, 'hotkey');
    this.path = options.path ?? env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH;
    this.#root = expandHome(this.path);
    this.#options = {
      prompt: options.prompt,
      env: options.env,
      kdf: options.kdf,
      fernetIterations: options.fernetIterations,
    };
  }

  /** This wallet's folder: <root>/<name>. */
  get dir(): string {
    return join(this.#root, this.name);
  }

  get coldkeyFile(): Keyfile {
    return new Keyfile(join(this.dir, 'coldkey'), this.#options);
  }

  get coldkeypubFile(): Keyfile {
    return new Keyfile(join(this.dir, 'coldkeypub.txt'), this.#options);
  }

  get hotkeyFile(): Keyfile {
    return new Keyfile(join(this.dir, 'hotkeys', this.hotkeyName), this.#options);
  }

  get hotkeypubFile(): Keyfile {
    return new Keyfile(join(this.dir, 'hotkeys', `${this.hotkeyName}pub.txt`), this.#options);
  }

  /** The unlocked coldkey (cached after the first unlock). */
  async coldkey(options: { password?: string | undefined } = {}): Promise<WalletKey> {
    this.#coldkey ??= await this.coldkeyFile.getKey(options);
    return this.#coldkey;
  }

  /** The coldkey's public part from coldkeypub.txt: no password needed. */
  async coldkeypub(): Promise<WalletKey> {
    return (await this.coldkeypubFile.getKey()).toPublic();
  }

  async hotkey(options: { password?: string | undefined } = {}): Promise<WalletKey> {
    this.#hotkey ??= await this.hotkeyFile.getKey(options);
    return this.#hotkey;
  }

  async hotkeypub(): Promise<WalletKey> {
    return (await this.hotkeypubFile.getKey()).toPublic();
  }

  /** Creates new keys from fresh mnemonics (btwallet `create`/`new_coldkey`/`new_hotkey`). */
  async createNew(options: CreateOptions = {}): Promise<CreatedKeys> {
    const words = options.words ?? 12;
    let coldkey: WalletKey | undefined;
    let hotkey: WalletKey | undefined;
    if (options.overwrite !== true) {
      // Refuse before writing anything, so a refusal never leaves a half-created wallet.
      const files = [
        ...(options.coldkey === false ? [] : [this.coldkeyFile, this.coldkeypubFile]),
        ...(options.hotkey === false ? [] : [this.hotkeyFile, this.hotkeypubFile]),
      ];
      for (const file of files) if (await file.exists()) throw new KeyfileExistsError(file.path);
    }
    if (options.coldkey !== false) {
      coldkey = WalletKey.fromMnemonic(generateMnemonic(words));
      await this.setColdkey(coldkey, {
        usePassword: options.usePassword ?? true,
        password: options.password,
        overwrite: options.overwrite,
      });
    }
    if (options.hotkey !== false) {
      hotkey = WalletKey.fromMnemonic(generateMnemonic(words));
      await this.setHotkey(hotkey, {
        usePassword: options.hotkeyUsePassword ?? false,
        password: options.hotkeyPassword,
        overwrite: options.overwrite,
      });
    }
    return { ...(coldkey === undefined ? {} : { coldkey }), ...(hotkey === undefined ? {} : { hotkey }) };
  }

  /**
   * btwallet's `create` / `create_if_non_existent`: makes a coldkey unless the coldkey or coldkeypub.txt
   * exists, and a hotkey unless it or its pub file exists; existing keys are kept.
   */
  async createIfNonExistent(
    options: Omit<CreateOptions, 'overwrite' | 'coldkey' | 'hotkey'> = {},
  ): Promise<CreatedKeys> {
    const haveCold = (await this.coldkeyFile.exists()) || (await this.coldkeypubFile.exists());
    const haveHot = (await this.hotkeyFile.exists()) || (await this.hotkeypubFile.exists());
    return this.createNew({ ...options, coldkey: !haveCold, hotkey: !haveHot });
  }

  /** Writes the coldkey and coldkeypub.txt. */
  async setColdkey(key: WalletKey, options: WriteOptions = {}): Promise<void> {
    await this.#writePair(this.coldkeyFile, this.coldkeypubFile, key, options, true);
    this.#coldkey = key;
  }

  /** Writes the hotkey and its pub file. */
  async setHotkey(key: WalletKey, options: WriteOptions = {}): Promise<void> {
    await this.#writePair(this.hotkeyFile, this.hotkeypubFile, key, options, false);
    this.#hotkey = key;
  }

  async regenerateColdkey(source: KeySource, options: WriteOptions = {}): Promise<WalletKey> {
    const key = await keyFromSource(source);
    await this.setColdkey(key, options);
    return key;
  }

  async regenerateHotkey(source: KeySource, options: WriteOptions = {}): Promise<WalletKey> {
    const key = await keyFromSource(source);
    await this.setHotkey(key, options);
    return key;
  }

  /** Writes only coldkeypub.txt (a watch-only wallet, e.g. for a validator's coldkey). */
  async regenerateColdkeypub(
    source: PublicKeySource,
    options: { overwrite?: boolean | undefined } = {},
  ): Promise<WalletKey> {
    const key = publicKeyFromSource(source);
    await this.coldkeypubFile.setKey(key, { overwrite: options.overwrite });
    return key;
  }

  async regenerateHotkeypub(
    source: PublicKeySource,
    options: { overwrite?: boolean | undefined } = {},
  ): Promise<WalletKey> {
    const key = publicKeyFromSource(source);
    await this.hotkeypubFile.setKey(key, { overwrite: options.overwrite });
    return key;
  }

  toString(): string {
    return `Wallet(name: ${this.name}, hotkey: ${this.hotkeyName}, path: ${this.path})`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  async #writePair(
    secretFile: Keyfile,
    publicFile: Keyfile,
    key: WalletKey,
    options: WriteOptions,
    encryptByDefault: boolean,
  ): Promise<void> {
    if (!key.hasSecret)
      throw new WalletInputError('key', 'a public-only key cannot be written as a secret keyfile');
    const overwrite = options.overwrite === true;
    // Check both targets first so a refusal never leaves a key without its pub file (or the reverse).
    if (!overwrite) {
      for (const file of [secretFile, publicFile]) {
        if (await file.exists()) throw new KeyfileExistsError(file.path);
      }
    }
    const encrypt = options.password !== undefined || (options.usePassword ?? encryptByDefault);
    await secretFile.setKey(key, { encrypt, password: options.password, overwrite });
    await publicFile.setKey(key.toPublic(), { overwrite });
  }
}

async function keyFromSource(source: KeySource): Promise<WalletKey> {
  const given = ['mnemonic', 'seed', 'json', 'uri'].filter((k) => k in source);
  if (given.length !== 1)
    throw new WalletInputError('source', 'pass exactly one of mnemonic, seed, json (+ passphrase) or uri');
  if ('mnemonic' in source) return WalletKey.fromMnemonic(source.mnemonic);
  if ('seed' in source) return WalletKey.fromSeed(source.seed);
  if ('json' in source) {
    if (typeof source.passphrase !== 'string') throw new WalletInputError('passphrase', 'required with json');
    return keyFromPolkadotJson(source.json, source.passphrase);
  }
  return WalletKey.fromUri(source.uri);
}

function publicKeyFromSource(source: PublicKeySource): WalletKey {
  if ('ss58Address' in source) return WalletKey.fromPublic(source.ss58Address);
  if ('publicKey' in source) return WalletKey.fromPublic(source.publicKey);
  throw new WalletInputError('source', 'pass ss58Address or publicKey');
}

const isDir = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined))?.isFile() ?? false;

/** Wallet names under a root: folders holding a coldkey, coldkeypub.txt or hotkeys/. Sorted. */
export async function listWallets(
  root: string = process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH,
): Promise<string[]> {
  const dir = expandHome(root);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const base = join(dir, entry.name);
    if (
      (await isFile(join(base, 'coldkey'))) ||
      (await isFile(join(base, 'coldkeypub.txt'))) ||
      (await isDir(join(base, 'hotkeys')))
    ) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

/** Hotkey names of a wallet: secret hotkey files and watch-only ones (only `<name>pub.txt`). Sorted. */
export async function listHotkeys(
  walletName: string,
  root: string = process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH,
): Promise<string[]> {
  const dir = join(expandHome(root), checkName(walletName, 'name'), 'hotkeys');
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = new Set(entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name));
  const names = new Set<string>();
  for (const file of files) {
    if (file.endsWith('pub.txt')) {
      const stem = file.slice(0, -'pub.txt'.length);
      // "<x>pub.txt" is a pub file unless it has its own pub file (a hotkey literally named so).
      if (!files.has(`${file}pub.txt`)) {
        if (stem !== '') names.add(stem);
        continue;
      }
    }
    names.add(file);
  }
  return [...names].sort();
}
