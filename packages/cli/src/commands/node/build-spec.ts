/** `tao node build-spec`: print a chain spec as JSON. */
import { defineCommand } from '../../framework/spec.js';

interface BuildSpecOptions {
  chain: string;
  raw?: boolean;
}

export default defineCommand({
  group: 'node',
  name: 'build-spec',
  description: 'print a chain spec as JSON (genesis config, or raw storage with --raw)',
  options: [
    { flags: '--chain <chain>', description: 'dev, fair-launch or a chain spec JSON file', default: 'dev' },
    { flags: '--raw', description: 'print the genesis as raw storage' },
  ],
  examples: ['tao node build-spec --chain dev --raw > spec.json'],
  // The Substrate chain-spec format: fixed top-level fields, genesis either as config or raw storage.
  output: {
    type: 'object',
    required: ['name', 'id', 'chainType', 'bootNodes', 'protocolId', 'properties', 'genesis'],
    properties: {
      name: { type: 'string' },
      id: { type: 'string' },
      chainType: { type: 'string' },
      bootNodes: { type: 'array', items: { type: 'string' } },
      telemetryEndpoints: { type: ['array', 'null'] },
      protocolId: { type: 'string' },
      properties: { type: 'object' },
      codeSubstitutes: { type: 'object' },
      minimumPeriodMs: { type: 'integer', minimum: 0 },
      genesis: {
        anyOf: [
          { type: 'object', required: ['runtimeGenesisConfig'] },
          {
            type: 'object',
            required: ['raw'],
            properties: {
              raw: {
                type: 'object',
                required: ['top'],
                properties: {
                  top: { type: 'object', additionalProperties: { type: 'string', pattern: '^0x' } },
                },
              },
            },
          },
        ],
      },
    },
  },
  async run(ctx, options: BuildSpecOptions) {
    const { chainSpecJson, resolveChainSpec } = await import('@tao-ts/node');
    const doc = chainSpecJson(resolveChainSpec(options.chain), options.raw === true);
    // The spec is JSON either way; pretty-printed for people, one line with --json.
    ctx.out.print(JSON.stringify(doc, null, 2));
    return doc;
  },
});
