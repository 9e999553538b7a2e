/** `tao wallet new-hotkey`: a new hotkey in a wallet from a new mnemonic. */
import { defineCommand } from '../../framework/spec.js';
import { createKeys, keysOutput, uriOptionSpec, type NewKeyOptions } from './_create.js';
import { nWordsOption, overwriteOption, printKey, usePasswordOptions, type WrittenKey } from './_wallet.js';

export default defineCommand({
  group: 'wallet',
  name: 'new-hotkey',
  description: 'create a new hotkey from a new mnemonic (not encrypted by default)',
  details:
    'Writes <wallet.path>/<wallet.name>/hotkeys/<wallet.hotkey> and its pub file. The mnemonic is' +
    ' printed once.',
  options: [nWordsOption, ...usePasswordOptions(false), overwriteOption, uriOptionSpec],
  examples: ['tao wallet new-hotkey --wallet.name alice --wallet.hotkey miner1'],
  output: keysOutput(['hotkey']),
  async run(ctx, opts: NewKeyOptions) {
    const result = await createKeys(ctx, ['hotkey'], opts);
    printKey(ctx, 'hotkey', result['hotkey'] as WrittenKey);
    return result;
  },
});
