/** SubtensorModule's value types, with subtensor's scale-info paths. */
import { H256 } from '../../types/substrate.js';
import {
  bytes,
  i128,
  i16 as i16Type,
  struct,
  tuple,
  u128,
  u16,
  u32,
  u64,
  u8,
  vec,
  type Type,
} from '../../types/type.js';

// subtensor's NetUid, MechId, NetUidStorageIndex, TaoBalance and AlphaBalance describe themselves in
// metadata as the bare integer they wrap (their TypeInfo is u16's / u8's / u64's), so they are
// that integer here too; field type names still say NetUid, TaoBalance…
export const NetUid = u16;
export const NetUidStorageIndex = u16;
export const MechId = u8;
export const TaoBalance = u64;
export const AlphaBalance = u64;

/**
 * A substrate_fixed number stored as its raw bits: the value is the raw integer, metadata shows
 * `FixedU128<Frac> { bits }` as clients (bittensor reads `value["bits"]`) expect.
 */
function fixedBits<T>(name: string, bits: Type<T>, rust: string): Type<T> {
  return {
    codec: bits.codec,
    info: {
      kind: 'composite',
      path: ['substrate_fixed', name],
      params: [{ name: 'Frac' }],
      fields: [{ name: 'bits', type: bits, typeName: rust }],
    },
    name,
  };
}

/** U64F64 as its raw u128 bits (substrate_fixed::FixedU128<U64>). */
export const U64F64Bits = fixedBits('FixedU128', u128, 'u128');
/** I96F32 as its raw i128 bits. */
export const I96F32Bits = fixedBits('FixedI128', i128, 'i128');
export const I16 = i16Type;

export interface AxonInfo {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

export const AxonInfoType = struct<AxonInfo>(
  ['pallet_subtensor', 'pallet', 'AxonInfo'],
  [
    ['block', u64, 'u64', ['Axon serving block.']],
    ['version', u32, 'u32', ['Axon version.']],
    ['ip', u128, 'u128', ['Axon u128 encoded ip address of type v6 or v4.']],
    ['port', u16, 'u16', ['Axon u16 encoded port.']],
    ['ip_type', u8, 'u8', ['Axon ip type, 4 for ipv4 and 6 for ipv6.']],
    ['protocol', u8, 'u8', ['Axon protocol. TCP, UDP, other.']],
    ['placeholder1', u8, 'u8'],
    ['placeholder2', u8, 'u8'],
  ],
);

export interface PrometheusInfo {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
}

export const PrometheusInfoType = struct<PrometheusInfo>(
  ['pallet_subtensor', 'pallet', 'PrometheusInfo'],
  [
    ['block', u64, 'u64'],
    ['version', u32, 'u32'],
    ['ip', u128, 'u128'],
    ['port', u16, 'u16'],
    ['ip_type', u8, 'u8'],
  ],
);

export interface SubnetIdentityV3 {
  subnet_name: Uint8Array;
  github_repo: Uint8Array;
  subnet_contact: Uint8Array;
  subnet_url: Uint8Array;
  discord: Uint8Array;
  description: Uint8Array;
  logo_url: Uint8Array;
  additional: Uint8Array;
}

export const SubnetIdentityV3Type = struct<SubnetIdentityV3>(
  ['pallet_subtensor', 'pallet', 'SubnetIdentityV3'],
  [
    'subnet_name',
    'github_repo',
    'subnet_contact',
    'subnet_url',
    'discord',
    'description',
    'logo_url',
    'additional',
  ].map((name) => [name, bytes, 'Vec<u8>'] as const),
);

/** A stored weight or bond row: Vec<(uid, u16)>. */
export const U16Pairs = vec(tuple(u16, u16));
/** A commit-reveal v2 commit: (hash, commit epoch, commit block, reveal epoch placeholder). */
export const WeightCommit = tuple(H256, u64, u64, u64);
