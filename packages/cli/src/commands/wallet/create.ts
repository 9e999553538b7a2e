/** `tao wallet create`: a new coldkey and hotkey in bittensor's wallet folder, mnemonics shown once. */
import { defineCommand } from '../../framework/spec.js';
import { createKeys, keysOutput, uriOptionSpec, type NewKeyOptions } from './_create.js';
import { nWordsOption, overwriteOption, printKey, usePasswordOptions, type WrittenKey } from './_wallet.js';

export default defineCommand({
  group: 'wallet',
  name: 'create',
  description: 'create a wallet: a new coldkey and hotkey, each from a new mnemonic',
  details:
    'Writes <wallet.path>/<wallet.name>/coldkey (encrypted unless --no-use-password), coldkeypub.txt and' +
    ' hotkeys/<wallet.hotkey> (+ pub file), as bittensor does. Each mnemonic is printed once: write it' +
    ' down. The password is asked twice, or taken from the keyfile’s BT_PW_… variable. On a dev chain,' +
    ' --uri //Alice makes a wallet holding the pre-funded dev account, to fund others with' +
    " 'tao wallet transfer'.",
  options: [nWordsOption, ...usePasswordOptions(true), overwriteOption, uriOptionSpec],
  examples: [
    'tao wallet create --wallet.name alice',
    'tao wallet create -w dev --uri //Alice --no-use-password',
  ],
  output: keysOutput(['coldkey', 'hotkey']),
  async run(ctx, opts: NewKeyOptions) {
    const result = await createKeys(ctx, ['coldkey', 'hotkey'], opts);
    printKey(ctx, 'coldkey', result['coldkey'] as WrittenKey);
    printKey(ctx, 'hotkey', result['hotkey'] as WrittenKey);
    return result;
  },
});
