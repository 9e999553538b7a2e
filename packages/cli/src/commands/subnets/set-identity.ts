/** `tao subnets set-identity`: the owner sets the subnet's name, links and description. */
import { netuidOption } from '../../framework/options.js';
import { hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { UsageError } from '../../errors.js';
import { openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from './_checks.js';
import { hasIdentity, identityFields, identityOptions, type IdentityOptions } from './_identity.js';

export default defineCommand({
  group: 'subnets',
  name: 'set-identity',
  description: "set a subnet's identity (owner only); fields not given are cleared",
  options: [netuidOption, ...identityOptions],
  examples: ['tao subnets set-identity --netuid 2 --subnet-name mynet --subnet-url https://mynet.example'],
  output: strictObject({
    netuid: { type: 'integer' },
    identity: { type: 'object', additionalProperties: { type: 'string' } },
    txHash: hexSchema,
  }),
  async run(ctx, opts: IdentityOptions & { netuid: number }) {
    if (!hasIdentity(opts)) throw new UsageError('give at least one identity field, e.g. --subnet-name');
    const wallet = await openWallet(ctx);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      const coldkey = await wallet.coldkey();
      const fields = identityFields(opts);
      const result = await submitting(ctx, 'Setting the identity…', () =>
        client.submit(coldkey, 'subtensorModule', 'setSubnetIdentity', [opts.netuid, ...fields]),
      );
      ctx.out.success(`identity of subnet ${opts.netuid} set`);
      const names = [
        'subnetName',
        'githubRepo',
        'subnetContact',
        'subnetUrl',
        'discord',
        'description',
        'logoUrl',
        'additionalInfo',
      ];
      const identity = Object.fromEntries(names.map((n, i) => [n, fields[i] ?? '']));
      return { netuid: opts.netuid, identity, txHash: result.txHash };
    });
  },
});
