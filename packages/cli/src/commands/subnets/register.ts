/**
 * `tao subnets register`: give the wallet's hotkey a uid on a subnet, by burning the current cost
 * (default; the coldkey pays) or by proof of work (`--pow`; the hotkey signs, no TAO needed).
 */
import { netuidOption } from '../../framework/options.js';
import { hexSchema, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { coldkeyAddress, hotkeyAddress, openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from './_checks.js';

interface RegisterOptions {
  netuid: number;
  pow?: boolean;
  threads?: number;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new Error('must be a whole number from 1 to 256');
  return n;
}

export default defineCommand({
  group: 'subnets',
  name: 'register',
  description: 'register the wallet hotkey on a subnet, by burn (default) or proof of work (--pow)',
  details:
    'By burn, the coldkey pays the current registration cost (shown before you confirm). With --pow the' +
    ' hotkey solves the subnet’s proof of work on worker threads (progress and hashes/s on a terminal)' +
    ' and signs the registration itself; the hotkey is owned by the wallet’s coldkey either way.',
  options: [
    netuidOption,
    { flags: '--pow', description: 'register by proof of work instead of burning TAO', default: false },
    {
      flags: '--threads <n>',
      description: 'worker threads for --pow',
      defaultDescription: 'all cores',
      parse: parseThreads,
    },
  ],
  examples: ['tao subnets register --netuid 1', 'tao subnets register --netuid 1 --pow --threads 4'],
  output: strictObject({
    netuid: { type: 'integer' },
    uid: { type: 'integer' },
    hotkey: ss58Schema,
    coldkey: ss58Schema,
    method: { enum: ['burn', 'pow'] },
    cost: { ...raoSchema, description: 'rao burned (0 for proof of work)' },
    txHash: hexSchema,
  }),
  async run(ctx, opts: RegisterOptions) {
    const wallet = await openWallet(ctx);
    const hotkey = await hotkeyAddress(wallet);
    const coldkey = await coldkeyAddress(wallet);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      if (opts.pow === true) {
        const difficulty = await client.difficulty(opts.netuid);
        ctx.out.info(`solving proof of work for subnet ${opts.netuid} (difficulty ${difficulty})`);
        const key = await wallet.hotkey();
        const bar = ctx.out.progress({ label: 'PoW', unit: 'hashes' });
        let registered: { uid: number; result: { txHash: string } };
        try {
          registered = await client.powRegister(key, opts.netuid, {
            coldkey,
            ...(opts.threads === undefined ? {} : { threads: opts.threads }),
            onProgress: (p) => bar.update(p.hashes, `block ${p.blockNumber}, ${p.threads} threads`),
          });
        } finally {
          bar.done();
        }
        ctx.out.success(`registered ${hotkey} on subnet ${opts.netuid} as uid ${registered.uid} (PoW)`);
        return {
          netuid: opts.netuid,
          uid: registered.uid,
          hotkey,
          coldkey,
          method: 'pow' as const,
          cost: 0n,
          txHash: registered.result.txHash,
        };
      }
      const cost = await client.burnCost(opts.netuid);
      await ctx.confirm(`Register ${hotkey} on subnet ${opts.netuid}, burning ${ctx.out.tao(cost)}?`);
      const signer = await wallet.coldkey();
      const { uid, result } = await submitting(ctx, 'Registering…', () =>
        client.burnedRegister(signer, opts.netuid, hotkey),
      );
      ctx.out.success(`registered ${hotkey} on subnet ${opts.netuid} as uid ${uid}`);
      return {
        netuid: opts.netuid,
        uid,
        hotkey,
        coldkey,
        method: 'burn' as const,
        cost,
        txHash: result.txHash,
      };
    });
  },
});
