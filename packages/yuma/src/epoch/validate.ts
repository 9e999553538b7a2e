/**
 * Rejects malformed epoch input before any maths runs: a wrong shape would otherwise produce a
 * silently wrong consensus. Every error names the field path and the value.
 */
import { EpochInputError } from './errors.js';
import type { EpochInput, EpochParams, EpochState } from './types.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const PARAM_KEYS: readonly (keyof EpochParams)[] = [
  'currentBlock',
  'tempo',
  'activityCutoffBlocks',
  'kappa',
  'bondsPenalty',
  'bondsMovingAverage',
  'yuma3',
  'liquidAlpha',
  'alphaLow',
  'alphaHigh',
  'alphaSigmoidSteepness',
  'maxAllowedValidators',
  'stakeThreshold',
  'ownerUid',
  'taoWeight',
  'raoEmission',
  'lastMechanismStepBlock',
  'commitRevealEnabled',
];
const U64_PARAMS = new Set<keyof EpochParams>([
  'currentBlock',
  'activityCutoffBlocks',
  'bondsMovingAverage',
  'stakeThreshold',
  'taoWeight',
  'raoEmission',
  'lastMechanismStepBlock',
]);
const U16_PARAMS = new Set<keyof EpochParams>([
  'tempo',
  'kappa',
  'bondsPenalty',
  'alphaLow',
  'alphaHigh',
  'maxAllowedValidators',
]);
const BOOL_PARAMS = new Set<keyof EpochParams>(['yuma3', 'liquidAlpha', 'commitRevealEnabled']);
const STATE_KEYS: readonly (keyof EpochState)[] = [
  'blockAtRegistration',
  'lastUpdate',
  'alphaStake',
  'taoStake',
  'validatorPermits',
  'weights',
  'bonds',
  'commitBlocks',
];

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return String(value);
  }
}

function checkU64(value: unknown, field: string): void {
  const message = u64Problem(value);
  if (message !== undefined) throw new EpochInputError(field, message);
}

function checkIntRange(value: unknown, field: string, min: number, max: number, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EpochInputError(field, `expected ${what}, got ${show(value)}`);
  }
}

function checkKeys(object: object, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new EpochInputError(`${field}.${key}`, 'unknown field');
  }
}

function checkParams(params: unknown): asserts params is EpochParams {
  if (typeof params !== 'object' || params === null) throw new EpochInputError('params', 'missing');
  checkKeys(params, PARAM_KEYS, 'params');
  const record = params as Record<string, unknown>;
  for (const key of PARAM_KEYS) {
    const field = `params.${key}`;
    const value = record[key];
    if (U64_PARAMS.has(key)) checkU64(value, field);
    else if (U16_PARAMS.has(key)) checkIntRange(value, field, 0, 0xffff, 'a u16');
    else if (BOOL_PARAMS.has(key)) {
      if (typeof value !== 'boolean')
        throw new EpochInputError(field, `expected a boolean, got ${show(value)}`);
    }
  }
  checkIntRange(record.alphaSigmoidSteepness, 'params.alphaSigmoidSteepness', -32768, 32767, 'an i16');
  if (record.ownerUid !== null) checkIntRange(record.ownerUid, 'params.ownerUid', 0, 0xffff, 'a uid or null');
}

/** Per-uid vectors of length n; `problem` returns a message for a bad element. */
function checkVector(
  value: unknown,
  n: number,
  field: string,
  problem: (v: unknown) => string | undefined,
): void {
  if (!Array.isArray(value)) throw new EpochInputError(field, `expected an array, got ${show(value)}`);
  if (value.length !== n) throw new EpochInputError(field, `has ${value.length} entries, expected n = ${n}`);
  for (let i = 0; i < n; i++) {
    const message = problem(value[i]);
    if (message !== undefined) throw new EpochInputError(`${field}[${i}]`, message);
  }
}

function u64Problem(value: unknown): string | undefined {
  if (typeof value !== 'bigint') return `expected a u64 bigint, got ${show(value)}`;
  if (value < 0n || value > U64_MAX) return `${value} is outside u64`;
  return undefined;
}

/**
 * Weight and bond rows: [uid < n, u16] pairs without duplicate uids, as tuple rows or a
 * U16Matrix. This loop sees every entry of a dense subnet (millions), so it allocates nothing
 * unless it has to report.
 */
function checkRows(value: unknown, n: number, field: string): void {
  if (Array.isArray(value)) {
    checkTupleRows(value, n, field);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    throw new EpochInputError(field, `expected rows of [uid, value] or a U16Matrix, got ${show(value)}`);
  }
  checkKeys(value, ['start', 'uids', 'values'], field);
  const { start, uids, values } = value as Record<string, unknown>;
  if (!(start instanceof Uint32Array)) throw new EpochInputError(`${field}.start`, 'expected a Uint32Array');
  if (!(uids instanceof Uint16Array)) throw new EpochInputError(`${field}.uids`, 'expected a Uint16Array');
  if (!(values instanceof Uint16Array))
    throw new EpochInputError(`${field}.values`, 'expected a Uint16Array');
  if (start.length !== n + 1)
    throw new EpochInputError(`${field}.start`, `has ${start.length} entries, expected n + 1 = ${n + 1}`);
  if (start[0] !== 0 || start[n] !== uids.length || uids.length !== values.length) {
    throw new EpochInputError(
      `${field}.start`,
      'must run from 0 to the number of entries (uids and values equally long)',
    );
  }
  const seenInRow = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    if (to < from)
      throw new EpochInputError(`${field}.start[${i + 1}]`, `${to} is below start[${i}] = ${from}`);
    // A row whose uids strictly ascend (the usual layout) holds no duplicate, and its largest
    // uid is its last: one comparison per entry. Other rows take the full check, which also
    // names the first offending entry.
    let ascending = true;
    for (let k = from + 1; k < to; k++) {
      if ((uids[k] as number) <= (uids[k - 1] as number)) {
        ascending = false;
        break;
      }
    }
    if (ascending && (to === from || (uids[to - 1] as number) < n)) continue;
    for (let k = from; k < to; k++) {
      const uid = uids[k] as number;
      if (uid >= n)
        throw new EpochInputError(`${field}.uids[${k}]`, `expected a uid below n = ${n}, got ${uid}`);
      if (seenInRow[uid] === i + 1)
        throw new EpochInputError(`${field}.uids[${k}]`, `duplicate uid ${uid} in row ${i}`);
      seenInRow[uid] = i + 1;
    }
  }
}

function checkTupleRows(value: unknown[], n: number, field: string): void {
  if (value.length !== n) throw new EpochInputError(field, `has ${value.length} entries, expected n = ${n}`);
  const seenInRow = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row))
      throw new EpochInputError(`${field}[${i}]`, `expected a row of [uid, value], got ${show(row)}`);
    const stamp = i + 1;
    for (let k = 0; k < row.length; k++) {
      const entry: unknown = row[k];
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new EpochInputError(`${field}[${i}][${k}]`, `expected [uid, u16 value], got ${show(entry)}`);
      }
      const uid: unknown = entry[0];
      const v: unknown = entry[1];
      if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0 || uid >= n) {
        throw new EpochInputError(
          `${field}[${i}][${k}].uid`,
          `expected a uid below n = ${n}, got ${show(uid)}`,
        );
      }
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) {
        throw new EpochInputError(`${field}[${i}][${k}].value`, `expected a u16, got ${show(v)}`);
      }
      if (seenInRow[uid] === stamp)
        throw new EpochInputError(`${field}[${i}][${k}].uid`, `duplicate uid ${uid}`);
      seenInRow[uid] = stamp;
    }
  }
}

export function validateEpochInput(input: unknown): asserts input is EpochInput {
  if (typeof input !== 'object' || input === null) throw new EpochInputError('input', 'expected an object');
  checkKeys(input, ['params', 'state'], 'input');
  const { params, state } = input as { params: unknown; state: unknown };
  checkParams(params);
  if (typeof state !== 'object' || state === null) throw new EpochInputError('state', 'missing');
  checkKeys(state, STATE_KEYS, 'state');
  const s = state as Record<string, unknown>;
  if (!Array.isArray(s.alphaStake)) throw new EpochInputError('state.alphaStake', 'expected an array');
  const n = s.alphaStake.length;
  if (n > 0xffff) throw new EpochInputError('state.alphaStake', `n = ${n} exceeds the u16 uid space`);
  checkVector(s.alphaStake, n, 'state.alphaStake', u64Problem);
  checkVector(s.taoStake, n, 'state.taoStake', u64Problem);
  checkVector(s.blockAtRegistration, n, 'state.blockAtRegistration', u64Problem);
  checkVector(s.lastUpdate, n, 'state.lastUpdate', u64Problem);
  checkVector(s.validatorPermits, n, 'state.validatorPermits', (v) =>
    typeof v === 'boolean' ? undefined : `expected a boolean, got ${show(v)}`,
  );
  checkRows(s.weights, n, 'state.weights');
  checkRows(s.bonds, n, 'state.bonds');
  if (s.commitBlocks !== undefined) {
    checkVector(s.commitBlocks, n, 'state.commitBlocks', (v) => (v === null ? undefined : u64Problem(v)));
  }
  const ownerUid = params.ownerUid;
  if (ownerUid !== null && ownerUid >= n) {
    throw new EpochInputError('params.ownerUid', `uid ${ownerUid} is not below n = ${n}`);
  }
}
