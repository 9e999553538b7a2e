/**
 * Subnet summaries for `subnets list` / `show`: read from SubnetInfoRuntimeApi.get_all_dynamic_info
 * (dynamic TAO: pools, prices, emissions) and, on runtimes without it, from get_subnets_info_v2, in
 * which case the dynamic-TAO fields are null and printed as `—`.
 */
import type { ChainClient } from '@tao-ts/sdk';
import { arrayOf, raoSchema, ss58Schema, strictObject, type JsonSchema } from '../../framework/schema.js';

export interface SubnetSummary {
  netuid: number;
  name: string;
  symbol: string;
  owner: string;
  tempo: number;
  blocksSinceLastStep: number;
  /** τ per α as a decimal number; null before dynamic TAO or with an empty pool. */
  price: number | null;
  marketCap: bigint | null;
  /** τ emitted into the pool per block. */
  emission: bigint | null;
  taoIn: bigint | null;
  alphaIn: bigint | null;
  alphaOut: bigint | null;
}

const raoOrNull: JsonSchema = { anyOf: [raoSchema, { type: 'null' }] };

export const subnetSummarySchema: JsonSchema = strictObject({
  netuid: { type: 'integer', minimum: 0 },
  name: { type: 'string' },
  symbol: { type: 'string' },
  owner: ss58Schema,
  tempo: { type: 'integer' },
  blocksSinceLastStep: { type: 'integer' },
  price: { type: ['number', 'null'], description: 'τ per α' },
  marketCap: raoOrNull,
  emission: raoOrNull,
  taoIn: raoOrNull,
  alphaIn: raoOrNull,
  alphaOut: raoOrNull,
});

export const subnetListSchema: JsonSchema = strictObject({ subnets: arrayOf(subnetSummarySchema) });

interface Struct {
  get(key: string): Codec | undefined;
}
interface Codec {
  toJSON(): unknown;
  toPrimitive(): unknown;
  toString(): string;
  isSome?: boolean;
  unwrap?: () => Codec;
  toArray?: () => Codec[];
}

function big(s: Struct, key: string): bigint {
  const value = s.get(key) as (Codec & { toBigInt?: () => bigint }) | undefined;
  if (value?.toBigInt !== undefined) return value.toBigInt();
  const json = value?.toJSON();
  return typeof json === 'number' || typeof json === 'string' ? BigInt(json) : 0n;
}

/** Bytes or Vec<Compact<u8>> → UTF-8 text (names and symbols are stored as bytes). */
export function text(s: Struct, key: string): string {
  const json = s.get(key)?.toJSON();
  let bytes: Uint8Array;
  if (Array.isArray(json)) bytes = Uint8Array.from(json.map(Number));
  else if (typeof json === 'string' && json.startsWith('0x')) bytes = Buffer.from(json.slice(2), 'hex');
  else return typeof json === 'string' ? json : '';
  return new TextDecoder().decode(bytes);
}

function fromDynamic(s: Struct): SubnetSummary {
  const netuid = Number(big(s, 'netuid'));
  const taoIn = big(s, 'taoIn');
  const alphaIn = big(s, 'alphaIn');
  const alphaOut = big(s, 'alphaOut');
  // Root's price is 1 by definition; elsewhere it is the pool ratio (undefined for an empty pool).
  let price: number | null = null;
  let marketCap: bigint | null = null;
  if (netuid === 0) {
    price = 1;
    marketCap = alphaIn + alphaOut;
  } else if (alphaIn > 0n) {
    price = Number(taoIn) / Number(alphaIn);
    marketCap = (taoIn * (alphaIn + alphaOut)) / alphaIn;
  }
  return {
    netuid,
    name: text(s, 'subnetName'),
    symbol: text(s, 'tokenSymbol'),
    owner: String(s.get('ownerColdkey')?.toString() ?? ''),
    tempo: Number(big(s, 'tempo')),
    blocksSinceLastStep: Number(big(s, 'blocksSinceLastStep')),
    price,
    marketCap,
    emission: big(s, 'taoInEmission'),
    taoIn,
    alphaIn,
    alphaOut,
  };
}

function fromSubnetInfo(s: Struct): SubnetSummary {
  return {
    netuid: Number(big(s, 'netuid')),
    name: '',
    symbol: '',
    owner: String(s.get('owner')?.toString() ?? ''),
    tempo: Number(big(s, 'tempo')),
    blocksSinceLastStep: Number(big(s, 'blocksSinceLastStep')),
    price: null,
    marketCap: null,
    emission: big(s, 'emissionValue'),
    taoIn: null,
    alphaIn: null,
    alphaOut: null,
  };
}

function somes(answer: unknown): Struct[] {
  const list = (answer as Codec).toArray?.() ?? [];
  const out: Struct[] = [];
  for (const item of list) {
    if (typeof item.isSome === 'boolean') {
      if (item.isSome && item.unwrap !== undefined) out.push(item.unwrap() as unknown as Struct);
    } else out.push(item as unknown as Struct);
  }
  return out;
}

/** Every subnet, ascending by netuid. */
export async function allSubnets(client: ChainClient): Promise<SubnetSummary[]> {
  let rows: SubnetSummary[];
  const calls = client.api.call as unknown as Record<string, Record<string, unknown> | undefined>;
  if (calls['subnetInfoRuntimeApi']?.['getAllDynamicInfo'] !== undefined) {
    rows = somes(await client.runtimeApi('subnetInfoRuntimeApi', 'getAllDynamicInfo')()).map(fromDynamic);
  } else {
    rows = somes(await client.runtimeApi('subnetInfoRuntimeApi', 'getSubnetsInfoV2')()).map(fromSubnetInfo);
  }
  return rows.sort((a, b) => a.netuid - b.netuid);
}

/** τ formatting that prints `—` for what the chain does not have. */
export function orDash(value: bigint | null, format: (rao: bigint) => string): string {
  return value === null ? '—' : format(value);
}

export function priceText(price: number | null, symbol: string): string {
  return price === null ? '—' : `τ${price.toFixed(6)}/${symbol === '' ? 'α' : symbol}`;
}
