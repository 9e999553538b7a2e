/** `tao wallet transfer`: send TAO from the wallet's coldkey to an address. */
import { UsageError } from '../../errors.js';
import { amountOption, ss58Shape } from '../../framework/options.js';
import { defineCommand } from '../../framework/spec.js';
import { raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { withChain } from './_chain.js';
import { paidFee, planTransfer, transferredAmount } from './_transfer.js';
import { openWallet, walletErrors } from './_wallet.js';

interface TransferOptions {
  dest: string;
  amount?: bigint;
  all?: boolean;
  allowDeath?: boolean;
}

export default defineCommand({
  group: 'wallet',
  name: 'transfer',
  description: 'send TAO from the wallet’s coldkey to an address',
  details:
    'Checks the address and that the balance covers the amount and the fee before asking for the' +
    ' coldkey’s password, asks for confirmation (unless --no-prompt), then waits for the block that' +
    ' includes the transfer. By default the sender is kept above the existential deposit' +
    ' (transfer_keep_alive); --allow-death lets it be emptied.',
  options: [
    { flags: '-d, --dest <ss58>', description: 'destination SS58 address', required: true, parse: ss58Shape },
    amountOption('-a, --amount <amount>', 'amount in TAO (or "<n> rao")'),
    { flags: '--all', description: 'send the whole free balance (less the fee)' },
    {
      flags: '--allow-death',
      description: 'allow the sending account to drop below the existential deposit',
    },
  ],
  examples: [
    'tao wallet transfer --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5',
    'tao wallet transfer -d 5F… --all --allow-death --no-prompt --json',
  ],
  output: strictObject({
    from: ss58Schema,
    dest: ss58Schema,
    amount: raoSchema,
    fee: raoSchema,
    feeExact: { type: 'boolean', description: 'false when the fee is the pre-submission estimate' },
    keepAlive: { type: 'boolean' },
    blockHash: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    txHash: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
    balanceBefore: raoSchema,
    balanceAfter: raoSchema,
  }),
  async run(ctx, opts: TransferOptions) {
    if ((opts.amount === undefined) === (opts.all !== true)) {
      throw new UsageError('give exactly one of --amount or --all', { field: '--amount' });
    }
    if (opts.amount !== undefined && opts.amount <= 0n) {
      throw new UsageError('--amount: must be more than zero', { field: '--amount' });
    }
    const { decodeAddress } = await import('@tao-ts/primitives');
    decodeAddress(opts.dest, '--dest');
    const wallet = await openWallet(ctx);
    const from = (await walletErrors(() => wallet.coldkeypub())).address;
    const keepAlive = opts.allowDeath !== true;
    const tao = (rao: bigint): string => ctx.out.tao(rao);
    return withChain(ctx, async (client) => {
      const plan = await planTransfer(
        client,
        from,
        opts.dest,
        { amount: opts.amount, all: opts.all === true, keepAlive },
        tao,
      );
      await ctx.confirm(
        `Transfer ${tao(plan.amount)} from ${from} to ${opts.dest} (fee ≈ ${tao(plan.fee)}) on ${ctx.globals.network.url}?`,
      );
      const signer = await walletErrors(() => wallet.coldkey());
      const spinner = await ctx.out.spinner('Waiting for the transfer to be included…');
      let result;
      try {
        result = await client.submit(signer, 'balances', plan.method, plan.args, { waitFor: 'inBlock' });
      } finally {
        spinner.stop();
      }
      const amount = transferredAmount(result.events, plan.amount);
      const exact = await paidFee(client, from, result.blockHash, result.events, amount);
      const fee = exact ?? plan.fee;
      const balanceAfter = await client.balance(from);
      ctx.out.success(`transferred ${tao(amount)} to ${opts.dest}`);
      ctx.out.table(
        [{ header: 'Field' }, { header: 'Value' }],
        [
          ['from', from],
          ['to', opts.dest],
          ['amount', tao(amount)],
          ['fee', `${tao(fee)}${exact === undefined ? ' (estimate)' : ''}`],
          ['balance', `${tao(plan.free)} → ${tao(balanceAfter)}`],
          ['block', result.blockHash ?? ''],
        ],
      );
      return {
        from,
        dest: opts.dest,
        amount,
        fee,
        feeExact: exact !== undefined,
        keepAlive,
        blockHash: result.blockHash ?? '',
        txHash: result.txHash,
        balanceBefore: plan.free,
        balanceAfter,
      };
    });
  },
});
