/**
 * A validator's memory across restarts: its moving-average scores (with the hotkeys they belong
 * to), its step count and the block of its last weights. One JSON file, replaced atomically.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../wallet/fs-atomic.js';
import { ValidatorStateError } from './errors.js';

export interface ValidatorState {
  readonly netuid: number;
  readonly hotkey: string;
  readonly step: number;
  readonly scores: readonly number[];
  readonly hotkeys: readonly string[];
  /** Block at which weights were last set or committed; -1 before the first time. */
  readonly lastWeightsBlock: number;
}

const FORMAT = 1;

export async function saveValidatorState(path: string, state: ValidatorState): Promise<void> {
  const json = JSON.stringify({ format: FORMAT, ...state });
  await writeFileAtomic(path, new TextEncoder().encode(json), { overwrite: true });
}

/** The saved state, or undefined when there is no file yet. */
export async function loadValidatorState(
  path: string,
  expected: { readonly netuid: number; readonly hotkey: string },
): Promise<ValidatorState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ValidatorStateError(
      path,
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const state = parseState(path, doc);
  if (state.netuid !== expected.netuid || state.hotkey !== expected.hotkey) {
    throw new ValidatorStateError(
      path,
      `belongs to hotkey ${state.hotkey} on subnet ${state.netuid}, not ${expected.hotkey} on ${expected.netuid}`,
    );
  }
  return state;
}

function parseState(path: string, doc: unknown): ValidatorState {
  const bad = (field: string, want: string): never => {
    throw new ValidatorStateError(path, `field ${field} must be ${want}`);
  };
  if (typeof doc !== 'object' || doc === null) return bad('(root)', 'an object');
  const o = doc as Record<string, unknown>;
  if (o.format !== FORMAT) bad('format', String(FORMAT));
  const int = (field: string, min: number): number => {
    const v = o[field];
    return typeof v === 'number' && Number.isInteger(v) && v >= min ? v : bad(field, `an integer ≥ ${min}`);
  };
  const scores = o.scores;
  if (!Array.isArray(scores) || !scores.every((s) => typeof s === 'number' && Number.isFinite(s)))
    bad('scores', 'an array of finite numbers');
  const hotkeys = o.hotkeys;
  if (!Array.isArray(hotkeys) || !hotkeys.every((h) => typeof h === 'string'))
    bad('hotkeys', 'an array of strings');
  if ((scores as unknown[]).length !== (hotkeys as unknown[]).length) bad('scores', 'as long as hotkeys');
  if (typeof o.hotkey !== 'string') bad('hotkey', 'a string');
  return {
    netuid: int('netuid', 0),
    hotkey: o.hotkey as string,
    step: int('step', 0),
    scores: scores as number[],
    hotkeys: hotkeys as string[],
    lastWeightsBlock: int('lastWeightsBlock', -1),
  };
}
