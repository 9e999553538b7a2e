/** `tao subnets hyperparameters`: a subnet's hyperparameters under btcli's names. */
import { netuidOption } from '../../framework/options.js';
import { strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { withClient } from '../_chain.js';
import { requireSubnet } from './_checks.js';
import { hyperValueSchema, readHyperparameters, SETTERS, showValue } from './_hyper.js';

export default defineCommand({
  group: 'subnets',
  name: 'hyperparameters',
  description: "show a subnet's hyperparameters",
  details: "Names are btcli's; those with a setter can be changed with 'tao sudo set <name> <value>'.",
  options: [netuidOption],
  examples: ['tao subnets hyperparameters --netuid 1', 'tao subnets hyperparameters --netuid 1 --json'],
  output: strictObject({
    netuid: { type: 'integer' },
    hyperparameters: { type: 'object', additionalProperties: hyperValueSchema },
  }),
  async run(ctx, opts: { netuid: number }) {
    const hyperparameters = await withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      return readHyperparameters(client, opts.netuid);
    });
    ctx.out.table(
      [{ header: 'hyperparameter' }, { header: 'value', align: 'right' }, { header: 'set by' }],
      Object.entries(hyperparameters).map(([name, value]) => {
        const setter = SETTERS[name];
        return [name, showValue(value), setter === undefined ? '' : setter.root ? 'sudo' : 'owner'];
      }),
      `Subnet ${opts.netuid} hyperparameters`,
    );
    return { netuid: opts.netuid, hyperparameters };
  },
});
