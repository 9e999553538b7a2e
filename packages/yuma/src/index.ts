export * from './math/index.js';
export * from './epoch/index.js';
export * from './emission.js';
export * from './registration.js';
export * from './schedule.js';
export * from './weights.js';
export { denseNetwork, randomNetwork, Rng } from './testing/random-input.js';
