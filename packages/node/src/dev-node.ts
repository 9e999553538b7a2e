/**
 * A throw-away development chain on a free loopback port, quiet and without metrics: what tests,
 * benchmarks and examples start. Anything in `overrides` wins (block time, manual seal…).
 */
import { silentLogger } from './log.js';
import { startNode, type NodeConfig, type RunningNode } from './node.js';

export function startDevNode(overrides: Partial<NodeConfig> = {}): Promise<RunningNode> {
  return startNode({
    chain: 'dev',
    tmp: true,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger,
    ...overrides,
  });
}
