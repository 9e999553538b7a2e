export { startNode, NODE_NAME, NODE_VERSION, type NodeConfig, type RunningNode } from './node.js';
export { startDevNode } from './dev-node.js';
export { Chain, ChainError, type ImportedBlock } from './chain/chain.js';
export { ChainDbError } from './db/chain-db.js';
export { ChainSpecError, chainSpecJson, parseChainSpec, resolveChainSpec } from './spec.js';
export { createLogger, isLogLevel, silentLogger, LOG_LEVELS, type Logger, type LogLevel } from './log.js';
export { TxPool } from './pool/pool.js';
export { NODE_V8_FLAGS, hasNodeV8Flags } from './v8-flags.js';
