// The plaintext inside a keyfile. bittensor (btwallet) writes compact JSON with the fields accountId,
// publicKey, privateKey, secretPhrase, secretSeed, ss58Address (absent ones omitted); pre-v8 Python wrote
// all six with nulls and `json.dumps` spacing, and very old coldkeypub files were a bare "0x<public key>".
// We write the six fields in that order (the Rust writer's order is a HashMap's, i.e. arbitrary) and read
// all three forms, taking the key from the first of secretPhrase > secretSeed > privateKey > ss58Address.
import { equalBytes, fromUtf8, toHex, utf8 } from '@tao-ts/primitives';
import { KeyfileFormatError } from './errors.js';
import { WalletKey } from './key.js';

export const KEYFILE_FIELDS = [
  'accountId',
  'publicKey',
  'privateKey',
  'secretPhrase',
  'secretSeed',
  'ss58Address',
] as const;
export type KeyfileField = (typeof KEYFILE_FIELDS)[number];
export type KeyfileJson = Partial<Record<KeyfileField, string>>;

/** Which field the key is read from when several are present (btwallet's reader). */
export const KEYFILE_KEY_PRIORITY = ['secretPhrase', 'secretSeed', 'privateKey', 'ss58Address'] as const;

/** The keyfile object for a key (secret fields only when the key has them). */
export function keyfileJson(key: WalletKey): KeyfileJson {
  const out: KeyfileJson = { accountId: key.publicKeyHex, publicKey: key.publicKeyHex };
  const privateKey = key.btwalletPrivateKey();
  if (privateKey !== undefined) out.privateKey = toHex(privateKey);
  if (key.mnemonic !== undefined) out.secretPhrase = key.mnemonic;
  const seed = key.seed;
  if (seed !== undefined) out.secretSeed = toHex(seed);
  out.ss58Address = key.address;
  return out;
}

/** Keyfile plaintext bytes, compact JSON as btwallet writes it. */
export function serializeKeyfile(key: WalletKey): Uint8Array {
  return utf8(JSON.stringify(keyfileJson(key)));
}

/** Keyfile plaintext for a public file (coldkeypub.txt, hotkeys/<name>pub.txt). */
export function serializePublicKeyfile(key: WalletKey): Uint8Array {
  return serializeKeyfile(key.toPublic());
}

function decodeText(data: Uint8Array, path: string | undefined): string {
  try {
    return fromUtf8(data);
  } catch {
    throw new KeyfileFormatError(
      path,
      'plaintext is not UTF-8 (encrypted with an unknown method, or corrupt)',
    );
  }
}

function parseObject(text: string, path: string | undefined): Record<string, unknown> | WalletKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const bare = text.trim();
    // Pre-v8 public files could hold just the public key.
    if (/^0x[0-9a-fA-F]{64}$/.test(bare)) return WalletKey.fromPublic(bare);
    throw new KeyfileFormatError(path, 'plaintext is not JSON (truncated or corrupt keyfile)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyfileFormatError(path, 'plaintext is JSON but not an object');
  }
  return parsed as Record<string, unknown>;
}

function field(
  obj: Record<string, unknown>,
  name: KeyfileField,
  path: string | undefined,
): string | undefined {
  const value = obj[name];
  if (value === undefined || value === null) return undefined;
  // Secret fields are named, never shown.
  if (typeof value !== 'string') throw new KeyfileFormatError(path, `${name} is not a string`, name);
  return value;
}

function build(name: KeyfileField, path: string | undefined, make: () => WalletKey): WalletKey {
  try {
    return make();
  } catch (error) {
    // The constructors' messages name the problem, never the secret value; drop their "field: " prefix.
    const reason = error instanceof Error ? error.message.replace(/^[a-zA-Z]+: /, '') : 'invalid';
    throw new KeyfileFormatError(path, `${name} is invalid: ${reason}`, name);
  }
}

/**
 * Reads keyfile plaintext into a key. Public fields that disagree with the secret mean a damaged or
 * tampered file, so they are an error rather than silently ignored.
 */
export function parseKeyfile(data: Uint8Array, path?: string): WalletKey {
  const parsed = parseObject(decodeText(data, path), path);
  if (parsed instanceof WalletKey) return parsed;
  const values = Object.fromEntries(KEYFILE_FIELDS.map((f) => [f, field(parsed, f, path)])) as KeyfileJson;
  let key: WalletKey;
  let source: KeyfileField;
  if (values.secretPhrase !== undefined) {
    const phrase = values.secretPhrase;
    key = build('secretPhrase', path, () => WalletKey.fromMnemonic(phrase));
    source = 'secretPhrase';
  } else if (values.secretSeed !== undefined) {
    const seed = values.secretSeed;
    key = build('secretSeed', path, () => WalletKey.fromSeed(seed));
    source = 'secretSeed';
  } else if (values.privateKey !== undefined) {
    const privateKey = values.privateKey;
    key = build('privateKey', path, () => WalletKey.fromBtwalletPrivateKey(privateKey));
    source = 'privateKey';
  } else if (values.ss58Address !== undefined) {
    const address = values.ss58Address;
    key = build('ss58Address', path, () => WalletKey.fromPublic(address));
    source = 'ss58Address';
  } else if (values.publicKey !== undefined || values.accountId !== undefined) {
    const pub = (values.publicKey ?? values.accountId) as string;
    const name = values.publicKey !== undefined ? 'publicKey' : 'accountId';
    key = build(name, path, () => WalletKey.fromPublic(pub));
    source = name;
  } else {
    throw new KeyfileFormatError(
      path,
      'no key in the file (none of secretPhrase, secretSeed, privateKey, ss58Address, publicKey)',
    );
  }
  checkConsistent(key, values, source, path);
  return key;
}

function checkConsistent(
  key: WalletKey,
  values: KeyfileJson,
  source: KeyfileField,
  path: string | undefined,
): void {
  const others: KeyfileField[] = ['ss58Address', 'publicKey', 'accountId'];
  for (const name of others) {
    const value = values[name];
    if (value === undefined || name === source) continue;
    const other = build(name, path, () => WalletKey.fromPublic(value));
    if (!equalBytes(other.publicKey, key.publicKey)) {
      throw new KeyfileFormatError(path, `${name} does not match the key from ${source}`, name);
    }
  }
}
