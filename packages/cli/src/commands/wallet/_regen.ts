/**
 * regen-coldkey and regen-hotkey: rebuild a secret key from its mnemonic, its 32-byte seed or a
 * polkadot-js JSON backup (btcli's --mnemonic / --seed / --json + --json-password). The global --json
 * switch owns `--json`, so the backup file is `--json-file` here.
 */
import { readFile } from 'node:fs/promises';
import { CliError, UsageError } from '../../errors.js';
import type { CommandContext } from '../../framework/context.js';
import type { OptionSpec } from '../../framework/spec.js';
import type { KeySource } from '@tao-ts/sdk';
import { guardKeys, type KeyKind, writeKey } from './_create.js';
import { openWallet, usePassword, walletErrors, type WrittenKey } from './_wallet.js';

export interface RegenOptions {
  mnemonic?: string;
  seed?: string;
  jsonFile?: string;
  jsonPassword?: string;
  usePassword?: boolean;
  overwrite?: boolean;
}

export const regenSourceOptions: readonly OptionSpec[] = [
  { flags: '--mnemonic <words>', description: 'the key’s BIP39 mnemonic (12–24 words, quoted)' },
  { flags: '--seed <hex>', description: 'the key’s 32-byte seed (mini secret) as hex' },
  { flags: '-j, --json-file <path>', description: 'a polkadot-js JSON backup of the key' },
  {
    flags: '--json-password <password>',
    description: 'the JSON backup’s password (asked when missing)',
  },
];

async function keySource(ctx: CommandContext, opts: RegenOptions): Promise<KeySource> {
  const given = [opts.mnemonic, opts.seed, opts.jsonFile].filter((v) => v !== undefined).length;
  if (given > 1) {
    throw new UsageError('give only one of --mnemonic, --seed or --json-file', { field: '--mnemonic' });
  }
  if (opts.mnemonic !== undefined) return { mnemonic: opts.mnemonic };
  if (opts.seed !== undefined) return { seed: opts.seed };
  if (opts.jsonFile !== undefined) {
    let json: string;
    try {
      json = await readFile(opts.jsonFile, 'utf8');
    } catch (error) {
      throw new CliError('FILE_NOT_READABLE', `--json-file: cannot read ${opts.jsonFile}`, {
        field: '--json-file',
        cause: error,
      });
    }
    const passphrase = opts.jsonPassword ?? (await ctx.prompt.password('Enter the JSON backup’s password:'));
    return { json, passphrase };
  }
  // btcli asks for the mnemonic when no source is given; it is a secret, so it is not echoed.
  const typed = await ctx.prompt.password('Enter the mnemonic (words separated by spaces):').catch(() => {
    throw new UsageError('give --mnemonic, --seed or --json-file', { field: '--mnemonic' });
  });
  return { mnemonic: typed };
}

/** Field names the SDK uses for sources, mapped to the flags the user typed. */
const FIELD_FLAGS: Readonly<Record<string, string>> = {
  mnemonic: '--mnemonic',
  seed: '--seed',
  passphrase: '--json-password',
  json: '--json-file',
  password: '--json-password',
};

export async function regenerate(
  ctx: CommandContext,
  kind: KeyKind,
  opts: RegenOptions,
): Promise<WrittenKey> {
  const wallet = await openWallet(ctx);
  const source = await keySource(ctx, opts);
  const { WalletKey, keyFromPolkadotJson } = await import('@tao-ts/sdk');
  const key = await walletErrors(async () => {
    try {
      if ('mnemonic' in source) return WalletKey.fromMnemonic(source.mnemonic);
      if ('seed' in source) return WalletKey.fromSeed(source.seed);
      if ('json' in source) return await keyFromPolkadotJson(source.json, source.passphrase);
      return WalletKey.fromUri(source.uri);
    } catch (error) {
      const field = (error as { field?: unknown }).field;
      const flag = typeof field === 'string' ? FIELD_FLAGS[field] : undefined;
      if (flag === undefined) throw error;
      const detail = (error as Error).message.replace(/^[^:]*:\s*/, '');
      throw new CliError((error as { code?: string }).code ?? 'WALLET_INVALID_INPUT', `${flag}: ${detail}`, {
        field: flag,
        cause: error,
      });
    }
  });
  await guardKeys(ctx, wallet, [kind], opts.overwrite === true);
  const encrypt = usePassword(opts.usePassword, kind === 'coldkey');
  return writeKey(ctx, wallet, kind, key, { encrypt, generated: false });
}
