export { nodeCommand } from './commands/node.js';
