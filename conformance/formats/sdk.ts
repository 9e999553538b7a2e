/**
 * SDK vectors (sdk-wallet, sdk-synapse, sdk-misc, sdk-subnet): a file is an SDK file when it has
 * any known section; each section goes to the runner of its area, which emits one result per case.
 */
import { isObject, type JsonObject } from '../fields.js';
import { type CaseResult, skip } from '../result.js';
import { SCORING_SECTIONS } from './sdk/scoring.js';
import { WALLET_SECTIONS } from './sdk/wallet.js';
import { WIRE_SECTIONS } from './sdk/wire.js';

/** A section's runner: `doc` is the whole file, for sections that refer to shared fields. */
export type SectionRunner = (id: string, section: unknown, doc: JsonObject) => CaseResult[];

const RUNNERS: ReadonlyMap<string, SectionRunner> = new Map([
  ...Object.entries(WALLET_SECTIONS),
  ...Object.entries(WIRE_SECTIONS),
  ...Object.entries(SCORING_SECTIONS),
]);

export function isSdkFile(doc: JsonObject): boolean {
  return Object.keys(doc).some((k) => RUNNERS.has(k));
}

export function runSdkFile(file: string, doc: JsonObject): CaseResult[] {
  return Object.keys(doc)
    .filter((k) => !k.startsWith('_') && (isObject(doc[k]) || Array.isArray(doc[k])))
    .flatMap((k) => {
      const runner = RUNNERS.get(k);
      return runner === undefined
        ? [skip(`${file}#${k}`, 'reference material, not a test case')]
        : runner(`${file}#${k}`, doc[k], doc);
    });
}
