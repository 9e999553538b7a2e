/** `tao weights reveal`: reveal the stored commits of the hotkey on a subnet (waiting for their epoch). */
import { netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { CliError } from '../../errors.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { commitsFile, forgetCommit, readCommits } from './_commits.js';

export default defineCommand({
  group: 'weights',
  name: 'reveal',
  description: 'reveal the weights committed with `tao weights commit` (waits for the reveal epoch)',
  details: 'Reads <wallet>/weight_commits/<hotkey>-<netuid>.json and removes each commit once revealed.',
  options: [netuidOption],
  examples: ['tao weights reveal --netuid 1'],
  output: strictObject({
    netuid: { type: 'integer' },
    revealed: arrayOf(strictObject({ hash: hexSchema, txHash: hexSchema })),
  }),
  async run(ctx, opts: { netuid: number }) {
    const wallet = await openWallet(ctx);
    return withClient(ctx, async (client) => {
      const hotkey = await wallet.hotkey();
      const file = commitsFile(wallet.dir, hotkey.address, opts.netuid);
      const pending = await readCommits(file);
      if (pending.length === 0) {
        throw new CliError(
          'NO_PENDING_COMMIT',
          `no stored commit for ${hotkey.address} on subnet ${opts.netuid}`,
          {
            hint: `commit first with 'tao weights commit --netuid ${opts.netuid} …' (looked in ${file})`,
          },
        );
      }
      const revealed: { hash: string; txHash: string }[] = [];
      for (const c of pending) {
        const result = await submitting(ctx, `Revealing ${c.hash} (epoch ${c.revealEpoch})…`, () =>
          client.revealWhenDue(hotkey, {
            netuid: c.netuid,
            hotkey: c.hotkey,
            uids: c.uids,
            values: c.values,
            salt: c.salt,
            versionKey: BigInt(c.versionKey),
            hash: c.hash,
            commitEpoch: BigInt(c.commitEpoch),
            revealEpoch: BigInt(c.revealEpoch),
            commit: { txHash: c.txHash, blockHash: undefined, events: [], finalized: false },
          }),
        );
        revealed.push({ hash: c.hash, txHash: result.txHash });
        await forgetCommit(file, c.hash);
        ctx.out.success(`revealed ${c.hash}`);
      }
      return { netuid: opts.netuid, revealed };
    });
  },
});
