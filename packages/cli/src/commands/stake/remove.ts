/** `tao stake remove`: unstake α from hotkeys on a subnet back to the coldkey as TAO. */
import { UsageError } from '../../errors.js';
import { amountOption, netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { coldkeyAddress, openWallet, submitting, withClient } from '../_chain.js';
import { includeHotkeysOption, targetHotkeys } from './_hotkeys.js';

interface RemoveOptions {
  amount?: bigint;
  all?: boolean;
  netuid: number;
  includeHotkeys?: string[];
}

export default defineCommand({
  group: 'stake',
  name: 'remove',
  description: 'unstake from hotkeys on a subnet (an amount of α, or --all)',
  options: [
    amountOption('-a, --amount <amount>', 'amount of the subnet’s α to unstake (or "<n> rao")'),
    {
      flags: '--all',
      description: 'unstake everything the coldkey has on each hotkey when the call executes',
      default: false,
    },
    netuidOption,
    includeHotkeysOption,
  ],
  examples: ['tao stake remove --amount 1 --netuid 1', 'tao stake remove --all --netuid 1'],
  output: strictObject({
    netuid: { type: 'integer' },
    coldkey: ss58Schema,
    removed: arrayOf(
      strictObject({ hotkey: ss58Schema, amount: raoSchema, stake: raoSchema, txHash: hexSchema }),
    ),
  }),
  async run(ctx, opts: RemoveOptions) {
    const all = opts.all === true;
    if (all === (opts.amount !== undefined)) throw new UsageError('give exactly one of --amount or --all');
    if (opts.amount !== undefined && opts.amount <= 0n) throw new UsageError('--amount must be positive');
    const wallet = await openWallet(ctx);
    const hotkeys = await targetHotkeys(ctx, wallet, opts.includeHotkeys);
    const coldkeyPub = await coldkeyAddress(wallet);
    return withClient(ctx, async (client) => {
      const plan: { hotkey: string; amount: bigint }[] = [];
      for (const hotkey of hotkeys) {
        const amount = all ? await client.stake(hotkey, coldkeyPub, opts.netuid) : (opts.amount ?? 0n);
        if (amount > 0n) plan.push({ hotkey, amount });
      }
      if (plan.length === 0) {
        ctx.out.info('nothing staked there: nothing to do');
        return { netuid: opts.netuid, coldkey: coldkeyPub, removed: [] };
      }
      const total = plan.reduce((sum, p) => sum + p.amount, 0n);
      await ctx.confirm(
        `Unstake ${ctx.out.alpha(total)} on subnet ${opts.netuid} from ${plan.length} hotkey(s)?`,
      );
      const coldkey = await wallet.coldkey();
      const { unstakedAlpha } = await import('@tao-ts/sdk');
      const removed = [];
      for (const { hotkey, amount } of plan) {
        // --all empties the position when the call executes, including α paid after it was read.
        const result = await submitting(ctx, `Unstaking from ${hotkey}…`, () =>
          all
            ? client.removeAllStake(coldkey, hotkey, opts.netuid)
            : client.removeStake(coldkey, hotkey, opts.netuid, amount),
        );
        const unstaked = all ? unstakedAlpha(result) : amount;
        const stake = await client.stake(hotkey, coldkey.address, opts.netuid);
        ctx.out.success(`unstaked ${ctx.out.alpha(unstaked)} from ${hotkey}: ${ctx.out.alpha(stake)} left`);
        removed.push({ hotkey, amount: unstaked, stake, txHash: result.txHash });
      }
      return { netuid: opts.netuid, coldkey: coldkey.address, removed };
    });
  },
});
