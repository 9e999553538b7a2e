/** `tao wallet sign`: sign a UTF-8 message with the coldkey (or hotkey), as btcli does. */
import { defineCommand } from '../../framework/spec.js';
import { ss58Schema, strictObject } from '../../framework/schema.js';
import { openWallet, walletErrors } from './_wallet.js';

interface SignOptions {
  message: string;
  useHotkey?: boolean;
}

export default defineCommand({
  group: 'wallet',
  name: 'sign',
  description: 'sign a message with the wallet’s coldkey (or hotkey) and print the signature',
  details:
    'Signs the UTF-8 bytes of the message with sr25519 and prints the 64-byte signature as hex without' +
    " 0x (btcli's format). Check it with 'tao wallet verify'. The coldkey may ask for its password.",
  options: [
    { flags: '-m, --message <text>', description: 'the message to sign (UTF-8)', required: true },
    { flags: '--use-hotkey', description: 'sign with the hotkey instead of the coldkey' },
  ],
  examples: ['tao wallet sign -m "hello"', 'tao wallet sign -m "hello" --use-hotkey -H miner1'],
  output: strictObject({
    message: { type: 'string' },
    signature: { type: 'string', pattern: '^[0-9a-f]{128}$' },
    address: ss58Schema,
    key: { enum: ['coldkey', 'hotkey'] },
  }),
  async run(ctx, opts: SignOptions) {
    const { utf8 } = await import('@tao-ts/primitives');
    const wallet = await openWallet(ctx);
    const kind = opts.useHotkey === true ? 'hotkey' : 'coldkey';
    const key = await walletErrors(() => (kind === 'hotkey' ? wallet.hotkey() : wallet.coldkey()));
    const signature = Buffer.from(key.sign(utf8(opts.message))).toString('hex');
    ctx.out.info(`signed by the ${kind} ${key.address}`);
    ctx.out.print(signature);
    return { message: opts.message, signature, address: key.address, key: kind };
  },
});
