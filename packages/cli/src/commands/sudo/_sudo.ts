/** Helpers for `sudo set`: typing a value by the call's metadata, and reading Sudo.sudo's inner result. */
import type { ChainClient, SubmitResult } from '@tao-ts/sdk';
import { UsageError } from '../../errors.js';
import { ChainFailureError } from '../_chain.js';

interface CallMeta {
  meta: { args: { name: { toString(): string }; type: { toString(): string } }[] };
}

/** Whether the runtime has AdminUtils.<call>. */
export function hasAdminCall(client: ChainClient, call: string): boolean {
  const tx = client.api.tx as unknown as Record<string, Record<string, unknown> | undefined>;
  return tx['adminUtils']?.[call] !== undefined;
}

/** The value argument (the one after netuid) typed as the AdminUtils call declares it. */
export function parseParamValue(
  client: ChainClient,
  call: string,
  raw: string,
): boolean | bigint | number | { bits: bigint } {
  const tx = client.api.tx as unknown as Record<string, Record<string, CallMeta | undefined> | undefined>;
  const meta = tx['adminUtils']?.[call]?.meta;
  if (meta === undefined) throw new UsageError(`this chain has no AdminUtils.${call}`);
  const type = meta.args[1]?.type.toString() ?? '';
  const text = raw.trim().toLowerCase();
  if (type === 'bool') {
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off'].includes(text)) return false;
    throw new UsageError(`"${raw}" is not a boolean`, { field: 'value', hint: 'use true or false' });
  }
  if (/Fixed/.test(type)) {
    // U64F64 (FixedU128 with 64 fractional bits): the chain takes the raw bits.
    if (!/^\d+(\.\d+)?$/.test(text))
      throw new UsageError(`"${raw}" is not a decimal number`, { field: 'value' });
    const [whole = '0', fraction = ''] = text.split('.');
    const scale = 10n ** BigInt(fraction.length);
    return { bits: (BigInt(whole + fraction) << 64n) / scale };
  }
  const int = /^[iu](\d+)$/.exec(type);
  if (int !== null) {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`"${raw}" is not an integer`, { field: 'value' });
    const n = BigInt(text);
    const bits = BigInt(int[1] ?? '64');
    const signed = type.startsWith('i');
    const min = signed ? -(1n << (bits - 1n)) : 0n;
    const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
    if (n < min || n > max) throw new UsageError(`${raw} is out of range for ${type}`, { field: 'value' });
    return bits <= 32n ? Number(n) : n;
  }
  if (!/^\d+$/.test(text)) throw new UsageError(`"${raw}" is not a whole number`, { field: 'value' });
  return BigInt(text);
}

interface ModuleError {
  module?: { index: number | string; error: string | number[] };
}

/**
 * Sudo.sudo succeeds as an extrinsic even when the inner call fails: the failure is in its Sudid event.
 * Returns that failure, named from the metadata, or undefined.
 */
export function sudoFailure(
  client: ChainClient,
  result: SubmitResult,
  call: string,
): ChainFailureError | undefined {
  const sudid = result.events.find((e) => e.section === 'sudo' && e.method === 'Sudid');
  const outcome = sudid?.data[0] as { err?: ModuleError | string } | undefined;
  if (outcome?.err === undefined) return undefined;
  const err = outcome.err;
  if (typeof err === 'object' && err.module !== undefined) {
    const error = err.module.error;
    const bytes =
      typeof error === 'string'
        ? Uint8Array.from(Buffer.from(error.replace(/^0x/, ''), 'hex'))
        : Uint8Array.from(error);
    const meta = client.api.registry.findMetaError(Uint8Array.of(Number(err.module.index), bytes[0] ?? 0));
    return new ChainFailureError(`adminUtils.${call}`, meta.name, meta.section, meta.docs.join(' ').trim());
  }
  const name = typeof err === 'string' ? err : (Object.keys(err)[0] ?? 'Other');
  return new ChainFailureError(
    `adminUtils.${call}`,
    name.charAt(0).toUpperCase() + name.slice(1),
    undefined,
    '',
  );
}
