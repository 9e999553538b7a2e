/** `tao subnets start`: the owner's start_call, which begins the subnet's emissions. */
import { netuidOption } from '../../framework/options.js';
import { hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from './_checks.js';

export default defineCommand({
  group: 'subnets',
  name: 'start',
  description: "start a subnet's emissions (owner only)",
  options: [netuidOption],
  examples: ['tao subnets start --netuid 2'],
  output: strictObject({ netuid: { type: 'integer' }, txHash: hexSchema, blockHash: hexSchema }),
  async run(ctx, opts: { netuid: number }) {
    const wallet = await openWallet(ctx);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      const coldkey = await wallet.coldkey();
      const result = await submitting(ctx, `Starting subnet ${opts.netuid}…`, () =>
        client.submit(coldkey, 'subtensorModule', 'startCall', [opts.netuid]),
      );
      ctx.out.success(`subnet ${opts.netuid} started`);
      return { netuid: opts.netuid, txHash: result.txHash, blockHash: result.blockHash ?? '0x' };
    });
  },
});
