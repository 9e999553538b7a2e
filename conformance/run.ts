/**
 * Runs vector files: each file is classified by its structure (not its name), each case by its
 * own shape, so new cases and new files in the same formats run without code changes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseJsonExact } from '@tao-ts/primitives';
import { arr, isObject, obj, type JsonObject } from './fields.js';
import { runEpochScenarios } from './formats/epoch.js';
import { runMathCase } from './formats/math.js';
import { runHalvingCase, runRegistration, runScheduleSection } from './formats/chain.js';
import { functionCaseName, runFunctionCase } from './formats/functions.js';
import { runSdkFile, isSdkFile } from './formats/sdk.js';
import { runCoinbaseRuntime, runHalvingRuntime } from './runtime/emission.js';
import { runRegistrationRuntime } from './runtime/registration.js';
import { runWeightsRuntime } from './runtime/weights.js';
import { type CaseResult, fail } from './result.js';

function runCase(file: string, c: JsonObject, index: number): CaseResult[] {
  if (typeof c.function === 'string' && c.input !== undefined) {
    return [runMathCase(`${file}#${caseName(c, index)}`, c)];
  }
  // Chain-side cases run twice: against the pure functions, then through the runtime.
  if (c.table !== undefined || c.thresholds !== undefined || c.expected_final_issuance !== undefined) {
    return [...runHalvingCase(file, c, index), ...runHalvingRuntime(file, c, index)];
  }
  if (typeof c.function === 'string') {
    const name = functionCaseName(c, c.function);
    return [
      ...runFunctionCase(file, c, index),
      ...runWeightsRuntime(file, c, c.function, name),
      ...runCoinbaseRuntime(file, c, c.function, name),
    ];
  }
  return [fail(`${file}#case${index}`, 'unrecognised case shape')];
}

const occurrences = new Map<string, number>();

function caseName(c: JsonObject, index: number): string {
  const fn = typeof c.function === 'string' ? c.function.replace(/\s+/g, '') : `case${index}`;
  const seen = occurrences.get(fn) ?? 0;
  occurrences.set(fn, seen + 1);
  return `${fn}/${seen}`;
}

export function runDocument(file: string, doc: unknown): CaseResult[] {
  occurrences.clear();
  if (!isObject(doc)) return [fail(`${file}#(file)`, 'not a JSON object')];
  if (doc.scenarios !== undefined) return runEpochScenarios(file, doc);
  if (doc.asserted !== undefined)
    return [...runRegistration(file, doc), ...runRegistrationRuntime(file, doc)];
  if (doc.current !== undefined || doc.legacy !== undefined) {
    const out: CaseResult[] = [];
    if (doc.current !== undefined) out.push(...runScheduleSection(file, 'current', doc));
    if (doc.legacy !== undefined) out.push(...runScheduleSection(file, 'legacy', doc));
    return out;
  }
  if (isSdkFile(doc)) return runSdkFile(file, doc);
  if (doc.cases !== undefined) {
    return arr(doc.cases, 'cases').flatMap((c, i) => {
      try {
        return runCase(file, obj(c, `cases[${i}]`), i);
      } catch (error) {
        return [fail(`${file}#case${i}`, (error as Error).message)];
      }
    });
  }
  return [fail(`${file}#(file)`, 'unrecognised vector format')];
}

export function runFile(path: string): CaseResult[] {
  const file = basename(path);
  let doc: unknown;
  try {
    doc = parseJsonExact(readFileSync(path, 'utf8'));
  } catch (error) {
    return [fail(`${file}#(file)`, (error as Error).message)];
  }
  try {
    return runDocument(file, doc);
  } catch (error) {
    return [fail(`${file}#(file)`, (error as Error).message)];
  }
}

/** A directory expands to its *.json files in name order. */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function summarize(results: readonly CaseResult[]): Summary {
  return {
    passed: results.filter((r) => r.status === 'PASS').length,
    failed: results.filter((r) => r.status === 'FAIL').length,
    skipped: results.filter((r) => r.status === 'SKIP').length,
  };
}
