/** `tao wallet overview`: where the wallet's hotkeys are registered, with uid, stake and emission. */
import { parseUids } from '../../framework/options.js';
import type { CommandContext } from '../../framework/context.js';
import { defineCommand } from '../../framework/spec.js';
import { arrayOf, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { withChain } from './_chain.js';
import { walletEntries } from './_list.js';

interface OverviewOptions {
  all?: boolean;
  netuids?: number[];
}

interface NeuronRow {
  wallet: string;
  hotkeyName: string;
  hotkey: string;
  netuid: number;
  uid: number;
  coldkey: string;
  stake: bigint;
  emission: bigint;
  incentive: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  dividends: number;
  validatorPermit: boolean;
  active: boolean;
}

const ratio = { type: 'number' as const, minimum: 0, maximum: 1 };

async function hotkeysToCheck(
  ctx: CommandContext,
  all: boolean,
): Promise<{ wallet: string; name: string; address: string }[]> {
  const wallets = (await walletEntries(ctx)).filter((w) => all || w.name === ctx.globals.wallet.name);
  return wallets.flatMap((w) =>
    w.hotkeys.flatMap((h) =>
      h.address === null ? [] : [{ wallet: w.name, name: h.name, address: h.address }],
    ),
  );
}

export default defineCommand({
  group: 'wallet',
  name: 'overview',
  description: 'show the subnets each hotkey of the wallet is registered on, with uid, stake and emission',
  details:
    'Reads only public files. Ratios (incentive, trust, …) are 0–1; stake and emission are in rao of the subnet.',
  options: [
    { flags: '-a, --all', description: 'every wallet under --wallet.path' },
    { flags: '--netuids <netuids>', description: 'only these subnets (comma-separated)', parse: parseUids },
  ],
  examples: ['tao wallet overview -w alice', 'tao wallet overview --all --netuids 1,2 --json'],
  output: strictObject({
    network: { type: 'string' },
    hotkeys: { type: 'integer', minimum: 0 },
    neurons: arrayOf(
      strictObject({
        wallet: { type: 'string' },
        hotkeyName: { type: 'string' },
        hotkey: ss58Schema,
        netuid: { type: 'integer', minimum: 0 },
        uid: { type: 'integer', minimum: 0 },
        coldkey: ss58Schema,
        stake: raoSchema,
        emission: raoSchema,
        incentive: ratio,
        consensus: ratio,
        trust: ratio,
        validatorTrust: ratio,
        dividends: ratio,
        validatorPermit: { type: 'boolean' },
        active: { type: 'boolean' },
      }),
    ),
  }),
  async run(ctx, opts: OverviewOptions) {
    const hotkeys = await hotkeysToCheck(ctx, opts.all === true);
    if (hotkeys.length === 0)
      ctx.out.warn(
        `no hotkeys found in ${opts.all === true ? 'any wallet' : `wallet ${ctx.globals.wallet.name}`} under ${ctx.globals.wallet.path}`,
      );
    const spinner = await ctx.out.spinner('Looking up registrations…');
    let neurons: NeuronRow[];
    try {
      neurons = await withChain(ctx, async (client) => {
        const netuids = (await client.subnets()).filter(
          (n) => opts.netuids === undefined || opts.netuids.includes(n),
        );
        const rows: NeuronRow[] = [];
        for (const netuid of netuids) {
          for (const hk of hotkeys) {
            const n = await client.neuron(netuid, hk.address);
            if (n === undefined) continue;
            rows.push({
              wallet: hk.wallet,
              hotkeyName: hk.name,
              hotkey: n.hotkey,
              netuid,
              uid: n.uid,
              coldkey: n.coldkey,
              stake: n.stake.reduce((sum, s) => sum + s.amount, 0n),
              emission: n.emission,
              incentive: n.incentive,
              consensus: n.consensus,
              trust: n.trust,
              validatorTrust: n.validatorTrust,
              dividends: n.dividends,
              validatorPermit: n.validatorPermit,
              active: n.active,
            });
          }
        }
        return rows;
      });
    } finally {
      spinner.stop();
    }
    if (neurons.length === 0) {
      ctx.out.info('none of these hotkeys is registered on a subnet');
    } else {
      const r = { align: 'right' as const };
      const f = (x: number): string => x.toFixed(4);
      ctx.out.table(
        [
          { header: 'Wallet' },
          { header: 'Hotkey' },
          { header: 'Netuid', ...r },
          { header: 'UID', ...r },
          { header: 'Stake', ...r },
          { header: 'Emission', ...r },
          { header: 'Incentive', ...r },
          { header: 'Trust', ...r },
          { header: 'Consensus', ...r },
          { header: 'Dividends', ...r },
          { header: 'VPermit' },
          { header: 'Address' },
        ],
        neurons.map((n) => [
          n.wallet,
          n.hotkeyName,
          n.netuid,
          n.uid,
          ctx.out.tao(n.stake),
          ctx.out.tao(n.emission),
          f(n.incentive),
          f(n.trust),
          f(n.consensus),
          f(n.dividends),
          n.validatorPermit ? '*' : '',
          n.hotkey,
        ]),
      );
    }
    return { network: ctx.globals.network.url, hotkeys: hotkeys.length, neurons };
  },
});
