/**
 * sp_runtime's block header and digest (Header<u32, BlakeTwo256>) as type descriptors: the node
 * encodes headers with them and Core_execute_block's Block argument is declared with them.
 */
import { H256 } from './substrate.js';
import { bytes, compact, enumType, fixedBytes, struct, u32, vec, type Type } from './type.js';

export type DigestItem =
  | { tag: 'Other'; value: Uint8Array }
  | { tag: 'Consensus'; value: [Uint8Array, Uint8Array] }
  | { tag: 'Seal'; value: [Uint8Array, Uint8Array] }
  | { tag: 'PreRuntime'; value: [Uint8Array, Uint8Array] }
  | { tag: 'RuntimeEnvironmentUpdated'; value: undefined };

const engineId = fixedBytes(4);
const engineFields = [
  ['', engineId, 'ConsensusEngineId'],
  ['', bytes, 'Vec<u8>'],
] as const;

export const DigestItemType: Type<DigestItem> = enumType<DigestItem>(
  ['sp_runtime', 'generic', 'digest', 'DigestItem'],
  [
    { name: 'PreRuntime', index: 6, fields: engineFields },
    { name: 'Consensus', index: 4, fields: engineFields },
    { name: 'Seal', index: 5, fields: engineFields },
    { name: 'Other', index: 0, fields: bytes },
    { name: 'RuntimeEnvironmentUpdated', index: 8 },
  ],
);

export const DigestType = struct<{ logs: DigestItem[] }>(
  ['sp_runtime', 'generic', 'digest', 'Digest'],
  [['logs', vec(DigestItemType), 'Vec<DigestItem>']],
);

export interface HeaderValue {
  parent_hash: Uint8Array;
  number: number;
  state_root: Uint8Array;
  extrinsics_root: Uint8Array;
  digest: { logs: DigestItem[] };
}

export const HeaderType: Type<HeaderValue> = struct<HeaderValue>(
  ['sp_runtime', 'generic', 'header', 'Header'],
  [
    ['parent_hash', H256, 'Hash::Output'],
    ['number', compact(u32), 'Number'],
    ['state_root', H256, 'Hash::Output'],
    ['extrinsics_root', H256, 'Hash::Output'],
    ['digest', DigestType, 'Digest'],
  ],
);

/**
 * An extrinsic as blocks carry it (OpaqueExtrinsic(Vec<u8>)): `bytes` is the extrinsic without its
 * length prefix, so the encoding is exactly the extrinsic's own length-prefixed SCALE.
 */
export const OpaqueExtrinsicType = struct<{ bytes: Uint8Array }>(
  ['sp_runtime', 'OpaqueExtrinsic'],
  [['', bytes]],
);

export const BlockType = struct<{ header: HeaderValue; extrinsics: { bytes: Uint8Array }[] }>(
  ['sp_runtime', 'generic', 'block', 'Block'],
  [
    ['header', HeaderType, 'Header'],
    ['extrinsics', vec(OpaqueExtrinsicType), 'Vec<Extrinsic>'],
  ],
);
