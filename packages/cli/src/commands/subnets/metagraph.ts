/** `tao subnets metagraph`: every neuron of a subnet with stake, scores, emission, permit and axon. */
import { netuidOption } from '../../framework/options.js';
import { strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { withClient } from '../_chain.js';
import { requireSubnet } from './_checks.js';
import { fixed, neuronRows, neuronsSchema, shortKey } from './_neurons.js';

export default defineCommand({
  group: 'subnets',
  name: 'metagraph',
  description: "show a subnet's metagraph: stake, trust, consensus, incentive, dividends, emission",
  details:
    'Reads the full metagraph, weights included: the weights column lists each neuron’s outgoing' +
    ' weights as uid:share (each row sums to 1).',
  options: [netuidOption],
  examples: ['tao subnets metagraph --netuid 1', 'tao subnets metagraph --netuid 1 --json'],
  output: strictObject({
    netuid: { type: 'integer' },
    block: { type: 'integer' },
    neurons: neuronsSchema(true),
  }),
  async run(ctx, opts: { netuid: number }) {
    const { block, rows } = await withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      return neuronRows(client, opts.netuid, { weights: true });
    });
    ctx.out.table(
      [
        { header: 'uid', align: 'right' },
        { header: 'hotkey' },
        { header: 'stake', align: 'right' },
        { header: 'trust', align: 'right' },
        { header: 'consensus', align: 'right' },
        { header: 'incentive', align: 'right' },
        { header: 'dividends', align: 'right' },
        { header: 'emission', align: 'right' },
        { header: 'vpermit' },
        { header: 'updated', align: 'right' },
        { header: 'axon' },
        { header: 'weights' },
      ],
      rows.map((n) => [
        n.uid,
        shortKey(n.hotkey),
        ctx.out.tao(n.stake, { compact: true }),
        fixed(n.trust),
        fixed(n.consensus),
        fixed(n.incentive),
        fixed(n.dividends),
        ctx.out.tao(n.emission, { compact: true }),
        n.validatorPermit ? '*' : '',
        n.lastUpdate,
        n.axon === '' ? '—' : n.axon,
        (n.weights ?? []).map((w) => `${w.uid}:${w.weight.toFixed(2)}`).join(' '),
      ]),
      `Subnet ${opts.netuid} metagraph at block ${block}`,
    );
    return { netuid: opts.netuid, block, neurons: rows };
  },
});
