/**
 * What the wallet commands share: opening a wallet from the global settings, asking for passwords
 * (new ones twice, with bittensor's BT_PW_ variables taking precedence), turning the SDK's wallet errors
 * into messages with a hint, and the option specs and output shapes that recur. The SDK is imported
 * lazily (inside functions), so this module stays light for `tao --help`.
 */
import { CliError } from '../../errors.js';
import type { CommandContext } from '../../framework/context.js';
import type { OptionSpec } from '../../framework/spec.js';
import { ss58Schema, strictObject, type JsonSchema } from '../../framework/schema.js';
import type { Wallet, WalletKey } from '@tao-ts/sdk';

/** btcli's advice printed next to a new mnemonic. */
export const MNEMONIC_WARNING =
  'store this mnemonic in a secure (preferably offline) place: anyone who has it can regenerate the key' +
  ' and take the funds; it is shown only this once';

export const nWordsOption: OptionSpec = {
  flags: '--n-words <n>',
  description: 'number of words in the new mnemonic',
  choices: ['12', '15', '18', '21', '24'],
  default: '12',
};

export const overwriteOption: OptionSpec = {
  flags: '--overwrite',
  description: 'replace existing keyfiles (asks first unless --no-prompt)',
};

/** `--use-password` / `--no-use-password`; the default differs per key kind, so it is resolved in `run`. */
export function usePasswordOptions(defaultOn: boolean): OptionSpec[] {
  return [
    {
      flags: '--use-password',
      description: `encrypt the secret keyfile with a password (default: ${defaultOn ? 'yes' : 'no'})`,
    },
    { flags: '--no-use-password', description: 'leave the secret keyfile unencrypted' },
  ];
}

/** The JSON shape of a key that a command wrote. */
export const writtenKeySchema: JsonSchema = strictObject(
  {
    name: { type: 'string' },
    address: ss58Schema,
    publicKey: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    encrypted: { type: 'boolean' },
    file: { type: 'string' },
    mnemonic: { type: 'string', description: 'the backup phrase; present only when a key was generated' },
    warning: { type: 'string' },
  },
  ['mnemonic', 'warning', 'encrypted'],
);

export interface WrittenKey {
  name: string;
  address: string;
  publicKey: string;
  encrypted?: boolean;
  file: string;
  mnemonic?: string;
  warning?: string;
}

/** Opens the wallet named by the global settings (or `name`), with prompts and BT_PW_ from the CLI's io. */
export async function openWallet(
  ctx: CommandContext,
  overrides: { name?: string; hotkey?: string } = {},
): Promise<Wallet> {
  const { Wallet } = await import('@tao-ts/sdk');
  const { cryptoReady } = await import('@tao-ts/primitives');
  await cryptoReady();
  return new Wallet({
    name: overrides.name ?? ctx.globals.wallet.name,
    hotkey: overrides.hotkey ?? ctx.globals.wallet.hotkey,
    path: ctx.globals.wallet.path,
    env: ctx.io.env,
    prompt: (question) => askPassword(ctx, question.replace(/:\s*$/, ':').trim()),
  });
}

/** A password prompt whose failure (no terminal) names the BT_PW_ route. */
async function askPassword(ctx: CommandContext, message: string, confirm = false): Promise<string> {
  try {
    return await ctx.prompt.password(message, { confirm });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'PROMPT_UNAVAILABLE') {
      // End the unanswered prompt's line so the error starts on its own.
      ctx.io.stderr.write('\n');
      throw new CliError('PASSWORD_UNAVAILABLE', 'a password is needed but there is no terminal to ask on', {
        field: 'password',
        hint: "type it on a terminal, or set the keyfile's BT_PW_… variable (bittensor's format)",
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The password for a keyfile about to be encrypted: its BT_PW_ variable when set, else asked twice
 * (re-asked while bittensor's policy refuses it: 6 bytes and a strength score of 20).
 */
export async function newPassword(ctx: CommandContext, keyfilePath: string, what: string): Promise<string> {
  const { checkNewPassword, passwordFromEnv } = await import('@tao-ts/sdk');
  const fromEnv = passwordFromEnv(keyfilePath, ctx.io.env);
  if (fromEnv !== undefined) return fromEnv;
  for (;;) {
    const password = (await askPassword(ctx, `Enter a password to encrypt the ${what}:`, true)).trim();
    const verdict = checkNewPassword(password);
    if (verdict.ok) return password;
    const reason = verdict.reason ?? 'password not strong enough';
    if (!ctx.io.stdin.isTTY)
      throw new CliError('PASSWORD_TOO_WEAK', `password: ${reason}`, { field: 'password' });
    ctx.out.warn(reason);
  }
}

/**
 * Refuses to replace existing keyfiles unless --overwrite, and with it asks once before replacing.
 * Checking every target first means a refusal never leaves a key without its pub file.
 */
export async function guardOverwrite(
  ctx: CommandContext,
  paths: readonly string[],
  overwrite: boolean,
): Promise<void> {
  const { stat } = await import('node:fs/promises');
  const existing: string[] = [];
  for (const path of paths)
    if ((await stat(path).catch(() => undefined))?.isFile() === true) existing.push(path);
  if (existing.length === 0) return;
  if (!overwrite) {
    throw new CliError('KEYFILE_EXISTS', `keyfile ${existing[0]} already exists`, {
      field: '--overwrite',
      hint: 'pass --overwrite to replace it (make sure you hold its mnemonic first), or choose another name',
    });
  }
  await ctx.confirm(`Overwrite ${existing.join(' and ')}? The old key is lost unless you hold its mnemonic.`);
}

/** What was written for one key, for both the text and the JSON output. */
export function describeKey(
  key: WalletKey,
  name: string,
  file: string,
  encrypted: boolean | undefined,
  generated: boolean,
): WrittenKey {
  const out: WrittenKey = { name, address: key.address, publicKey: key.publicKeyHex, file };
  if (encrypted !== undefined) out.encrypted = encrypted;
  if (generated && key.mnemonic !== undefined) {
    out.mnemonic = key.mnemonic;
    out.warning = MNEMONIC_WARNING;
  }
  return out;
}

/** Prints a written key; a generated mnemonic goes to stdout once, with the warning on stderr. */
export function printKey(ctx: CommandContext, kind: 'coldkey' | 'hotkey', key: WrittenKey): void {
  const lock = key.encrypted === true ? ' (encrypted)' : key.encrypted === false ? ' (not encrypted)' : '';
  ctx.out.success(`${kind} ${key.name} written to ${key.file}${lock}`);
  ctx.out.print(`${kind} ${key.name}: ${key.address}`);
  if (key.mnemonic !== undefined) {
    ctx.out.warn(MNEMONIC_WARNING);
    ctx.out.print(`The mnemonic of the new ${kind} is:`);
    ctx.out.print(`  ${key.mnemonic}`);
    ctx.out.print(`You can recreate the key from it with 'tao wallet regen-${kind} --mnemonic "…"'.`);
  }
}

const HINTS: Readonly<Record<string, string>> = {
  KEYFILE_WRONG_PASSWORD: 'retype the password; the keyfile is unchanged',
  KEYFILE_NOT_FOUND:
    "create the wallet with 'tao wallet create', or choose another with --wallet.name / --wallet.path",
  KEYFILE_NO_SECRET:
    "this machine holds only the public key; regenerate the secret with 'tao wallet regen-coldkey'",
  KEYFILE_FORMAT: 'the file is damaged or not a bittensor keyfile; regenerate it from its mnemonic',
};

/**
 * Runs `work`, giving the SDK's wallet errors a hint (they carry a code and name the file, but the CLI
 * knows what the user can do about them). Everything else passes through unchanged.
 */
export async function walletErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      HINTS[code] !== undefined &&
      (error as { hint?: unknown }).hint === undefined
    ) {
      const field = (error as { field?: unknown }).field;
      throw new CliError(code, (error as Error).message, {
        ...(typeof field === 'string' ? { field } : {}),
        hint: HINTS[code],
        cause: error,
      });
    }
    throw error;
  }
}

/** The resolved `--use-password` choice: commander leaves it undefined when neither flag is given. */
export function usePassword(value: boolean | undefined, defaultOn: boolean): boolean {
  return value ?? defaultOn;
}
