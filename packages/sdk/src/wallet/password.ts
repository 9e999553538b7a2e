// Where keyfile passwords come from. bittensor (btwallet Keyfile::env_var_name) looks for
// `BT_PW_<path>`: the keyfile path with the OS separator and '.' replaced by '_', uppercased; its value
// is base64(password XOR variable name, the name repeated as the key) — obfuscation, not protection.
import { sep } from 'node:path';
import { WalletInputError } from './errors.js';

/** Asks the user for a password; `question` is bittensor's prompt text (e.g. "Enter your password: "). */
export type PasswordPrompt = (question: string) => Promise<string>;

export type Environment = Readonly<Record<string, string | undefined>>;

/** The environment variable bittensor reads a keyfile's password from. */
export function passwordEnvVarName(keyfilePath: string, separator: string = sep): string {
  return `BT_PW_${keyfilePath.split(separator).join('_').split('.').join('_').toUpperCase()}`;
}

function xorWithName(data: Uint8Array, name: string): Uint8Array {
  const key = new TextEncoder().encode(name);
  if (key.length === 0) throw new WalletInputError('envVarName', 'must not be empty');
  return data.map((b, i) => b ^ (key[i % key.length] as number));
}

/** The value to put in `BT_PW_…` for `password` (btwallet `save_password_to_env`). */
export function encodeEnvPassword(envVarName: string, password: string): string {
  return Buffer.from(xorWithName(new TextEncoder().encode(password), envVarName)).toString('base64');
}

/** Inverse of encodeEnvPassword; the error names the variable, never its value. */
export function decodeEnvPassword(envVarName: string, value: string): string {
  const text = value.trim();
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new WalletInputError(
      envVarName,
      'is not base64 (expected the value bittensor writes: base64 of the password XOR the variable name)',
    );
  }
  const bytes = xorWithName(new Uint8Array(Buffer.from(text, 'base64')), envVarName);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new WalletInputError(
      envVarName,
      'does not decode to a UTF-8 password (was it written for another path?)',
    );
  }
}

/** The password stored in the environment for a keyfile, if any. */
export function passwordFromEnv(keyfilePath: string, env: Environment = process.env): string | undefined {
  const name = passwordEnvVarName(keyfilePath);
  const value = env[name];
  return value === undefined || value === '' ? undefined : decodeEnvPassword(name, value);
}
