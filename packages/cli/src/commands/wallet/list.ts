/** `tao wallet list`: the wallets under --wallet.path with their coldkey and hotkey addresses. */
import { defineCommand } from '../../framework/spec.js';
import { arrayOf, ss58Schema, strictObject } from '../../framework/schema.js';
import { walletEntries } from './_list.js';

const nullableAddress = { anyOf: [ss58Schema, { type: 'null' as const }] };

export default defineCommand({
  group: 'wallet',
  name: 'list',
  description: 'list the wallets and their hotkeys with addresses',
  details: 'Reads only public files: no password is asked. A tree on a terminal, a table otherwise.',
  examples: ['tao wallet list', 'tao wallet list --wallet.path ~/other-wallets --json'],
  output: strictObject({
    path: { type: 'string' },
    wallets: arrayOf(
      strictObject({
        name: { type: 'string' },
        coldkey: nullableAddress,
        hotkeys: arrayOf(strictObject({ name: { type: 'string' }, address: nullableAddress })),
      }),
    ),
  }),
  async run(ctx) {
    const wallets = await walletEntries(ctx);
    const path = ctx.globals.wallet.path;
    const show = (a: string | null): string => a ?? '?';
    if (wallets.length === 0) {
      ctx.out.info(`no wallets under ${path}; create one with 'tao wallet create'`);
    } else if (ctx.io.stdout.isTTY === true) {
      const c = ctx.out.color;
      ctx.out.print(c.bold(`Wallets (${path})`));
      wallets.forEach((w, i) => {
        const lastWallet = i === wallets.length - 1;
        ctx.out.print(`${lastWallet ? '└──' : '├──'} ${c.bold(w.name)} (${c.cyan(show(w.coldkey))})`);
        w.hotkeys.forEach((h, j) => {
          const branch = j === w.hotkeys.length - 1 ? '└──' : '├──';
          ctx.out.print(`${lastWallet ? '    ' : '│   '}${branch} ${h.name} (${c.cyan(show(h.address))})`);
        });
      });
    } else {
      const rows = wallets.flatMap((w) => [
        [w.name, '', show(w.coldkey)],
        ...w.hotkeys.map((h) => [w.name, h.name, show(h.address)]),
      ]);
      ctx.out.table([{ header: 'Wallet' }, { header: 'Hotkey' }, { header: 'Address' }], rows);
    }
    return { path, wallets };
  },
});
