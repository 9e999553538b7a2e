/**
 * `tao sudo set <param> <value> --netuid`: change a subnet hyperparameter through AdminUtils, by btcli's
 * name. Without arguments it lists the settable parameters with their current values. The subnet owner
 * signs owner parameters; when the wallet's coldkey is the chain's sudo key the call is wrapped in
 * Sudo.sudo (needed for root-only parameters such as difficulty or tempo).
 */
import { CliError, UsageError } from '../../errors.js';
import { netuidOption } from '../../framework/options.js';
import { arrayOf, hexSchema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { coldkeyAddress, openWallet, submitting, withClient } from '../_chain.js';
import { requireSubnet } from '../subnets/_checks.js';
import {
  hyperValueSchema,
  readHyperparameters,
  SETTERS,
  showValue,
  type HyperValue,
} from '../subnets/_hyper.js';
import { hasAdminCall, parseParamValue, sudoFailure } from './_sudo.js';

const NAMES = Object.keys(SETTERS).sort();

export default defineCommand({
  group: 'sudo',
  name: 'set',
  description: 'set a subnet hyperparameter (owner or sudo); without arguments, list them with values',
  details:
    `Parameters (btcli's names): ${NAMES.join(', ')}. Those marked sudo need the chain's sudo key;` +
    ' the others the subnet owner’s coldkey. Booleans: true/false.',
  arguments: [
    { name: 'param', description: 'hyperparameter name, e.g. difficulty' },
    { name: 'value', description: 'new value' },
  ],
  options: [netuidOption],
  examples: [
    'tao sudo set --netuid 1',
    'tao sudo set difficulty 1000 --netuid 1',
    'tao sudo set commit_reveal_weights_enabled false --netuid 1',
  ],
  output: {
    anyOf: [
      strictObject({
        netuid: { type: 'integer' },
        parameters: arrayOf(
          strictObject({
            name: { type: 'string' },
            value: hyperValueSchema,
            setBy: { enum: ['owner', 'sudo'] },
          }),
        ),
      }),
      strictObject({
        netuid: { type: 'integer' },
        param: { type: 'string' },
        previous: hyperValueSchema,
        value: hyperValueSchema,
        viaSudo: { type: 'boolean' },
        txHash: hexSchema,
      }),
    ],
  },
  async run(ctx, opts: { netuid: number }, args) {
    const param = args[0] as string | undefined;
    const raw = args[1] as string | undefined;
    if (param === undefined) {
      const { values, callable } = await withClient(ctx, async (client) => {
        await requireSubnet(client, opts.netuid);
        return {
          values: await readHyperparameters(client, opts.netuid),
          callable: NAMES.filter((n) => hasAdminCall(client, SETTERS[n]?.call ?? '')),
        };
      });
      // Only what this runtime can actually set: names whose AdminUtils call exists and value is known.
      const parameters = callable
        .filter((n) => n in values)
        .map((name) => ({
          name,
          value: values[name] as HyperValue,
          setBy: SETTERS[name]?.root === true ? ('sudo' as const) : ('owner' as const),
        }));
      ctx.out.table(
        [{ header: 'parameter' }, { header: 'value', align: 'right' }, { header: 'set by' }],
        parameters.map((p) => [p.name, showValue(p.value), p.setBy]),
        `Settable parameters of subnet ${opts.netuid}`,
      );
      return { netuid: opts.netuid, parameters };
    }
    const setter = SETTERS[param];
    if (setter === undefined) {
      throw new UsageError(`unknown hyperparameter "${param}"`, {
        field: 'param',
        hint: `one of: ${NAMES.join(', ')} (list them with 'tao sudo set --netuid <n>')`,
      });
    }
    if (raw === undefined) throw new UsageError(`give a value for ${param}`, { field: 'value' });
    const wallet = await openWallet(ctx);
    const address = await coldkeyAddress(wallet);
    return withClient(ctx, async (client) => {
      await requireSubnet(client, opts.netuid);
      const previous = (await readHyperparameters(client, opts.netuid))[param] ?? '';
      const value = parseParamValue(client, setter.call, raw);
      const sudoKey = (await client.query('sudo', 'key')()).toString();
      const viaSudo = sudoKey === address;
      if (setter.root && !viaSudo) {
        throw new CliError('SUDO_REQUIRED', `${param} can only be set by the sudo key`, {
          field: 'param',
          hint: 'sign with the sudo coldkey (//Alice on a dev chain) via --wallet.name',
        });
      }
      await ctx.confirm(`Set ${param} of subnet ${opts.netuid} from ${showValue(previous)} to ${raw}?`);
      const coldkey = await wallet.coldkey();
      const callArgs = [opts.netuid, value];
      const result = await submitting(ctx, `Setting ${param}…`, () =>
        viaSudo
          ? client.sudo(coldkey, 'adminUtils', setter.call, callArgs)
          : client.submit(coldkey, 'adminUtils', setter.call, callArgs),
      );
      const failure = viaSudo ? sudoFailure(client, result, setter.call) : undefined;
      if (failure !== undefined) throw failure;
      const now = (await readHyperparameters(client, opts.netuid))[param] ?? '';
      ctx.out.success(`${param} of subnet ${opts.netuid} is now ${showValue(now)}`);
      return { netuid: opts.netuid, param, previous, value: now, viaSudo, txHash: result.txHash };
    });
  },
});
