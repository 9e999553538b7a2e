/** `tao wallet regen-coldkeypub`: a watch-only coldkey (coldkeypub.txt only) from an address or public key. */
import { dirname } from 'node:path';
import { UsageError } from '../../errors.js';
import { ss58Shape } from '../../framework/options.js';
import { defineCommand } from '../../framework/spec.js';
import { keysOutput } from './_create.js';
import {
  describeKey,
  guardOverwrite,
  openWallet,
  overwriteOption,
  printKey,
  walletErrors,
} from './_wallet.js';

interface Options {
  ss58?: string;
  publicKey?: string;
  overwrite?: boolean;
}

export default defineCommand({
  group: 'wallet',
  name: 'regen-coldkeypub',
  description: 'write coldkeypub.txt from an SS58 address or public key (watch-only wallet)',
  details:
    'Only the public part is written, enough for balances, overviews and staking queries on a machine' +
    ' that must not hold the coldkey’s secret.',
  options: [
    { flags: '--ss58 <address>', description: 'the coldkey’s SS58 address', parse: ss58Shape },
    {
      flags: '--public-key <hex>',
      description: 'the coldkey’s public key (32 bytes hex), instead of --ss58',
    },
    overwriteOption,
  ],
  examples: [
    'tao wallet regen-coldkeypub -w validator --ss58 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  ],
  output: keysOutput(['coldkey']),
  async run(ctx, opts: Options) {
    if ((opts.ss58 === undefined) === (opts.publicKey === undefined)) {
      throw new UsageError('give exactly one of --ss58 or --public-key', { field: '--ss58' });
    }
    const { decodeAddress, fromHex } = await import('@tao-ts/primitives');
    const wallet = await openWallet(ctx);
    // Validate with the flag's name before the SDK, whose errors name its own parameters.
    const publicKey =
      opts.ss58 !== undefined
        ? decodeAddress(opts.ss58, '--ss58')
        : fromHex(opts.publicKey ?? '', '--public-key', 32);
    await guardOverwrite(ctx, [wallet.coldkeypubFile.path], opts.overwrite === true);
    const key = await walletErrors(() => wallet.regenerateColdkeypub({ publicKey }, { overwrite: true }));
    const coldkey = describeKey(key, wallet.name, wallet.coldkeypubFile.path, undefined, false);
    printKey(ctx, 'coldkey', coldkey);
    return { wallet: wallet.name, path: dirname(coldkey.file), coldkey };
  },
});
