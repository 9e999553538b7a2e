// Scoring and weight-helper errors. Each has a stable `code` and names the input field at fault, so a
// validator can tell a bad reward vector from a bad coalition function without parsing messages.
import { TaoError, describeValue } from '@tao-ts/primitives';

export class ScoringError extends TaoError {
  constructor(code: string, message: string, field: string, cause?: unknown) {
    super(code, message, cause === undefined ? { field } : { field, cause });
  }
}

/** Two arrays that must pair up element by element have different lengths. */
export class LengthMismatchError extends ScoringError {
  constructor(field: string, otherField: string, length: number, otherLength: number) {
    super(
      'SCORING_LENGTH_MISMATCH',
      `${field} and ${otherField} must have the same length, got ${length} and ${otherLength}`,
      field,
    );
  }
}

/** A value is out of the range the operation accepts (negative weight, uid beyond u16, alpha > 1…). */
export class ValueRangeError extends ScoringError {
  constructor(field: string, value: unknown, expected: string) {
    super('SCORING_VALUE_RANGE', `${field}: expected ${expected}, got ${describeValue(value)}`, field);
  }
}

/** The coalition value function threw, rejected or returned something that is not a finite number. */
export class CoalitionValueError extends ScoringError {
  constructor(coalition: readonly number[], detail: string, cause?: unknown) {
    super(
      'SCORING_COALITION_VALUE',
      `value function for coalition [${coalition.join(',')}]: ${detail}`,
      'value',
      cause,
    );
  }
}
