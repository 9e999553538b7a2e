import { FixedKind } from './kind.js';

/** The substrate_fixed types subtensor uses; raw bits are bigint. */
export const I32F32 = new FixedKind({ name: 'I32F32', signed: true, intBits: 32, fracBits: 32 });
export const I64F64 = new FixedKind({ name: 'I64F64', signed: true, intBits: 64, fracBits: 64 });
export const I96F32 = new FixedKind({ name: 'I96F32', signed: true, intBits: 96, fracBits: 32 });
export const U64F64 = new FixedKind({ name: 'U64F64', signed: false, intBits: 64, fracBits: 64 });
export const U96F32 = new FixedKind({ name: 'U96F32', signed: false, intBits: 96, fracBits: 32 });
export const I110F18 = new FixedKind({ name: 'I110F18', signed: true, intBits: 110, fracBits: 18 });
export const U110F18 = new FixedKind({ name: 'U110F18', signed: false, intBits: 110, fracBits: 18 });
/** The crate's transcendental constants are I9F23; comparisons against them matter for exp/log2. */
export const I9F23 = new FixedKind({ name: 'I9F23', signed: true, intBits: 9, fracBits: 23 });
