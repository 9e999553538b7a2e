/** `tao delegates list`: every delegate hotkey with its owner, take and nominators. */
import { arrayOf, ss58Schema, strictObject } from '../../framework/schema.js';
import { defineCommand } from '../../framework/spec.js';
import { percent, withClient } from '../_chain.js';

export default defineCommand({
  group: 'delegates',
  name: 'list',
  description: 'list delegates: hotkey, owner, take, nominators and subnets',
  examples: ['tao delegates list', 'tao delegates list --json'],
  output: strictObject({
    delegates: arrayOf(
      strictObject({
        hotkey: ss58Schema,
        owner: ss58Schema,
        take: { type: 'number', minimum: 0, maximum: 100, description: 'percent' },
        nominators: { type: 'integer' },
        registrations: arrayOf({ type: 'integer' }),
        validatorPermits: arrayOf({ type: 'integer' }),
      }),
    ),
  }),
  async run(ctx) {
    const delegates = (await withClient(ctx, (client) => client.delegates())).map((d) => ({
      hotkey: d.hotkey,
      owner: d.owner,
      take: Number(percent(d.take)),
      nominators: d.nominators,
      registrations: [...d.registrations],
      validatorPermits: [...d.validatorPermits],
    }));
    ctx.out.table(
      [
        { header: 'hotkey' },
        { header: 'owner' },
        { header: 'take', align: 'right' },
        { header: 'nominators', align: 'right' },
        { header: 'subnets' },
      ],
      delegates.map((d) => [d.hotkey, d.owner, `${d.take}%`, d.nominators, d.registrations.join(',')]),
    );
    return { delegates };
  },
});
