/**
 * Key creation and regeneration shared by create / new-coldkey / new-hotkey / regen-coldkey /
 * regen-hotkey: one function writes one key (secret file and pub file) with btcli's password defaults
 * (coldkey encrypted, hotkey not) after the overwrite guard.
 */
import type { CommandContext } from '../../framework/context.js';
import { strictObject, type JsonSchema } from '../../framework/schema.js';
import type { Wallet, WalletKey } from '@tao-ts/sdk';
import {
  describeKey,
  guardOverwrite,
  newPassword,
  openWallet,
  usePassword,
  walletErrors,
  writtenKeySchema,
  type WrittenKey,
} from './_wallet.js';

export type KeyKind = 'coldkey' | 'hotkey';

export interface NewKeyOptions {
  nWords: string;
  usePassword?: boolean;
  overwrite?: boolean;
  uri?: string;
}

export const uriOptionSpec = {
  flags: '--uri <uri>',
  description: 'derive the key from a dev URI such as //Alice instead of a new mnemonic (test chains only)',
} as const;

/** Output of the commands that write keys. */
export function keysOutput(kinds: readonly KeyKind[]): JsonSchema {
  const props: Record<string, JsonSchema> = { wallet: { type: 'string' }, path: { type: 'string' } };
  for (const kind of kinds) props[kind] = writtenKeySchema;
  return strictObject(props);
}

function files(wallet: Wallet, kind: KeyKind): { secret: string; pub: string } {
  return kind === 'coldkey'
    ? { secret: wallet.coldkeyFile.path, pub: wallet.coldkeypubFile.path }
    : { secret: wallet.hotkeyFile.path, pub: wallet.hotkeypubFile.path };
}

/** Writes `key` as the wallet's coldkey or hotkey, encrypting it when asked. */
export async function writeKey(
  ctx: CommandContext,
  wallet: Wallet,
  kind: KeyKind,
  key: WalletKey,
  options: { encrypt: boolean; generated: boolean },
): Promise<WrittenKey> {
  const { secret } = files(wallet, kind);
  const password = options.encrypt ? await newPassword(ctx, secret, kind) : undefined;
  const spinner = await ctx.out.spinner(options.encrypt ? `Encrypting the ${kind}…` : `Writing the ${kind}…`);
  try {
    const write = { usePassword: options.encrypt, password, overwrite: true };
    await walletErrors(() =>
      kind === 'coldkey' ? wallet.setColdkey(key, write) : wallet.setHotkey(key, write),
    );
  } finally {
    spinner.stop();
  }
  const name = kind === 'coldkey' ? wallet.name : wallet.hotkeyName;
  return describeKey(key, name, secret, options.encrypt, options.generated);
}

/** Checks that none of the keys' files exist (or that replacing them is intended and confirmed). */
export async function guardKeys(
  ctx: CommandContext,
  wallet: Wallet,
  kinds: readonly KeyKind[],
  overwrite: boolean,
): Promise<void> {
  const paths = kinds.flatMap((kind) => Object.values(files(wallet, kind)));
  await guardOverwrite(ctx, paths, overwrite);
}

/** A fresh key: from `--uri` when given, else from a new mnemonic of `--n-words` words. */
export async function freshKey(options: NewKeyOptions): Promise<{ key: WalletKey; generated: boolean }> {
  const { WalletKey } = await import('@tao-ts/sdk');
  if (options.uri !== undefined) return { key: WalletKey.fromUri(options.uri), generated: false };
  const { generateMnemonic } = await import('@tao-ts/primitives');
  const words = Number(options.nWords) as 12 | 15 | 18 | 21 | 24;
  return { key: WalletKey.fromMnemonic(generateMnemonic(words)), generated: true };
}

/** `create`, `new-coldkey` and `new-hotkey`: generate and write the given keys. */
export async function createKeys(
  ctx: CommandContext,
  kinds: readonly KeyKind[],
  options: NewKeyOptions,
): Promise<Record<string, unknown>> {
  const wallet = await openWallet(ctx);
  await guardKeys(ctx, wallet, kinds, options.overwrite === true);
  const result: Record<string, unknown> = { wallet: wallet.name, path: wallet.dir };
  for (const kind of kinds) {
    const { key, generated } = await walletErrors(() => freshKey(options));
    // btcli: --use-password governs the key a command is about; `create` always leaves the hotkey plain.
    const encrypt =
      kind === 'coldkey'
        ? usePassword(options.usePassword, true)
        : kinds.length === 1 && usePassword(options.usePassword, false);
    result[kind] = await writeKey(ctx, wallet, kind, key, { encrypt, generated });
  }
  return result;
}
