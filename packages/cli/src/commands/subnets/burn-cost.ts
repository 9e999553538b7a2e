/** `tao subnets burn-cost`: the current price of a burned registration on a subnet. */
import { netuidOption } from '../../framework/options.js';
import { raoSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { requireSubnet } from './_checks.js';
import { withClient } from '../_chain.js';

export default defineCommand({
  group: 'subnets',
  name: 'burn-cost',
  description: 'show the current registration burn of a subnet',
  options: [netuidOption],
  examples: ['tao subnets burn-cost --netuid 1'],
  output: strictObject({ netuid: { type: 'integer' }, burn: raoSchema }),
  async run(ctx, opts: { netuid: number }) {
    const burn = await withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      return client.burnCost(opts.netuid);
    });
    ctx.out.print(`registration on subnet ${opts.netuid} burns ${ctx.out.tao(burn)}`);
    return { netuid: opts.netuid, burn };
  },
});
