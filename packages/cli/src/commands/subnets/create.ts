/** `tao subnets create`: register a new subnet (burns the lock cost), optionally with its identity. */
import { hexSchema, raoSchema, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import {
  ChainFailureError,
  eventBig,
  findEvent,
  hotkeyAddress,
  openWallet,
  submitting,
  withClient,
} from '../_chain.js';
import { hasIdentity, identityOptions, identityStruct, type IdentityOptions } from './_identity.js';

export default defineCommand({
  group: 'subnets',
  name: 'create',
  description: 'create a subnet owned by the wallet (burns the current lock cost)',
  details:
    'The coldkey pays the network lock cost (see it in the confirmation) and becomes the owner; the' +
    ' wallet hotkey becomes the owner hotkey. Start emissions afterwards with `tao subnets start`.',
  options: identityOptions,
  examples: ['tao subnets create --subnet-name mynet --github-repo https://github.com/me/mynet'],
  output: strictObject({
    netuid: { type: 'integer' },
    owner: ss58Schema,
    hotkey: ss58Schema,
    lockCost: raoSchema,
    txHash: hexSchema,
    blockHash: hexSchema,
  }),
  async run(ctx, opts: IdentityOptions) {
    const wallet = await openWallet(ctx);
    const hotkey = await hotkeyAddress(wallet);
    return withClient(ctx, async (client) => {
      const lockCost = BigInt(
        (
          (await client.runtimeApi(
            'subnetRegistrationRuntimeApi',
            'getNetworkRegistrationCost',
          )()) as unknown as {
            toBigInt(): bigint;
          }
        ).toBigInt(),
      );
      await ctx.confirm(`Create a subnet, burning ${ctx.out.tao(lockCost)} (lock cost)?`);
      const coldkey = await wallet.coldkey();
      const result = await submitting(ctx, 'Creating the subnet…', () =>
        hasIdentity(opts)
          ? client.submit(coldkey, 'subtensorModule', 'registerNetworkWithIdentity', [
              hotkey,
              identityStruct(opts),
            ])
          : client.submit(coldkey, 'subtensorModule', 'registerNetwork', [hotkey]),
      );
      const added = findEvent(result, 'subtensorModule', 'NetworkAdded');
      if (added === undefined) {
        throw new ChainFailureError('registerNetwork', 'NetworkAdded', undefined, 'no NetworkAdded event');
      }
      const netuid = Number(eventBig(added.data[0]));
      ctx.out.success(`created subnet ${netuid} (owner ${coldkey.address})`);
      ctx.out.info(`start it with: tao subnets start --netuid ${netuid}`);
      return {
        netuid,
        owner: coldkey.address,
        hotkey,
        lockCost,
        txHash: result.txHash,
        blockHash: result.blockHash ?? '0x',
      };
    });
  },
});
