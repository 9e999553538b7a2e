/** The wallets under --wallet.path with their keys' addresses, read from public files only. */
import type { CommandContext } from '../../framework/context.js';
import type { Wallet, WalletKey } from '@tao-ts/sdk';
import { openWallet } from './_wallet.js';

export interface HotkeyEntry {
  name: string;
  address: string | null;
}
export interface WalletEntry {
  name: string;
  coldkey: string | null;
  hotkeys: HotkeyEntry[];
}

/**
 * A key's address without a password: its pub file, else the secret file when that is plaintext.
 * Encrypted keys without a pub file (or unreadable files) show as unknown rather than failing the list.
 */
async function address(pub: () => Promise<WalletKey>, secret: Wallet['coldkeyFile']): Promise<string | null> {
  try {
    return (await pub()).address;
  } catch {
    try {
      if (await secret.isEncrypted()) return null;
      return (await secret.getKey()).address;
    } catch {
      return null;
    }
  }
}

export async function walletEntries(ctx: CommandContext): Promise<WalletEntry[]> {
  const { listHotkeys, listWallets } = await import('@tao-ts/sdk');
  const root = ctx.globals.wallet.path;
  const out: WalletEntry[] = [];
  for (const name of await listWallets(root)) {
    const wallet = await openWallet(ctx, { name });
    const hotkeys: HotkeyEntry[] = [];
    for (const hotkey of await listHotkeys(name, root)) {
      const w = await openWallet(ctx, { name, hotkey });
      hotkeys.push({ name: hotkey, address: await address(() => w.hotkeypub(), w.hotkeyFile) });
    }
    out.push({ name, coldkey: await address(() => wallet.coldkeypub(), wallet.coldkeyFile), hotkeys });
  }
  return out;
}
