/**
 * The chain's type registry as the metagraph needs it: a RegistryDecoder over the metadata's
 * portable types, runtime-API output types and storage value types looked up by name.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { ChainQueryError } from '../chain/errors.js';
import { RegistryDecoder, type SiTypeJson } from './scale-decoder.js';

interface ApiMethodJson {
  readonly name: string;
  readonly output: number;
}

interface ApiJson {
  readonly name: string;
  readonly methods: readonly ApiMethodJson[];
}

/** One decoder per ApiPromise (its registry changes only with a runtime upgrade). */
const decoders = new WeakMap<ApiPromise, { specVersion: number; decoder: RegistryDecoder }>();

export function registryDecoder(api: ApiPromise): RegistryDecoder {
  const specVersion = api.runtimeVersion.specVersion.toNumber();
  const known = decoders.get(api);
  if (known !== undefined && known.specVersion === specVersion) return known.decoder;
  const lookup = api.registry.lookup;
  const decoder = new RegistryDecoder((id) => lookup.getSiType(id).toJSON() as unknown as SiTypeJson);
  decoders.set(api, { specVersion, decoder });
  return decoder;
}

/** The output type id of a runtime API method declared in metadata V15. */
export function runtimeApiOutput(api: ApiPromise, apiName: string, method: string): number {
  const latest = api.runtimeMetadata.asLatest as unknown as { apis?: Codec };
  const apis = (latest.apis?.toJSON() ?? []) as unknown as readonly ApiJson[];
  const found = apis.find((a) => a.name === apiName)?.methods.find((m) => m.name === method);
  if (found === undefined)
    throw new ChainQueryError(
      'runtimeApi',
      `the metadata declares no ${apiName}.${method} (metadata V15 needed)`,
    );
  return found.output;
}

interface StorageEntryMeta {
  readonly meta: { readonly type: Codec };
  keyPrefix(...args: unknown[]): string;
  key(...args: unknown[]): string;
}

/** A storage item's decorated entry (api.query.<section>.<item>), for keys and its value type. */
export function storageEntry(api: ApiPromise, section: string, item: string): StorageEntryMeta {
  const entry = (api.query as unknown as Record<string, Record<string, StorageEntryMeta> | undefined>)[
    section
  ]?.[item];
  if (entry === undefined)
    throw new ChainQueryError('storage', `the runtime has no storage ${section}.${item}`);
  return entry;
}

/** The value type id of a storage map. */
export function storageValueType(entry: StorageEntryMeta): number {
  const type = entry.meta.type.toJSON() as { map?: { value: number }; plain?: number };
  if (type.map !== undefined) return type.map.value;
  if (type.plain !== undefined) return type.plain;
  throw new ChainQueryError('storage', 'unknown storage entry shape');
}
