/** `tao wallet regen-coldkey`: restore a coldkey from its mnemonic, seed or JSON backup. */
import { dirname } from 'node:path';
import { defineCommand } from '../../framework/spec.js';
import { keysOutput } from './_create.js';
import { regenSourceOptions, regenerate, type RegenOptions } from './_regen.js';
import { overwriteOption, printKey, usePasswordOptions } from './_wallet.js';

export default defineCommand({
  group: 'wallet',
  name: 'regen-coldkey',
  description: 'restore a coldkey from its mnemonic, seed or polkadot-js JSON backup',
  details:
    'Writes <wallet.path>/<wallet.name>/coldkey (encrypted unless --no-use-password) and' +
    ' coldkeypub.txt. Without a source the mnemonic is asked for (not echoed).',
  options: [...regenSourceOptions, ...usePasswordOptions(true), overwriteOption],
  examples: ['tao wallet regen-coldkey -w alice --mnemonic "word1 word2 … word12"'],
  output: keysOutput(['coldkey']),
  async run(ctx, opts: RegenOptions) {
    const coldkey = await regenerate(ctx, 'coldkey', opts);
    printKey(ctx, 'coldkey', coldkey);
    return { wallet: ctx.globals.wallet.name, path: dirname(coldkey.file), coldkey };
  },
});
