/** Scoring kit: the template's moving average, Shapley and other contribution measures, u16 weights. */
export * from './errors.js';
export { float32Sum, float32L1Norm } from './float32.js';
export * from './weights.js';
export * from './commit-hash.js';
export * from './moving-average.js';
export { type Rng, createRng } from './prng.js';
export type { AsyncEvaluationOptions, CoalitionValue, CoalitionValueSync } from './evaluate.js';
export { EXACT_MAX_PLAYERS } from './shapley-exact.js';
export type { SamplingOptions } from './shapley-sampling.js';
export * from './shapley.js';
export * from './contributions.js';
export * from './ocr-reward.js';
export { maxWeightAssignment } from './assignment.js';
