/** Raised where the fixed-point crate would panic or an input cannot be represented. */
export class FixedPointError extends Error {
  readonly code: 'FIXED_OVERFLOW' | 'FIXED_DIV_ZERO' | 'FIXED_NAN' | 'FIXED_PARSE';

  constructor(code: FixedPointError['code'], message: string) {
    super(message);
    this.name = 'FixedPointError';
    this.code = code;
  }
}
