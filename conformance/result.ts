/** One line of conformance output per vector case. */
export type CaseStatus = 'PASS' | 'FAIL' | 'SKIP';

export interface CaseResult {
  readonly status: CaseStatus;
  /** `<file>#<case>` */
  readonly id: string;
  /** First difference (FAIL) or reason (SKIP). */
  readonly detail?: string;
}

export function pass(id: string): CaseResult {
  return { status: 'PASS', id };
}

export function fail(id: string, detail: string): CaseResult {
  return { status: 'FAIL', id, detail };
}

export function skip(id: string, reason: string): CaseResult {
  return { status: 'SKIP', id, detail: reason };
}

/** PASS when there is no difference, else FAIL with it. */
export function verdict(id: string, difference: string | undefined): CaseResult {
  return difference === undefined ? pass(id) : fail(id, difference);
}

export function formatResult(result: CaseResult): string {
  return result.detail === undefined
    ? `${result.status} ${result.id}`
    : `${result.status} ${result.id}: ${result.detail}`;
}

export class VectorFormatError extends Error {
  readonly code = 'VECTOR_FORMAT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'VectorFormatError';
  }
}
