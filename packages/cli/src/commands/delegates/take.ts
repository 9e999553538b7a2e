/** `tao delegates take`: show a hotkey's delegate take, or set it with --take (percent). */
import { UsageError } from '../../errors.js';
import { ss58Shape } from '../../framework/options.js';
import { hexSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { hotkeyAddress, openWallet, percent, submitting, withClient } from '../_chain.js';

const U16_MAX = 65535;

function parsePercent(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw new Error('must be a percentage from 0 to 100');
  return n;
}

export default defineCommand({
  group: 'delegates',
  name: 'take',
  description: "show a hotkey's delegate take, or set it with --take <percent>",
  details:
    'Setting needs the hotkey’s coldkey; the chain allows 0–18% and rate-limits increases. The take is' +
    ' stored as a u16 fraction of 65535, so the set value is the nearest representable one.',
  options: [
    { flags: '--take <percent>', description: 'new take in percent, e.g. 10 or 9.5', parse: parsePercent },
    {
      flags: '--hotkey <ss58>',
      description: 'hotkey to read (setting always uses the wallet hotkey)',
      parse: ss58Shape,
    },
  ],
  examples: ['tao delegates take', 'tao delegates take --take 10'],
  output: strictObject(
    {
      hotkey: ss58Schema,
      take: { type: 'number', minimum: 0, maximum: 100, description: 'percent' },
      takeRaw: { type: 'integer', minimum: 0, maximum: U16_MAX },
      changed: { type: 'boolean' },
      txHash: hexSchema,
    },
    ['txHash'],
  ),
  async run(ctx, opts: { take?: number; hotkey?: string }) {
    if (opts.take !== undefined && opts.hotkey !== undefined) {
      throw new UsageError('--hotkey is only for reading; setting uses the wallet hotkey', {
        field: '--hotkey',
      });
    }
    const wallet = await openWallet(ctx);
    const hotkey = opts.hotkey ?? (await hotkeyAddress(wallet));
    return withClient(ctx, async (client) => {
      const current = await client.delegateTake(hotkey);
      if (opts.take === undefined) {
        ctx.out.print(`take of ${hotkey}: ${percent(current / U16_MAX)}%`);
        return { hotkey, take: Number(percent(current / U16_MAX)), takeRaw: current, changed: false };
      }
      const raw = Math.round((opts.take / 100) * U16_MAX);
      if (raw === current) {
        ctx.out.info(`take is already ${percent(current / U16_MAX)}%`);
        return { hotkey, take: Number(percent(current / U16_MAX)), takeRaw: current, changed: false };
      }
      await ctx.confirm(`Change the take of ${hotkey} from ${percent(current / U16_MAX)}% to ${opts.take}%?`);
      const coldkey = await wallet.coldkey();
      const result = await submitting(ctx, 'Setting the take…', () =>
        client.setDelegateTake(coldkey, hotkey, raw),
      );
      const now = await client.delegateTake(hotkey);
      ctx.out.success(`take of ${hotkey} is now ${percent(now / U16_MAX)}%`);
      return {
        hotkey,
        take: Number(percent(now / U16_MAX)),
        takeRaw: now,
        changed: true,
        txHash: result.txHash,
      };
    });
  },
});
