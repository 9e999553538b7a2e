export type {
  EpochInput,
  EpochOutput,
  EpochParams,
  EpochState,
  U16Matrix,
  U16Row,
  U16Rows,
} from './types.js';
export { isU16Matrix, matrixRow, rowCount, toU16Matrix, toU16Rows } from './matrix.js';
export { EpochInputError } from './errors.js';
export { validateEpochInput } from './validate.js';
export { referenceEpoch } from './reference.js';
export { denseEpoch, type DenseEpochOutput } from './dense.js';
export { epoch } from './run.js';
