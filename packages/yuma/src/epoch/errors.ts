/** Malformed epoch input: names the field path and the offending value. */
export class EpochInputError extends Error {
  readonly code = 'EPOCH_INPUT';
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'EpochInputError';
    this.field = field;
  }
}
