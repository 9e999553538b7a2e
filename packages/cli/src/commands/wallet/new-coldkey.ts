/** `tao wallet new-coldkey`: a new coldkey (and coldkeypub.txt) from a new mnemonic. */
import { defineCommand } from '../../framework/spec.js';
import { createKeys, keysOutput, uriOptionSpec, type NewKeyOptions } from './_create.js';
import { nWordsOption, overwriteOption, printKey, usePasswordOptions, type WrittenKey } from './_wallet.js';

export default defineCommand({
  group: 'wallet',
  name: 'new-coldkey',
  description: 'create a new coldkey from a new mnemonic (encrypted by default)',
  details: 'Writes <wallet.path>/<wallet.name>/coldkey and coldkeypub.txt. The mnemonic is printed once.',
  options: [nWordsOption, ...usePasswordOptions(true), overwriteOption, uriOptionSpec],
  examples: ['tao wallet new-coldkey --wallet.name alice --n-words 24'],
  output: keysOutput(['coldkey']),
  async run(ctx, opts: NewKeyOptions) {
    const result = await createKeys(ctx, ['coldkey'], opts);
    printKey(ctx, 'coldkey', result['coldkey'] as WrittenKey);
    return result;
  },
});
