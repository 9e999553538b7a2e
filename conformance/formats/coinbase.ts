/**
 * coinbase.json against the runtime's emission arithmetic (pallets/subtensor/emission-split.ts):
 * root_proportion, the emit_to_subnets split and the owner cut. The dynamic-TAO cases (moving
 * prices, pool terms, price shares, root dividends) need pools this runtime does not have yet.
 */
import { U96F32 } from '@tao-ts/primitives';
import { MemoryStorage, SubtensorStorage as S, rootProportion, splitAlphaOut } from '@tao-ts/runtime';
import { firstDifference } from '../compare.js';
import { big, obj, str, type JsonObject } from '../fields.js';
import { type CaseResult, VectorFormatError, skip, verdict } from '../result.js';

const U16_MAX = 65_535;

/** An integer written as digits or in e-notation ("1e9", "5e15"), exactly. */
function exactInt(text: string, field: string): bigint {
  const match = /^(\d+)(?:e(\d+))?$/.exec(text.trim());
  if (!match) throw new VectorFormatError(field, `expected an integer, got "${text}"`);
  return BigInt(match[1] as string) * 10n ** BigInt(match[2] ?? '0');
}

function fromDescription(c: JsonObject, pattern: RegExp, what: string): bigint {
  const description = str(c.description, 'description');
  const match = pattern.exec(description);
  if (!match) throw new VectorFormatError('description', `no ${what} in "${description}"`);
  return exactInt(match[1] as string, `description (${what})`);
}

/** A U96F32 against a decimal printed to 10 places: within one ulp (2^-32 ≈ 2.3e-10). */
function nearDecimal(expected: string, raw: bigint, what: string): string | undefined {
  const want = U96F32.fromDecimal(expected);
  const diff = want > raw ? want - raw : raw - want;
  return diff <= 1n ? undefined : `${what}: expected ${expected}, got ${U96F32.toDecimalString(raw, 12)}`;
}

/** PendingOwnerCut key names: cut<N> is SubnetOwnerCut = N, cut_max is u16::MAX. */
export function ownerCutOf(key: string): number {
  if (key === 'cut_max') return U16_MAX;
  const match = /^cut(\d+)$/.exec(key);
  if (!match) throw new VectorFormatError(`expected.${key}`, 'expected cut<N> or cut_max');
  return Number(match[1]);
}

/** The alpha out of the owner-cut case: "… = full 1e9 alpha_out". */
export function ownerCutAlphaOut(c: JsonObject): bigint {
  return fromDescription(c, /full (\S+) alpha_out/, 'alpha_out');
}

type Runner = (file: string, c: JsonObject, name: string) => CaseResult[];

const runners: Record<string, Runner> = {
  root_proportion: (file, c, name) => {
    const inputs = obj(c.inputs, 'inputs');
    const raw = rootProportion(
      big(inputs.tao_weight_u64, 'inputs.tao_weight_u64'),
      big(inputs.root_subnet_tao, 'inputs.root_subnet_tao'),
      big(inputs.alpha_issuance, 'inputs.alpha_issuance'),
    );
    const d =
      c.model_raw_u96f32 !== undefined
        ? firstDifference(big(c.model_raw_u96f32, 'model_raw_u96f32'), raw, 'root_proportion (U96F32 bits)')
        : nearDecimal(str(c.model_value, 'model_value'), raw, 'root_proportion');
    return [verdict(`${file}#${name}`, d)];
  },

  'emit_to_subnets split': (file, c, name) => {
    const alphaOut = fromDescription(c, /alpha_out=(\S+?)(?:\s*rao)?,/, 'alpha_out');
    const cut = Number(fromDescription(c, /SubnetOwnerCut=(\d+)/, 'SubnetOwnerCut'));
    const taoWeight = fromDescription(c, /TaoWeight default (\d+)/, 'TaoWeight');
    const rootTao = fromDescription(c, /root TAO (\S+?),/, 'root TAO');
    const alphaIssuance = fromDescription(c, /subnet alpha issuance (\S+)$/, 'alpha issuance');
    const rp = rootProportion(taoWeight, rootTao, alphaIssuance);
    const split = splitAlphaOut(alphaOut, cut, true, rp);
    const result = obj(c.result, 'result');
    const d =
      firstDifference(taoWeight, S.TaoWeight.get(new MemoryStorage()), 'the runtime TaoWeight default') ??
      nearDecimal(str(c.root_proportion, 'root_proportion'), rp, 'root_proportion') ??
      firstDifference(
        result,
        {
          owner_cut: split.ownerCut,
          pending_server: split.server,
          pending_validator: split.validator,
          root_alpha: split.rootAlpha,
          alpha_created: alphaOut,
        },
        'result',
      );
    return [verdict(`${file}#${name}`, d)];
  },

  'owner cut': (file, c, name) => {
    const alphaOut = ownerCutAlphaOut(c);
    const expected = obj(c.expected, 'expected');
    return Object.keys(expected).map((key) =>
      verdict(
        `${file}#${name}/${key}`,
        firstDifference(
          big(expected[key], `expected.${key}`),
          splitAlphaOut(alphaOut, ownerCutOf(key), true, 0n).ownerCut,
          'owner cut',
        ),
      ),
    );
  },
};

const DYNAMIC_TAO: Record<string, string> = {
  update_moving_price: 'needs SubnetMovingPrice and its EMA update: this runtime has 1:1 pools and no prices',
  calculate_dividend_distribution:
    'needs root stake in the dividend split (root alpha dividends): this runtime distributes without root',
  get_subnet_terms: 'needs pool prices and the protocol buy of excess TAO (the dynamic-TAO swap)',
  'get_subnet_block_emissions (price shares)':
    'needs moving prices to share the block emission: this runtime shares it equally',
};

/** The pure coinbase cases, or undefined when `fn` is no coinbase function. */
export function runCoinbaseCase(
  file: string,
  c: JsonObject,
  fn: string,
  name: string,
): CaseResult[] | undefined {
  const runner = runners[fn];
  if (runner) return runner(file, c, name);
  const reason = DYNAMIC_TAO[fn];
  return reason === undefined ? undefined : [skip(`${file}#${name}`, reason)];
}
