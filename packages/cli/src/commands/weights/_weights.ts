/** Options shared by the weights commands and the conversion of float weights to the chain's u16s. */
import { UsageError } from '../../errors.js';
import { parseUids, parseWeights } from '../../framework/options.js';
import type { OptionSpec } from '../../framework/spec.js';

export const uidsOption: OptionSpec = {
  flags: '--uids <uids>',
  description: 'comma-separated uids, e.g. 1,2',
  parse: parseUids,
  required: true,
};

export const weightsOption: OptionSpec = {
  flags: '--weights <weights>',
  description: 'comma-separated weights, one per uid (normalised, so any scale works)',
  parse: parseWeights,
  required: true,
};

export const versionKeyOption: OptionSpec = {
  flags: '--version-key <n>',
  description: 'weights version key',
  defaultDescription: "the subnet's weights_version",
  parse: (value: string) => {
    if (!/^\d+$/.test(value)) throw new Error('must be a whole number');
    return BigInt(value);
  },
};

/** Max-upscales to u16 and drops zeros, as bittensor does before emitting (the scoring kit's rule). */
export async function toEmit(
  uids: readonly number[],
  weights: readonly number[],
): Promise<{ uids: number[]; values: number[] }> {
  if (uids.length !== weights.length) {
    throw new UsageError(`${uids.length} uids but ${weights.length} weights`, {
      field: '--weights',
      hint: 'give one weight per uid',
    });
  }
  if (new Set(uids).size !== uids.length) throw new UsageError('a uid is listed twice', { field: '--uids' });
  const { convertWeightsAndUidsForEmit } = await import('@tao-ts/sdk');
  const emit = convertWeightsAndUidsForEmit(uids, weights);
  if (emit.uids.length === 0) throw new UsageError('all weights are zero', { field: '--weights' });
  return { uids: [...emit.uids], values: [...emit.values] };
}
