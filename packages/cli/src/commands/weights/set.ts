/**
 * `tao weights set`: set the hotkey's weights on a subnet. Unlike btcli there is a plain set: it uses
 * set_weights, or, when the subnet has commit-reveal on, commits and then waits to reveal in the
 * reveal epoch (the wait is shown; Ctrl-C leaves the commit stored for `tao weights reveal`).
 */
import { netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from '../subnets/_checks.js';
import { forgetCommit, storeCommit } from './_commits.js';
import { toEmit, uidsOption, versionKeyOption, weightsOption } from './_weights.js';

interface SetOptions {
  netuid: number;
  uids: number[];
  weights: number[];
  versionKey?: bigint;
}

export default defineCommand({
  group: 'weights',
  name: 'set',
  description: 'set weights on a subnet (commits and reveals when the subnet uses commit-reveal)',
  options: [netuidOption, uidsOption, weightsOption, versionKeyOption],
  examples: ['tao weights set --netuid 1 --uids 0,1 --weights 0.5,0.5'],
  output: strictObject(
    {
      netuid: { type: 'integer' },
      mode: { enum: ['set', 'commit-reveal'] },
      uids: arrayOf({ type: 'integer' }),
      values: arrayOf({ type: 'integer', minimum: 0, maximum: 65535 }),
      txHash: hexSchema,
      revealTxHash: hexSchema,
    },
    ['revealTxHash'],
  ),
  async run(ctx, opts: SetOptions) {
    const emit = await toEmit(opts.uids, opts.weights);
    const wallet = await openWallet(ctx);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      const hotkey = await wallet.hotkey();
      const outcome = await submitting(ctx, 'Setting weights…', () =>
        client.setWeights(hotkey, opts.netuid, emit.uids, emit.values, {
          ...(opts.versionKey === undefined ? {} : { versionKey: opts.versionKey }),
        }),
      );
      if (outcome.mode === 'set') {
        ctx.out.success(`weights set on subnet ${opts.netuid} for ${emit.uids.length} uids`);
        return { netuid: opts.netuid, mode: 'set' as const, ...emit, txHash: outcome.result.txHash };
      }
      const c = outcome.commit;
      // Keep the commit on disk until the reveal lands, so an interrupted wait can be finished later.
      const { file } = await storeCommit(wallet.dir, c);
      const revealed = await submitting(
        ctx,
        `Committed; waiting for epoch ${c.revealEpoch} to reveal…`,
        () => outcome.revealed,
      );
      await forgetCommit(file, c.hash);
      ctx.out.success(`weights committed and revealed on subnet ${opts.netuid}`);
      return {
        netuid: opts.netuid,
        mode: 'commit-reveal' as const,
        ...emit,
        txHash: c.commit.txHash,
        revealTxHash: revealed.txHash,
      };
    });
  },
});
