/** `tao wallet regen-hotkey`: restore a hotkey from its mnemonic, seed or JSON backup. */
import { dirname } from 'node:path';
import { defineCommand } from '../../framework/spec.js';
import { keysOutput } from './_create.js';
import { regenSourceOptions, regenerate, type RegenOptions } from './_regen.js';
import { overwriteOption, printKey, usePasswordOptions } from './_wallet.js';

export default defineCommand({
  group: 'wallet',
  name: 'regen-hotkey',
  description: 'restore a hotkey from its mnemonic, seed or polkadot-js JSON backup',
  details:
    'Writes <wallet.path>/<wallet.name>/hotkeys/<wallet.hotkey> (not encrypted unless --use-password)' +
    ' and its pub file. Without a source the mnemonic is asked for (not echoed).',
  options: [...regenSourceOptions, ...usePasswordOptions(false), overwriteOption],
  examples: ['tao wallet regen-hotkey -w alice -H miner1 --seed 0x…'],
  output: keysOutput(['hotkey']),
  async run(ctx, opts: RegenOptions) {
    const hotkey = await regenerate(ctx, 'hotkey', opts);
    printKey(ctx, 'hotkey', hotkey);
    return { wallet: ctx.globals.wallet.name, path: dirname(dirname(hotkey.file)), hotkey };
  },
});
