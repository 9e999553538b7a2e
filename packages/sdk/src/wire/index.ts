/** Synapse / axon / dendrite on bittensor's wire protocol. */
export * from './errors.js';
export * from './pystr.js';
export * from './terminal.js';
export * from './synapse.js';
export * from './signing.js';
export * from './nonce.js';
export * from './ip.js';
export * from './status.js';
export * from './tensor.js';
export * from './priority-queue.js';
export * from './rate-limit.js';
export * from './worker-pool.js';
export { verifyRequest, type VerifyVerdict } from './axon-verify.js';
export * from './axon.js';
export * from './dendrite.js';
export * from './external-ip.js';
