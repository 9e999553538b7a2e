/** `tao wallet verify`: check a signature over a UTF-8 message (as `tao wallet sign` / btcli make them). */
import { CliError, UsageError } from '../../errors.js';
import { ss58Shape } from '../../framework/options.js';
import { defineCommand } from '../../framework/spec.js';
import { ss58Schema, strictObject } from '../../framework/schema.js';

interface VerifyOptions {
  message: string;
  signature: string;
  address?: string;
  publicKey?: string;
  cryptoType: 'sr25519' | 'ed25519';
}

export default defineCommand({
  group: 'wallet',
  name: 'verify',
  description: 'verify a signature over a message against an address or public key',
  details:
    'The signature is over the UTF-8 bytes of the message; signatures over <Bytes>…</Bytes>-wrapped' +
    ' messages (polkadot.js extensions) are accepted too. Exits with status 1 when it does not verify.',
  options: [
    { flags: '-m, --message <text>', description: 'the signed message (UTF-8)', required: true },
    { flags: '-s, --signature <hex>', description: 'the signature, 64 bytes as hex', required: true },
    { flags: '--address <ss58>', description: 'the signer’s SS58 address', parse: ss58Shape },
    {
      flags: '--public-key <hex>',
      description: 'the signer’s public key (32 bytes hex), instead of --address',
    },
    {
      flags: '--crypto-type <type>',
      description: 'key type',
      choices: ['sr25519', 'ed25519'],
      default: 'sr25519',
    },
  ],
  examples: [
    'tao wallet verify -m "hello" -s 0x… --address 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  ],
  output: strictObject({
    valid: { const: true },
    address: ss58Schema,
    cryptoType: { enum: ['sr25519', 'ed25519'] },
  }),
  async run(ctx, opts: VerifyOptions) {
    if ((opts.address === undefined) === (opts.publicKey === undefined)) {
      throw new UsageError('give exactly one of --address or --public-key', { field: '--address' });
    }
    const { cryptoReady, decodeAddress, encodeAddress, fromHex, utf8, verifySignature } =
      await import('@tao-ts/primitives');
    await cryptoReady();
    const publicKey =
      opts.address !== undefined
        ? decodeAddress(opts.address, '--address')
        : fromHex(opts.publicKey ?? '', '--public-key', 32);
    const signature = fromHex(opts.signature, '--signature', 64);
    const message = utf8(opts.message);
    const wrapped = utf8(`<Bytes>${opts.message}</Bytes>`);
    const valid =
      verifySignature(message, signature, publicKey, opts.cryptoType) ||
      verifySignature(wrapped, signature, publicKey, opts.cryptoType);
    const address = encodeAddress(publicKey);
    if (!valid) {
      throw new CliError('SIGNATURE_INVALID', `the signature does not verify for ${address}`, {
        field: '--signature',
        hint: 'check the message is exactly what was signed (same spaces and case) and the key type',
      });
    }
    ctx.out.success(`signature is valid for ${address}`);
    return { valid: true, address, cryptoType: opts.cryptoType };
  },
});
