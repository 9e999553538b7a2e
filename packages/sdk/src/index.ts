/**
 * @tao-ts/sdk: what miners, validators and subnet owners program against. Wire- and
 * file-compatible with bittensor's Python SDK.
 */
export * from './scoring/index.js';
export * from './wallet/index.js';
export * from './wire/index.js';
export * from './chain/index.js';
export * from './metagraph/index.js';
export * from './kit/index.js';
