export { FixedKind, type FixedKindSpec } from './kind.js';
export { FixedPointError } from './errors.js';
export { I32F32, I64F64, I96F32, U64F64, U96F32, I110F18, U110F18, I9F23 } from './types.js';
export { fixedExp, fixedLog2 } from './transcendental.js';
export {
  U16_MAX_FX,
  expSafe,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  sigmoidSafe,
  u16ProportionToFixed,
  u16ToFixed,
} from './subtensor.js';
