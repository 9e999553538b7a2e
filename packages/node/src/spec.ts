/**
 * Chain specs as JSON files, in Substrate's layout: `name`, `id`, `chainType`, `properties`,
 * `bootNodes`… and `genesis`, either as a genesis config (`runtimeGenesisConfig`, readable) or
 * raw storage (`raw.top`, hex keys and values). `--chain` takes `dev`, `fair-launch` or a file.
 */
import { readFileSync } from 'node:fs';
import { TaoError, decodeAddress, encodeAddress, toHex } from '@tao-ts/primitives';
import {
  buildGenesis,
  devSpec,
  fairLaunchSpec,
  type ChainSpec,
  type GenesisConfig,
  type GenesisSubnet,
} from '@tao-ts/runtime';

export class ChainSpecError extends TaoError {
  constructor(message: string, field?: string) {
    super('CHAIN_SPEC', message, { field });
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function resolveChainSpec(chain: string): ChainSpec {
  if (chain === 'dev') return devSpec();
  if (chain === 'fair-launch') return fairLaunchSpec();
  let text: string;
  try {
    text = readFileSync(chain, 'utf8');
  } catch (cause) {
    throw new ChainSpecError(
      `--chain ${chain}: not "dev", "fair-launch" or a readable spec file (${String(cause)})`,
      'chain',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ChainSpecError(`${chain}: not valid JSON (${String(cause)})`, 'chain');
  }
  return parseChainSpec(json, chain);
}

export function chainSpecJson(spec: ChainSpec, raw: boolean): Json {
  const base = {
    name: spec.name,
    id: spec.id,
    chainType: spec.chainType,
    bootNodes: [],
    telemetryEndpoints: null,
    protocolId: 'tao',
    properties: { ...spec.properties },
    codeSubstitutes: {},
    // Timestamp.MinimumPeriod is a runtime constant, not state: the spec carries it for our runtime.
    minimumPeriodMs: Number(spec.minimumPeriodMs),
  };
  if (raw) {
    const top: Record<string, string> = {};
    for (const [key, value] of buildGenesis(spec).scan('')) top[`0x${key}`] = toHex(value);
    return { ...base, genesis: { raw: { top, childrenDefault: {} } } };
  }
  return { ...base, genesis: { runtimeGenesisConfig: genesisConfigJson(spec.genesis) } };
}

function genesisConfigJson(genesis: GenesisConfig): Json {
  const address = (a: Uint8Array): string => encodeAddress(a, 42);
  const subnet = (s: GenesisSubnet): Json => {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(s)) {
      if (value === undefined) continue;
      out[key] =
        typeof value === 'bigint'
          ? value.toString()
          : value instanceof Uint8Array
            ? address(value)
            : (value as Json);
    }
    return out;
  };
  return {
    balances: genesis.balances.map(([who, free]) => [address(who), free.toString()]),
    ...(genesis.sudo ? { sudo: address(genesis.sudo) } : {}),
    authorities: genesis.authorities.map(address),
    subnets: genesis.subnets.map(subnet),
    ...(genesis.networkRateLimit !== undefined
      ? { networkRateLimit: genesis.networkRateLimit.toString() }
      : {}),
    ...(genesis.networkMinLockCost !== undefined
      ? { networkMinLockCost: genesis.networkMinLockCost.toString() }
      : {}),
    ...(genesis.adminFreezeWindow !== undefined ? { adminFreezeWindow: genesis.adminFreezeWindow } : {}),
  };
}

/** Reads field values with errors naming the field's path in the file. */
class Reader {
  constructor(private readonly file: string) {}

  fail(path: string, message: string): never {
    throw new ChainSpecError(`${this.file}: ${path} ${message}`, path);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(path, 'must be an object');
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(path, 'must be a non-empty string');
    return value;
  }

  integer(value: unknown, path: string, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
      this.fail(path, `must be an integer in [0, ${max}]`);
    }
    return value;
  }

  amount(value: unknown, path: string): bigint {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !/^[0-9]{1,39}$/.test(text))
      this.fail(path, 'must be a non-negative integer (a decimal string for large values)');
    return BigInt(text);
  }

  account(value: unknown, path: string): Uint8Array {
    const text = this.string(value, path);
    try {
      return decodeAddress(text, path);
    } catch (error) {
      return this.fail(
        path,
        `is not an SS58 address (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }

  hexBytes(value: unknown, path: string): Uint8Array {
    if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value))
      this.fail(path, 'must be 0x-prefixed hex');
    return new Uint8Array(Buffer.from(value.slice(2), 'hex'));
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be an array');
    return value as unknown[];
  }
}

const CHAIN_TYPES = ['Development', 'Local', 'Live'] as const;

export function parseChainSpec(json: unknown, file: string): ChainSpec {
  const r = new Reader(file);
  const root = r.object(json, 'spec');
  const chainType = root['chainType'] ?? 'Live';
  if (typeof chainType !== 'string' || !(CHAIN_TYPES as readonly string[]).includes(chainType)) {
    r.fail('chainType', `must be one of ${CHAIN_TYPES.join(', ')}`);
  }
  const props = r.object(root['properties'] ?? {}, 'properties');
  const base = {
    id: r.string(root['id'], 'id'),
    name: r.string(root['name'], 'name'),
    chainType: chainType as ChainSpec['chainType'],
    properties: {
      ss58Format: r.integer(props['ss58Format'] ?? 42, 'properties.ss58Format', 16_383),
      tokenDecimals: r.integer(props['tokenDecimals'] ?? 9, 'properties.tokenDecimals', 255),
      tokenSymbol: r.string(props['tokenSymbol'] ?? 'TAO', 'properties.tokenSymbol'),
    },
    minimumPeriodMs: BigInt(r.integer(root['minimumPeriodMs'] ?? 6_000, 'minimumPeriodMs', 3_600_000)),
  };
  if (base.minimumPeriodMs === 0n) r.fail('minimumPeriodMs', 'must be at least 1');
  const genesis = r.object(root['genesis'], 'genesis');
  if (genesis['raw'] !== undefined) {
    const raw = r.object(genesis['raw'], 'genesis.raw');
    const top = r.object(raw['top'], 'genesis.raw.top');
    const storage = new Map<string, Uint8Array>();
    for (const [key, value] of Object.entries(top)) {
      const k = r.hexBytes(key, `genesis.raw.top key ${key.slice(0, 20)}`);
      if (k.length === 0) r.fail('genesis.raw.top', 'has an empty key');
      storage.set(
        Buffer.from(k).toString('hex'),
        r.hexBytes(value, `genesis.raw.top["${key.slice(0, 20)}…"]`),
      );
    }
    return { ...base, genesis: { balances: [], authorities: [], subnets: [] }, raw: storage };
  }
  const config = r.object(
    genesis['runtimeGenesisConfig'] ?? genesis['runtime'],
    'genesis.runtimeGenesisConfig',
  );
  return { ...base, genesis: parseGenesisConfig(r, config) };
}

function parseGenesisConfig(r: Reader, config: Record<string, unknown>): GenesisConfig {
  const p = 'genesis.runtimeGenesisConfig';
  const balances = r.array(config['balances'] ?? [], `${p}.balances`).map((entry, i) => {
    const pair = r.array(entry, `${p}.balances[${i}]`);
    if (pair.length !== 2) r.fail(`${p}.balances[${i}]`, 'must be [address, amount]');
    return [
      r.account(pair[0], `${p}.balances[${i}][0]`),
      r.amount(pair[1], `${p}.balances[${i}][1]`),
    ] as const;
  });
  const subnets = r
    .array(config['subnets'] ?? [], `${p}.subnets`)
    .map((entry, i) => parseSubnet(r, entry, `${p}.subnets[${i}]`));
  const optionalAmount = (name: string): bigint | undefined =>
    config[name] === undefined ? undefined : r.amount(config[name], `${p}.${name}`);
  const networkRateLimit = optionalAmount('networkRateLimit');
  const networkMinLockCost = optionalAmount('networkMinLockCost');
  return {
    balances,
    ...(config['sudo'] !== undefined ? { sudo: r.account(config['sudo'], `${p}.sudo`) } : {}),
    authorities: r
      .array(config['authorities'] ?? [], `${p}.authorities`)
      .map((a, i) => r.account(a, `${p}.authorities[${i}]`)),
    subnets,
    ...(networkRateLimit !== undefined ? { networkRateLimit } : {}),
    ...(networkMinLockCost !== undefined ? { networkMinLockCost } : {}),
    ...(config['adminFreezeWindow'] !== undefined
      ? { adminFreezeWindow: r.integer(config['adminFreezeWindow'], `${p}.adminFreezeWindow`, 0xffff) }
      : {}),
  };
}

const SUBNET_FLAGS = ['powRegistration', 'commitReveal', 'started'] as const;
const SUBNET_AMOUNTS = ['burn', 'minBurn', 'difficulty', 'minDifficulty', 'weightsRateLimit'] as const;

function parseSubnet(r: Reader, value: unknown, path: string): GenesisSubnet {
  const o = r.object(value, path);
  const known = new Set<string>([
    'netuid',
    'tempo',
    'owner',
    'activityCutoffFactorMilli',
    ...SUBNET_FLAGS,
    ...SUBNET_AMOUNTS,
  ]);
  for (const key of Object.keys(o)) if (!known.has(key)) r.fail(`${path}.${key}`, 'is not a subnet field');
  const out: Record<string, unknown> = {
    netuid: r.integer(o['netuid'], `${path}.netuid`, 0xffff),
    tempo: r.integer(o['tempo'], `${path}.tempo`, 0xffff),
  };
  for (const flag of SUBNET_FLAGS) {
    if (o[flag] === undefined) continue;
    if (typeof o[flag] !== 'boolean') r.fail(`${path}.${flag}`, 'must be true or false');
    out[flag] = o[flag];
  }
  for (const name of SUBNET_AMOUNTS)
    if (o[name] !== undefined) out[name] = r.amount(o[name], `${path}.${name}`);
  if (o['owner'] !== undefined) out['owner'] = r.account(o['owner'], `${path}.owner`);
  if (o['activityCutoffFactorMilli'] !== undefined) {
    out['activityCutoffFactorMilli'] = r.integer(
      o['activityCutoffFactorMilli'],
      `${path}.activityCutoffFactorMilli`,
      0xffff_ffff,
    );
  }
  if (out['netuid'] === 0) r.fail(`${path}.netuid`, 'must not be 0 (the root network always exists)');
  return out as unknown as GenesisSubnet;
}
