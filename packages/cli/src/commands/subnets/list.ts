/** `tao subnets list`: every subnet with its pool, price and emission (btcli's columns). */
import { defineCommand } from '../../framework/spec.js';
import { withClient } from '../_chain.js';
import { allSubnets, orDash, priceText, subnetListSchema, type SubnetSummary } from './_info.js';

export default defineCommand({
  group: 'subnets',
  name: 'list',
  description: 'list subnets: price, market cap, emission, pool and tempo',
  details:
    'Price is the pool ratio τ/α; market cap is price × α in circulation (pool and staked); emission is' +
    ' τ per block into the pool. Columns that do not exist before dynamic TAO show —.',
  examples: ['tao subnets list', 'tao subnets list --json --network local'],
  output: subnetListSchema,
  async run(ctx) {
    const subnets = await withClient(ctx, (client) => allSubnets(client));
    const tao = (r: bigint): string => ctx.out.tao(r, { compact: true });
    const alpha = (r: bigint): string => ctx.out.alpha(r);
    ctx.out.table(
      [
        { header: 'netuid', align: 'right' },
        { header: 'name' },
        { header: 'price', align: 'right' },
        { header: 'market cap', align: 'right' },
        { header: 'emission', align: 'right' },
        { header: 'pool τ', align: 'right' },
        { header: 'pool α', align: 'right' },
        { header: 'stake α', align: 'right' },
        { header: 'tempo', align: 'right' },
      ],
      subnets.map((s: SubnetSummary) => [
        s.netuid,
        s.name === '' ? '—' : `${s.name} ${s.symbol}`.trim(),
        priceText(s.price, s.symbol),
        orDash(s.marketCap, tao),
        orDash(s.emission, tao),
        orDash(s.taoIn, tao),
        orDash(s.alphaIn, alpha),
        orDash(s.alphaOut, alpha),
        `${s.blocksSinceLastStep}/${s.tempo}`,
      ]),
    );
    return { subnets };
  },
});
