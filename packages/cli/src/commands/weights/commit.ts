/** `tao weights commit`: commit the hash of weights now and store the salt for `tao weights reveal`. */
import { netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from '../subnets/_checks.js';
import { storeCommit } from './_commits.js';
import { toEmit, uidsOption, versionKeyOption, weightsOption } from './_weights.js';

export default defineCommand({
  group: 'weights',
  name: 'commit',
  description: 'commit weights (commit-reveal subnets); the salt is stored for the reveal',
  details:
    'The commit (uids, values, salt, version key) is stored in <wallet>/weight_commits/' +
    '<hotkey>-<netuid>.json; `tao weights reveal --netuid <n>` reveals it once its reveal epoch comes.',
  options: [netuidOption, uidsOption, weightsOption, versionKeyOption],
  examples: ['tao weights commit --netuid 1 --uids 0,1 --weights 0.5,0.5'],
  output: strictObject({
    netuid: { type: 'integer' },
    hash: hexSchema,
    uids: arrayOf({ type: 'integer' }),
    values: arrayOf({ type: 'integer' }),
    salt: arrayOf({ type: 'integer' }),
    commitEpoch: { type: 'string', pattern: '^[0-9]+$' },
    revealEpoch: { type: 'string', pattern: '^[0-9]+$' },
    file: { type: 'string' },
    txHash: hexSchema,
  }),
  async run(ctx, opts: { netuid: number; uids: number[]; weights: number[]; versionKey?: bigint }) {
    const emit = await toEmit(opts.uids, opts.weights);
    const wallet = await openWallet(ctx);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      const hotkey = await wallet.hotkey();
      const c = await submitting(ctx, 'Committing weights…', () =>
        client.commitWeights(hotkey, opts.netuid, emit.uids, emit.values, {
          ...(opts.versionKey === undefined ? {} : { versionKey: opts.versionKey }),
        }),
      );
      const { file, stored } = await storeCommit(wallet.dir, c);
      ctx.out.success(
        `committed ${c.hash}; reveal in epoch ${c.revealEpoch} with: tao weights reveal --netuid ${opts.netuid}`,
      );
      return {
        netuid: opts.netuid,
        hash: c.hash,
        uids: stored.uids,
        values: stored.values,
        salt: stored.salt,
        commitEpoch: stored.commitEpoch,
        revealEpoch: stored.revealEpoch,
        file,
        txHash: c.commit.txHash,
      };
    });
  },
});
