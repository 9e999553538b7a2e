/** `tao stake add`: stake TAO from the coldkey to hotkeys on a subnet. */
import { UsageError } from '../../errors.js';
import { amountOption, netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { includeHotkeysOption, targetHotkeys } from './_hotkeys.js';

interface AddOptions {
  amount?: bigint;
  netuid: number;
  includeHotkeys?: string[];
}

export default defineCommand({
  group: 'stake',
  name: 'add',
  description: 'stake TAO from the coldkey to one or more hotkeys on a subnet',
  details: 'The amount is staked to each hotkey. The stake is held as the subnet’s α at the pool price.',
  options: [{ ...amountOption(), required: true }, netuidOption, includeHotkeysOption],
  examples: [
    'tao stake add --amount 10 --netuid 1',
    'tao stake add -a 5 --netuid 1 --include-hotkeys 5F…,5G…',
  ],
  output: strictObject({
    netuid: { type: 'integer' },
    coldkey: ss58Schema,
    stakes: arrayOf(
      strictObject({ hotkey: ss58Schema, amount: raoSchema, stake: raoSchema, txHash: hexSchema }),
    ),
  }),
  async run(ctx, opts: AddOptions) {
    if (opts.amount === undefined || opts.amount <= 0n) throw new UsageError('--amount must be positive');
    const amount = opts.amount;
    const wallet = await openWallet(ctx);
    const hotkeys = await targetHotkeys(ctx, wallet, opts.includeHotkeys);
    return withClient(ctx, async (client) => {
      await ctx.confirm(
        `Stake ${ctx.out.tao(amount)} to ${hotkeys.length === 1 ? hotkeys[0] : `${hotkeys.length} hotkeys`} on subnet ${opts.netuid}?`,
      );
      const coldkey = await wallet.coldkey();
      const stakes = [];
      for (const hotkey of hotkeys) {
        const result = await submitting(ctx, `Staking to ${hotkey}…`, () =>
          client.addStake(coldkey, hotkey, opts.netuid, amount),
        );
        const stake = await client.stake(hotkey, coldkey.address, opts.netuid);
        ctx.out.success(`staked ${ctx.out.tao(amount)} to ${hotkey}: now ${ctx.out.alpha(stake)}`);
        stakes.push({ hotkey, amount, stake, txHash: result.txHash });
      }
      return { netuid: opts.netuid, coldkey: coldkey.address, stakes };
    });
  },
});
