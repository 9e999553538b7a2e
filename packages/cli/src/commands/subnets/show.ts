/** `tao subnets show`: one subnet's summary and its neurons. */
import { netuidOption } from '../../framework/options.js';
import { strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { ChainFailureError, withClient } from '../_chain.js';
import { allSubnets, orDash, priceText, subnetSummarySchema } from './_info.js';
import { fixed, neuronRows, neuronsSchema, shortKey } from './_neurons.js';

export default defineCommand({
  group: 'subnets',
  name: 'show',
  description: 'show a subnet: owner, pool, price and its neurons',
  options: [netuidOption],
  examples: ['tao subnets show --netuid 1'],
  output: strictObject({
    subnet: subnetSummarySchema,
    block: { type: 'integer' },
    neurons: neuronsSchema(false),
  }),
  async run(ctx, opts: { netuid: number }) {
    const { subnet, block, rows } = await withClient(ctx, async (client) => {
      const found = (await allSubnets(client)).find((s) => s.netuid === opts.netuid);
      if (found === undefined) {
        throw new ChainFailureError(
          `netuid ${opts.netuid}`,
          'SubnetNotExists',
          'subtensorModule',
          `there is no subnet ${opts.netuid}`,
        );
      }
      return { subnet: found, ...(await neuronRows(client, opts.netuid, { weights: false })) };
    });
    const tao = (r: bigint): string => ctx.out.tao(r);
    ctx.out.print(`Subnet ${subnet.netuid}${subnet.name === '' ? '' : ` ${subnet.name} ${subnet.symbol}`}`);
    ctx.out.print(`  owner      ${subnet.owner}`);
    ctx.out.print(`  price      ${priceText(subnet.price, subnet.symbol)}`);
    ctx.out.print(`  market cap ${orDash(subnet.marketCap, tao)}`);
    ctx.out.print(
      `  pool       ${orDash(subnet.taoIn, tao)} / ${orDash(subnet.alphaIn, (r) => ctx.out.alpha(r))}`,
    );
    ctx.out.print(`  emission   ${orDash(subnet.emission, tao)} per block`);
    ctx.out.print(`  tempo      ${subnet.tempo} (${subnet.blocksSinceLastStep} blocks since the last epoch)`);
    ctx.out.print();
    ctx.out.table(
      [
        { header: 'uid', align: 'right' },
        { header: 'hotkey' },
        { header: 'coldkey' },
        { header: 'stake', align: 'right' },
        { header: 'incentive', align: 'right' },
        { header: 'dividends', align: 'right' },
        { header: 'emission', align: 'right' },
        { header: 'vpermit' },
      ],
      rows.map((n) => [
        n.uid,
        shortKey(n.hotkey),
        shortKey(n.coldkey),
        ctx.out.tao(n.stake, { compact: true }),
        fixed(n.incentive),
        fixed(n.dividends),
        ctx.out.tao(n.emission, { compact: true }),
        n.validatorPermit ? '*' : '',
      ]),
    );
    return { subnet, block, neurons: rows };
  },
});
