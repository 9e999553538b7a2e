/** `tao node`: run a tao-ts chain node (Substrate JSON-RPC on --rpc-port). */
import { UsageError } from '../../errors.js';
import { defineCommand } from '../../framework/spec.js';
import { strictObject, hexSchema } from '../../framework/schema.js';

// Kept in step with @tao-ts/node LOG_LEVELS (a test checks); listed here so help needs no node import.
export const NODE_LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;

export function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new Error('must be a port number (0-65535)');
  }
  return n;
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 3_600_000) throw new Error('must be milliseconds (1-3600000)');
  return n;
}

interface NodeOptions {
  dev?: boolean;
  chain?: string;
  basePath?: string;
  tmp?: boolean;
  rpcPort: number;
  rpcExternal?: boolean;
  blockTime?: number;
  manualSeal?: boolean;
  prometheusPort: number;
  prometheus: boolean;
  log: string;
  authority?: string;
}

export default defineCommand({
  group: 'node',
  description: 'run a tao-ts chain node (Substrate JSON-RPC on --rpc-port)',
  details:
    'Runs until interrupted (Ctrl-C). With --json, prints the node details as one JSON document once it listens.',
  options: [
    {
      flags: '--dev',
      description: 'development chain: dev spec, throw-away data, fast blocks (same as --chain dev --tmp)',
    },
    { flags: '--chain <chain>', description: 'dev, fair-launch or a chain spec JSON file' },
    {
      flags: '--base-path <dir>',
      description: 'data directory',
      defaultDescription: '~/.tao/chains/<chain id>',
    },
    { flags: '--tmp', description: 'use a temporary data directory, removed on exit' },
    {
      flags: '--rpc-port <port>',
      description: 'JSON-RPC port (HTTP and WebSocket)',
      parse: port,
      default: 9944,
    },
    { flags: '--rpc-external', description: 'listen on all interfaces instead of 127.0.0.1' },
    {
      flags: '--block-time <ms>',
      description: 'milliseconds between blocks',
      parse: milliseconds,
      defaultDescription: '12000; 1000 on dev chains',
    },
    { flags: '--manual-seal', description: 'author blocks only on request (dev_newBlock)' },
    { flags: '--prometheus-port <port>', description: 'Prometheus metrics port', parse: port, default: 9615 },
    { flags: '--no-prometheus', description: 'do not serve metrics' },
    { flags: '--log <level>', description: 'log level', choices: NODE_LOG_LEVELS, default: 'info' },
    { flags: '--authority <uri>', description: 'authority key URI that seals blocks', default: '//Alice' },
  ],
  examples: [
    'tao node --dev',
    'tao node --chain dev --base-path ./data --block-time 500',
    'tao node --dev --manual-seal',
  ],
  output: strictObject({
    chain: strictObject({ name: { type: 'string' }, id: { type: 'string' }, chainType: { type: 'string' } }),
    genesis: hexSchema,
    best: strictObject({ number: { type: 'integer', minimum: 0 }, hash: hexSchema }),
    rpc: { type: 'string', description: 'WebSocket URL' },
    metrics: { type: ['string', 'null'], description: 'Prometheus URL, null when off' },
    blockTimeMs: { type: ['integer', 'null'], description: 'null with --manual-seal' },
    basePath: { type: 'string' },
  }),
  daemon: true,
  async run(ctx, options: NodeOptions) {
    const chain = options.chain ?? (options.dev === true ? 'dev' : undefined);
    if (chain === undefined) {
      throw new UsageError('tao node: choose a chain with --dev or --chain <dev|fair-launch|spec.json>', {
        field: '--chain',
        hint: "'tao node --dev' starts a throw-away development chain",
      });
    }
    const { startNode, NODE_NAME, NODE_VERSION } = await import('@tao-ts/node');
    const { toHex } = await import('@tao-ts/primitives');
    const node = await startNode({
      chain,
      tmp: options.tmp === true || (options.dev === true && options.basePath === undefined),
      ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
      rpcPort: options.rpcPort,
      rpcExternal: options.rpcExternal === true,
      ...(options.blockTime !== undefined ? { blockTimeMs: options.blockTime } : {}),
      manualSeal: options.manualSeal === true,
      prometheusPort: options.prometheus ? options.prometheusPort : null,
      logLevel: options.log as (typeof NODE_LOG_LEVELS)[number],
      ...(options.authority !== undefined ? { authorityUri: options.authority } : {}),
    });
    const { spec } = node.chain;
    const best = node.chain.best;
    const info = {
      chain: { name: spec.name, id: spec.id, chainType: spec.chainType },
      genesis: toHex(node.chain.genesisHash),
      best: { number: best.header.number, hash: toHex(best.hash) },
      rpc: node.rpc.url,
      metrics: node.metrics ? `http://127.0.0.1:${node.metrics.port}/metrics` : null,
      blockTimeMs:
        options.manualSeal === true
          ? null
          : (options.blockTime ?? (spec.chainType === 'Development' ? 1000 : 12_000)),
      basePath: node.basePath,
    };
    if (!ctx.globals.json) ctx.io.stderr.write(banner(`${NODE_NAME} node ${NODE_VERSION}`, info));
    const shutdown = (): void => {
      void node.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return info;
  },
});

function banner(
  title: string,
  info: {
    chain: { name: string; id: string; chainType: string };
    genesis: string;
    best: { number: number; hash: string };
    rpc: string;
    metrics: string | null;
    blockTimeMs: number | null;
    basePath: string;
  },
): string {
  const rows: [string, string][] = [
    ['chain', `${info.chain.name} (${info.chain.id}, ${info.chain.chainType})`],
    ['genesis', info.genesis],
    ['best', `#${info.best.number} ${info.best.hash}`],
    ['rpc', `${info.rpc} and http://${new URL(info.rpc).host} (JSON-RPC)`],
    ['metrics', info.metrics ?? 'off'],
    ['blocks', info.blockTimeMs === null ? 'manual seal (dev_newBlock)' : `every ${info.blockTimeMs} ms`],
    ['data', info.basePath],
  ];
  const lines = rows.map(([name, value]) => `  ${name.padEnd(8)} ${value}`);
  return `\n${title}\n${lines.join('\n')}\n\n`;
}
