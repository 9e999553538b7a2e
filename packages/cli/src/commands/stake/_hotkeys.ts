/** Which hotkeys a stake command acts on: --include-hotkeys (SS58 or hotkey names) or the wallet hotkey. */
import type { Wallet } from '@tao-ts/sdk';
import type { CommandContext } from '../../framework/context.js';
import type { OptionSpec } from '../../framework/spec.js';
import { hotkeyAddress, openWallet } from '../_chain.js';

export const includeHotkeysOption: OptionSpec = {
  flags: '--include-hotkeys <keys>',
  description: 'comma-separated hotkeys (SS58 addresses or hotkey names of the wallet)',
  defaultDescription: 'the wallet hotkey (--wallet.hotkey)',
  parse: (value: string) => value.split(/[\s,]+/).filter((v) => v !== ''),
};

const SS58 = /^[1-9A-HJ-NP-Za-km-z]{46,50}$/;

export async function targetHotkeys(
  ctx: CommandContext,
  wallet: Wallet,
  include: readonly string[] | undefined,
): Promise<string[]> {
  if (include === undefined || include.length === 0) return [await hotkeyAddress(wallet)];
  const { decodeAddress } = await import('@tao-ts/primitives');
  const out: string[] = [];
  for (const item of include) {
    if (SS58.test(item)) {
      decodeAddress(item, '--include-hotkeys');
      out.push(item);
    } else out.push(await hotkeyAddress(await openWallet(ctx, item)));
  }
  return [...new Set(out)];
}
