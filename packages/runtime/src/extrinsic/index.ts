/** The extrinsic format, its signed extensions, transaction validity and block application. */
export * from './types.js';
export * from './era.js';
export * from './signature.js';
export * from './validity.js';
export * from './extensions.js';
export * from './extrinsic-type.js';
export * from './codec.js';
export * from './check.js';
export * from './validate.js';
export * from './apply.js';
export { checkSubtensorGuards, checkSudoSigner, type GuardScope } from './subtensor-checks.js';
