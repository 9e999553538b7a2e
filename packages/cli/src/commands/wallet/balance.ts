/** `tao wallet balance`: free and staked TAO of the wallet's coldkey, of every wallet, or of addresses. */
import { UsageError } from '../../errors.js';
import type { CommandContext } from '../../framework/context.js';
import { defineCommand } from '../../framework/spec.js';
import { arrayOf, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { accountBalance, withChain } from './_chain.js';
import { openWallet, walletErrors } from './_wallet.js';

interface BalanceOptions {
  all?: boolean;
  ss58?: string[];
}

interface Row {
  wallet: string | null;
  address: string;
  free: bigint;
  staked: bigint;
  total: bigint;
}

/** A comma- or space-separated list of SS58-shaped addresses (checksums are checked in `run`). */
function parseAddresses(value: string): string[] {
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new Error('give at least one address');
  for (const p of parts) {
    if (!/^[1-9A-HJ-NP-Za-km-z]{46,50}$/.test(p)) throw new Error(`"${p}" is not an SS58 address`);
  }
  return parts;
}

/** Which accounts to show: the given addresses, every wallet's coldkey, or the selected wallet's. */
async function accounts(
  ctx: CommandContext,
  opts: BalanceOptions,
): Promise<{ wallet: string | null; address: string }[]> {
  if (opts.ss58 !== undefined) {
    const { decodeAddress } = await import('@tao-ts/primitives');
    return opts.ss58.map((address) => {
      decodeAddress(address, '--ss58');
      return { wallet: null, address };
    });
  }
  const names =
    opts.all === true
      ? await (await import('@tao-ts/sdk')).listWallets(ctx.globals.wallet.path)
      : [ctx.globals.wallet.name];
  const out: { wallet: string | null; address: string }[] = [];
  for (const name of names) {
    const wallet = await openWallet(ctx, { name });
    try {
      out.push({ wallet: name, address: (await walletErrors(() => wallet.coldkeypub())).address });
    } catch (error) {
      // With --all, a wallet holding only hotkeys has no coldkey to show; a named wallet must have one.
      if (opts.all !== true) throw error;
    }
  }
  return out;
}

export default defineCommand({
  group: 'wallet',
  name: 'balance',
  description: 'show free and staked TAO of a wallet, of all wallets (--all) or of addresses (--ss58)',
  details:
    'Reads coldkeypub.txt, so no password is asked. Staked is the sum of the coldkey’s stake over all' +
    ' hotkeys and subnets (alpha, shown in τ as btcli does).',
  options: [
    { flags: '-a, --all', description: 'every wallet under --wallet.path' },
    {
      flags: '--ss58 <addresses>',
      description: 'SS58 addresses to show instead of a wallet (comma-separated)',
      parse: parseAddresses,
    },
  ],
  examples: ['tao wallet balance', 'tao wallet balance --all', 'tao wallet balance --ss58 5F…,5G…'],
  output: strictObject({
    network: { type: 'string' },
    balances: arrayOf(
      strictObject({
        wallet: { type: ['string', 'null'] },
        address: ss58Schema,
        free: raoSchema,
        staked: raoSchema,
        total: raoSchema,
      }),
    ),
    totals: strictObject({ free: raoSchema, staked: raoSchema, total: raoSchema }),
  }),
  async run(ctx, opts: BalanceOptions) {
    if (opts.all === true && opts.ss58 !== undefined) {
      throw new UsageError('give either --all or --ss58, not both', { field: '--ss58' });
    }
    const targets = await accounts(ctx, opts);
    if (targets.length === 0) {
      throw new UsageError(`no wallets with a coldkey under ${ctx.globals.wallet.path}`, {
        field: '--wallet.path',
        hint: "create one with 'tao wallet create'",
      });
    }
    const spinner = await ctx.out.spinner(`Reading balances from ${ctx.globals.network.url}…`);
    let rows: Row[];
    try {
      rows = await withChain(ctx, async (client) => {
        const out: Row[] = [];
        for (const target of targets) {
          const { free, staked } = await accountBalance(client, target.address);
          const stake = staked ?? 0n;
          out.push({ ...target, free, staked: stake, total: free + stake });
        }
        return out;
      });
    } finally {
      spinner.stop();
    }
    const sum = (pick: (r: Row) => bigint): bigint => rows.reduce((s, r) => s + pick(r), 0n);
    const totals = { free: sum((r) => r.free), staked: sum((r) => r.staked), total: sum((r) => r.total) };
    const right = { align: 'right' as const };
    ctx.out.table(
      [
        { header: 'Wallet' },
        { header: 'Coldkey' },
        { header: 'Free', ...right },
        { header: 'Staked', ...right },
        { header: 'Total', ...right },
      ],
      [
        ...rows.map((r) => [
          r.wallet ?? '',
          r.address,
          ctx.out.tao(r.free),
          ctx.out.tao(r.staked),
          ctx.out.tao(r.total),
        ]),
        ...(rows.length > 1
          ? [['Total', '', ctx.out.tao(totals.free), ctx.out.tao(totals.staked), ctx.out.tao(totals.total)]]
          : []),
      ],
      `Balances (${ctx.globals.network.name === 'custom' ? ctx.globals.network.url : ctx.globals.network.name})`,
    );
    return { network: ctx.globals.network.url, balances: rows, totals };
  },
});
