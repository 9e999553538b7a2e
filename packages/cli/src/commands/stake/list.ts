/** `tao stake list`: a coldkey's stake per hotkey and subnet. */
import { ss58Shape } from '../../framework/options.js';
import { arrayOf, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { coldkeyAddress, openWallet, withClient } from '../_chain.js';

interface StakeRow {
  hotkey: string;
  netuid: number;
  stake: bigint;
  emission: bigint;
  registered: boolean;
}

interface Codec {
  toArray?: () => {
    get(
      key: string,
    ): (Codec & { toBigInt?: () => bigint; toPrimitive(): unknown; toString(): string }) | undefined;
  }[];
}

export default defineCommand({
  group: 'stake',
  name: 'list',
  description: "list a coldkey's stake by hotkey and subnet",
  options: [
    {
      flags: '--ss58 <address>',
      description: 'coldkey to list',
      defaultDescription: 'the wallet coldkey',
      parse: ss58Shape,
    },
  ],
  examples: ['tao stake list', 'tao stake list --ss58 5F… --json'],
  output: strictObject({
    coldkey: ss58Schema,
    stakes: arrayOf(
      strictObject({
        hotkey: ss58Schema,
        netuid: { type: 'integer' },
        stake: raoSchema,
        emission: raoSchema,
        registered: { type: 'boolean' },
      }),
    ),
  }),
  async run(ctx, opts: { ss58?: string }) {
    const coldkey = opts.ss58 ?? (await coldkeyAddress(await openWallet(ctx)));
    const stakes = await withClient(ctx, async (client) => {
      const answer = (await client.runtimeApi(
        'stakeInfoRuntimeApi',
        'getStakeInfoForColdkey',
      )(coldkey)) as Codec;
      const rows: StakeRow[] = [];
      for (const info of answer.toArray?.() ?? []) {
        const big = (k: string): bigint => info.get(k)?.toBigInt?.() ?? 0n;
        rows.push({
          hotkey: info.get('hotkey')?.toString() ?? '',
          netuid: Number(big('netuid')),
          stake: big('stake'),
          emission: big('emission'),
          registered: info.get('isRegistered')?.toPrimitive() === true,
        });
      }
      return rows
        .filter((r) => r.stake > 0n)
        .sort((a, b) => a.netuid - b.netuid || a.hotkey.localeCompare(b.hotkey));
    });
    ctx.out.table(
      [
        { header: 'netuid', align: 'right' },
        { header: 'hotkey' },
        { header: 'stake', align: 'right' },
        { header: 'emission', align: 'right' },
        { header: 'registered' },
      ],
      stakes.map((s) => [
        s.netuid,
        s.hotkey,
        ctx.out.alpha(s.stake),
        ctx.out.alpha(s.emission),
        s.registered ? 'yes' : 'no',
      ]),
      `Stake of ${coldkey}`,
    );
    return { coldkey, stakes };
  },
});
