/**
 * Cases named by a chain function without a math-style `input` (weights.json, coinbase.json):
 * the pure weight rules here, the coinbase arithmetic in coinbase.ts.
 */
import { checkVersionKey, isSelfWeight, checkWeightsLength, vecU16MaxUpscaleToU16 } from '@tao-ts/yuma';
import { commitHashV2 } from '@tao-ts/primitives';
import { firstDifference } from '../compare.js';
import { arr, big, bool, int, obj, str, type JsonObject } from '../fields.js';
import { type CaseResult, skip, verdict } from '../result.js';
import { runCoinbaseCase } from './coinbase.js';

function hex(value: unknown, field: string): Uint8Array {
  const text = str(value, field).replace(/^0x/, '');
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

const u16List = (value: unknown, field: string): number[] =>
  arr(value, field).map((v, i) => int(v, `${field}[${i}]`));

type Runner = (file: string, c: JsonObject, name: string) => CaseResult[];

const weightRules: Record<string, Runner> = {
  check_version_key: (file, c, name) =>
    arr(c.cases, 'cases').map((xJson, i) => {
      const x = obj(xJson, `cases[${i}]`);
      const ok = checkVersionKey(big(x.network_key, 'network_key'), big(x.given, 'given'));
      return verdict(`${file}#${name}/${i}`, firstDifference(bool(x.ok, 'ok'), ok, 'ok'));
    }),
  'is_self_weight / check_length': (file, c, name) =>
    arr(c.cases, 'cases').map((xJson, i) => {
      const x = obj(xJson, `cases[${i}]`);
      const caller = int(x.caller_uid, 'caller_uid');
      const uids = u16List(x.uids, 'uids');
      const self = isSelfWeight(caller, uids, u16List(x.values, 'values'));
      let d: string | undefined;
      if (x.ok !== undefined) {
        const n = int(x.subnetwork_n ?? uids.length, 'subnetwork_n');
        const ok = checkWeightsLength(
          caller,
          uids,
          u16List(x.values, 'values'),
          int(x.min_allowed_weights ?? 0, 'min_allowed_weights'),
          n,
        );
        d = firstDifference(bool(x.ok, 'ok'), ok, 'ok');
      }
      if (d === undefined && x.max_weight_limited !== undefined) {
        d = firstDifference(true, self, 'is_self_weight');
      }
      return verdict(`${file}#${typeof x.test === 'string' ? x.test : `${name}/${i}`}`, d);
    }),
  'set_weights storage': (file, c, name) => {
    const stored = u16List(c.stored, 'stored');
    const values = stored.map(() => 65535);
    const description = typeof c.description === 'string' ? c.description : '';
    const match = /values \[([\d,\s]+)\]/.exec(description);
    const input = match ? (match[1] as string).split(',').map((v) => Number(v.trim())) : values;
    return [verdict(`${file}#${name}`, firstDifference(stored, vecU16MaxUpscaleToU16(input), 'stored'))];
  },
  'get_commit_hash (commit-reveal v2)': (file, c, name) =>
    arr(c.examples, 'examples').map((xJson, i) => {
      const x = obj(xJson, `examples[${i}]`);
      const { preimage, hash } = commitHashV2({
        hotkey: hex(x.hotkey, 'hotkey'),
        netuidIndex: int(x.netuid_index, 'netuid_index'),
        uids: u16List(x.uids, 'uids'),
        values: u16List(x.values, 'values'),
        salt: u16List(x.salt, 'salt'),
        versionKey: big(x.version_key, 'version_key'),
      });
      const d =
        (x.scale_encoding !== undefined
          ? firstDifference(str(x.scale_encoding, 'scale_encoding'), toHex(preimage), 'scale_encoding')
          : undefined) ?? firstDifference(str(x.hash, 'hash'), toHex(hash), 'hash');
      return verdict(`${file}#${name}/${i}`, d);
    }),
};

/** The case's name in result ids: its test name when that is one word, else the function's. */
export function functionCaseName(c: JsonObject, fn: string): string {
  return typeof c.test === 'string' && !c.test.includes(' ') ? c.test : fn.replace(/\s+/g, '_');
}

export function runFunctionCase(file: string, c: JsonObject, index: number): CaseResult[] {
  const fn = str(c.function, `cases[${index}].function`);
  const name = functionCaseName(c, fn);
  const runner = weightRules[fn];
  if (runner) return runner(file, c, name);
  const coinbase = runCoinbaseCase(file, c, fn, name);
  if (coinbase) return coinbase;
  return [skip(`${file}#${name}`, `no implementation of "${fn}"`)];
}
