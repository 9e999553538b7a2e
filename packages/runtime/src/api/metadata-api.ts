/**
 * The `Metadata` runtime API (version 2), as sp_api declares it: the V14 document, any supported
 * version on request, and the list of supported versions. The documents are built on first use
 * and kept: they depend only on the runtime's declarations, never on state.
 */
import { bytes, newtype, option, u32, vec } from '../types/type.js';
import type { RuntimeApiDecl } from './types.js';

/** sp_core::OpaqueMetadata: the SCALE bytes of a RuntimeMetadataPrefixed, as a Vec<u8>. */
export const OpaqueMetadata = newtype(['sp_core', 'OpaqueMetadata'], bytes);

export const METADATA_VERSIONS: readonly number[] = [14, 15];

export interface MetadataDocuments {
  readonly v14: Uint8Array;
  readonly v15: Uint8Array;
}

export function metadataApi(build: () => MetadataDocuments): RuntimeApiDecl {
  let cached: MetadataDocuments | undefined;
  const documents = (): MetadataDocuments => (cached ??= build());
  return {
    name: 'Metadata',
    version: 2,
    docs: ['The `Metadata` api trait that returns metadata for the runtime.'],
    methods: [
      {
        name: 'metadata',
        inputs: [],
        output: OpaqueMetadata,
        docs: ['Returns the metadata of a runtime.'],
        call: () => documents().v14,
      },
      {
        name: 'metadata_at_version',
        inputs: [['version', u32, 'u32']],
        output: option(OpaqueMetadata),
        docs: [
          'Returns the metadata at a given version.',
          '',
          "If the given `version` isn't supported, this will return `None`.",
          'Use [`Self::metadata_versions`] to find out about supported metadata version of the runtime.',
        ],
        call: (_ctx, args) => {
          const version = args['version'];
          if (version === 14) return documents().v14;
          if (version === 15) return documents().v15;
          return undefined;
        },
      },
      {
        name: 'metadata_versions',
        inputs: [],
        output: vec(u32),
        docs: [
          'Returns the supported metadata versions.',
          '',
          'This can be used to call `metadata_at_version`.',
        ],
        call: () => [...METADATA_VERSIONS],
      },
    ],
  };
}
