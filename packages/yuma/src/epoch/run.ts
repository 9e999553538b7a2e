/**
 * The production epoch entry point: validate, then run the fast exact path; if an intermediate
 * leaves the range it can hold exactly, recompute with the bigint reference.
 */
import { OutOfFastRange } from '../fast/arith.js';
import { fastEpoch } from '../fast/epoch.js';
import { referenceEpoch } from './reference.js';
import type { EpochInput, EpochOutput } from './types.js';
import { validateEpochInput } from './validate.js';

export function epoch(input: EpochInput): EpochOutput {
  validateEpochInput(input);
  try {
    return fastEpoch(input);
  } catch (error) {
    if (error instanceof OutOfFastRange) return referenceEpoch(input);
    throw error;
  }
}
