/** `tao node` (run a chain node) and `tao node build-spec` (print a chain spec). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { toHex } from '@tao-ts/primitives';
import {
  LOG_LEVELS,
  NODE_NAME,
  NODE_VERSION,
  chainSpecJson,
  isLogLevel,
  resolveChainSpec,
  startNode,
  type NodeConfig,
  type RunningNode,
} from '@tao-ts/node';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function milliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3_600_000)
    throw new InvalidArgumentError('must be milliseconds (1-3600000)');
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

function banner(node: RunningNode, options: NodeOptions): string {
  const { spec } = node.chain;
  const best = node.chain.best;
  const rows: [string, string][] = [
    ['chain', `${spec.name} (${spec.id}, ${spec.chainType})`],
    ['genesis', toHex(node.chain.genesisHash)],
    ['best', `#${best.header.number} ${toHex(best.hash)}`],
    ['rpc', `${node.rpc.url} and http://${new URL(node.rpc.url).host} (JSON-RPC)`],
    ['metrics', node.metrics ? `http://127.0.0.1:${node.metrics.port}/metrics` : 'off'],
    [
      'blocks',
      options.manualSeal
        ? 'manual seal (dev_newBlock)'
        : `every ${options.blockTime ?? (spec.chainType === 'Development' ? 1000 : 12_000)} ms`,
    ],
    ['data', node.basePath],
  ];
  const lines = rows.map(([name, value]) => `  ${name.padEnd(8)} ${value}`);
  return `\n${NODE_NAME} node ${NODE_VERSION}\n${lines.join('\n')}\n\n`;
}

export function nodeCommand(): Command {
  const command = new Command('node')
    .description('run a tao-ts chain node (Substrate JSON-RPC on --rpc-port)')
    .option('--dev', 'development chain: dev spec, throw-away data, fast blocks (same as --chain dev --tmp)')
    .option('--chain <chain>', 'dev, fair-launch or a chain spec JSON file', undefined)
    .option('--base-path <dir>', 'data directory (default ~/.tao/chains/<chain id>)')
    .option('--tmp', 'use a temporary data directory, removed on exit')
    .option('--rpc-port <port>', 'JSON-RPC port (HTTP and WebSocket)', port, 9944)
    .option('--rpc-external', 'listen on all interfaces instead of 127.0.0.1')
    .option(
      '--block-time <ms>',
      'milliseconds between blocks (default 12000; 1000 on dev chains)',
      milliseconds,
    )
    .option('--manual-seal', 'author blocks only on request (dev_newBlock)')
    .option('--prometheus-port <port>', 'Prometheus metrics port', port, 9615)
    .option('--no-prometheus', 'do not serve metrics')
    .addOption(new Option('--log <level>', 'log level').choices([...LOG_LEVELS]).default('info'))
    .option('--authority <uri>', 'authority key URI that seals blocks', '//Alice')
    .action(async (options: NodeOptions) => {
      if (!isLogLevel(options.log))
        throw new InvalidArgumentError(`--log must be one of ${LOG_LEVELS.join(', ')}`);
      const chain = options.chain ?? (options.dev ? 'dev' : undefined);
      if (chain === undefined) {
        return command.error('tao node: choose a chain with --dev or --chain <dev|fair-launch|spec.json>');
      }
      const config: NodeConfig = {
        chain,
        tmp: options.tmp === true || (options.dev === true && options.basePath === undefined),
        ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
        rpcPort: options.rpcPort,
        rpcExternal: options.rpcExternal === true,
        ...(options.blockTime !== undefined ? { blockTimeMs: options.blockTime } : {}),
        manualSeal: options.manualSeal === true,
        prometheusPort: options.prometheus ? options.prometheusPort : null,
        logLevel: options.log,
        ...(options.authority !== undefined ? { authorityUri: options.authority } : {}),
      };
      const node = await startNode(config);
      process.stderr.write(banner(node, options));
      const shutdown = (): void => {
        void node.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
  command
    .command('build-spec')
    .description('print a chain spec as JSON (genesis config, or raw storage with --raw)')
    .option('--chain <chain>', 'dev, fair-launch or a chain spec JSON file', 'dev')
    .option('--raw', 'print the genesis as raw storage')
    .action((options: { chain: string; raw?: boolean }) => {
      const spec = resolveChainSpec(options.chain);
      process.stdout.write(`${JSON.stringify(chainSpecJson(spec, options.raw === true), null, 2)}\n`);
    });
  return command;
}
