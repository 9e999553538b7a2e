/** `tao utils convert`: TAO ↔ rao, exactly (never rounds). */
import { formatTao, parseRao, parseTao } from '@tao-ts/primitives';
import { UsageError } from '../../errors.js';
import { defineCommand } from '../../framework/spec.js';
import { raoSchema, strictObject } from '../../framework/schema.js';

interface ConvertOptions {
  rao?: string;
  tao?: string;
}

export default defineCommand({
  group: 'utils',
  name: 'convert',
  description: 'convert between TAO and rao (1 TAO = 10^9 rao)',
  options: [
    { flags: '--rao <amount>', description: 'an amount in rao to show in TAO' },
    { flags: '--tao <amount>', description: 'an amount in TAO to show in rao' },
  ],
  examples: ['tao utils convert --tao 1.5', 'tao utils convert --rao 1500000000 --json'],
  runtime: 'light',
  output: strictObject({ rao: raoSchema, tao: { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,9})?$' } }),
  run(ctx, options: ConvertOptions) {
    if ((options.rao === undefined) === (options.tao === undefined)) {
      throw new UsageError('give exactly one of --rao or --tao', { field: '--rao' });
    }
    const rao =
      options.rao !== undefined
        ? parseRao(options.rao, { field: '--rao' })
        : parseTao(options.tao ?? '', { field: '--tao' });
    ctx.out.table(
      [
        { header: 'TAO', align: 'right' },
        { header: 'RAO', align: 'right' },
      ],
      [[ctx.out.tao(rao), rao]],
    );
    return { rao, tao: formatTao(rao, { symbol: '', compact: true }) };
  },
});
