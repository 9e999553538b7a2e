/** Neuron rows of a subnet from the SDK's Metagraph, for `subnets show` and `subnets metagraph`. */
import type { ChainClient } from '@tao-ts/sdk';
import { arrayOf, raoSchema, ss58Schema, strictObject, type JsonSchema } from '../../framework/schema.js';

export interface NeuronRow {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Total stake weight, rao. */
  stake: bigint;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  emission: bigint;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: bigint;
  axon: string;
  /** Outgoing weights (uid → share of the row, summing to 1); only with full sync. */
  weights?: { uid: number; weight: number }[];
}

const ratio: JsonSchema = { type: 'number', minimum: 0, maximum: 1 };

export function neuronSchema(withWeights: boolean): JsonSchema {
  return strictObject(
    {
      uid: { type: 'integer' },
      hotkey: ss58Schema,
      coldkey: ss58Schema,
      stake: raoSchema,
      trust: ratio,
      consensus: ratio,
      incentive: ratio,
      dividends: ratio,
      emission: raoSchema,
      validatorPermit: { type: 'boolean' },
      active: { type: 'boolean' },
      lastUpdate: raoSchema,
      axon: { type: 'string', description: 'ip:port, or "" when not served' },
      weights: arrayOf(strictObject({ uid: { type: 'integer' }, weight: ratio })),
    },
    withWeights ? [] : ['weights'],
  );
}

export const neuronsSchema = (withWeights: boolean): JsonSchema => arrayOf(neuronSchema(withWeights));

/** Syncs the metagraph of `netuid` once (full mode reads weights too) and returns one row per uid. */
export async function neuronRows(
  client: ChainClient,
  netuid: number,
  options: { weights: boolean },
): Promise<{ block: number; rows: NeuronRow[] }> {
  const { Metagraph } = await import('@tao-ts/sdk');
  const m = await Metagraph.create(client, netuid, { lite: !options.weights });
  const rows: NeuronRow[] = [];
  for (let uid = 0; uid < m.n; uid++) {
    const axon = m.axons[uid];
    const row: NeuronRow = {
      uid,
      hotkey: m.hotkeys[uid] ?? '',
      coldkey: m.coldkeys[uid] ?? '',
      stake: m.stakeRao[uid] ?? 0n,
      trust: m.trust[uid] ?? 0,
      consensus: m.consensus[uid] ?? 0,
      incentive: m.incentive[uid] ?? 0,
      dividends: m.dividends[uid] ?? 0,
      emission: m.emissionRao[uid] ?? 0n,
      validatorPermit: m.validatorPermit[uid] === 1,
      active: m.active[uid] === 1,
      lastUpdate: m.lastUpdate[uid] ?? 0n,
      axon: axon === undefined || axon.port === 0 ? '' : `${axon.ip}:${axon.port}`,
    };
    if (m.weights !== undefined) {
      const weights: { uid: number; weight: number }[] = [];
      for (let dest = 0; dest < m.n; dest++) {
        const w = m.weights[uid * m.n + dest] ?? 0;
        if (w > 0) weights.push({ uid: dest, weight: w });
      }
      row.weights = weights;
    }
    rows.push(row);
  }
  return { block: m.block, rows };
}

/** A short key for tables: first and last characters. */
export function shortKey(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export const fixed = (x: number): string => x.toFixed(4);
