/**
 * Substrate's block header and digest (sp_runtime::generic::Header<u32, BlakeTwo256>): SCALE
 * codec, blake2-256 hash, and the JSON shape Substrate's RPC returns.
 */
import { blake2b256, equalBytes, toHex } from '@tao-ts/primitives';
import { DigestItemType, HeaderType, type DigestItem } from '@tao-ts/runtime';

export type { DigestItem } from '@tao-ts/runtime';

export interface Header {
  readonly parentHash: Uint8Array;
  readonly number: number;
  readonly stateRoot: Uint8Array;
  readonly extrinsicsRoot: Uint8Array;
  readonly digest: readonly DigestItem[];
}

export function encodeHeader(header: Header): Uint8Array {
  return HeaderType.codec.enc({
    parent_hash: header.parentHash,
    number: header.number,
    state_root: header.stateRoot,
    extrinsics_root: header.extrinsicsRoot,
    digest: { logs: [...header.digest] },
  });
}

export function decodeHeader(bytes: Uint8Array): Header {
  const raw = HeaderType.codec.dec(bytes.slice());
  return {
    parentHash: raw.parent_hash,
    number: raw.number,
    stateRoot: raw.state_root,
    extrinsicsRoot: raw.extrinsics_root,
    digest: raw.digest.logs,
  };
}

export function hashHeader(header: Header): Uint8Array {
  return blake2b256(encodeHeader(header));
}

export const AURA_ENGINE = new TextEncoder().encode('aura');

/** The digest item's SCALE bytes, hex: what Substrate's RPC puts in `digest.logs`. */
export function digestItemHex(item: DigestItem): string {
  return toHex(DigestItemType.codec.enc(item));
}

export interface HeaderJson {
  parentHash: string;
  number: string;
  stateRoot: string;
  extrinsicsRoot: string;
  digest: { logs: string[] };
}

export function headerJson(header: Header): HeaderJson {
  return {
    parentHash: toHex(header.parentHash),
    number: `0x${header.number.toString(16)}`,
    stateRoot: toHex(header.stateRoot),
    extrinsicsRoot: toHex(header.extrinsicsRoot),
    digest: { logs: header.digest.map(digestItemHex) },
  };
}

/** The Aura slot a header claims (its PreRuntime digest), if any. */
export function auraSlot(header: Header): bigint | undefined {
  for (const item of header.digest) {
    if (item.tag !== 'PreRuntime') continue;
    const [engine, data] = item.value;
    if (equalBytes(engine, AURA_ENGINE) && data.length === 8) {
      return new DataView(data.buffer, data.byteOffset, 8).getBigUint64(0, true);
    }
  }
  return undefined;
}

export function slotBytes(slot: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, slot, true);
  return out;
}
