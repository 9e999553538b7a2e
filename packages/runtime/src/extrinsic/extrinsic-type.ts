/**
 * The extrinsic as a type: what runtime APIs take (`Block::Extrinsic`). Substrate describes
 * UncheckedExtrinsic as opaque bytes (a Vec<u8>) whose type parameters name the address, call,
 * signature and extension types; clients read those parameters to learn the format. (Subtensor's
 * is fp_self_contained's wrapper around it, which encodes the same; the wrapper is left out so
 * metadata lists one extrinsic type.)
 *
 * The value is the complete encoding, length prefix included (what decodeExtrinsic takes).
 */
import {
  ScaleEncodeError,
  createCodec,
  cursorDecoder,
  decodeCompact,
  decodeExact,
  need,
} from '@tao-ts/primitives';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import { uncheckedExtrinsicType } from '../metadata/runtime-types.js';
import type { Type } from '../types/type.js';
import { ADDRESS_TYPE, SIGNATURE_TYPE, TX_EXTENSION_TYPE } from './extensions.js';

/** An encoded extrinsic: Compact<u32> length ‖ that many bytes. */
const decodeOpaque = cursorDecoder((c) => {
  const start = c.i;
  const length = Number(decodeCompact(c, 32, 'Extrinsic length'));
  need(c, length, 'Extrinsic');
  c.i += length;
  return new Uint8Array(c.buffer.slice(start, c.i));
});

const opaqueExtrinsic = createCodec((value: Uint8Array) => {
  try {
    decodeExact(decodeOpaque, value, 'Extrinsic');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ScaleEncodeError(`Extrinsic: not an encoded extrinsic (${reason})`, 'Extrinsic');
  }
  return value.slice();
}, decodeOpaque);

const cache = new WeakMap<Type<RuntimeCallValue>, Type<Uint8Array>>();

/**
 * sp_runtime's UncheckedExtrinsic<MultiAddress, RuntimeCall, MultiSignature, TxExtension> for a
 * runtime's call type, described exactly as the metadata's extrinsic type (so a registry lists
 * them once), with a codec whose value is the whole encoded extrinsic.
 */
export function extrinsicType(runtime: Runtime): Type<Uint8Array> {
  const cached = cache.get(runtime.callType);
  if (cached !== undefined) return cached;
  const described = uncheckedExtrinsicType({
    address: ADDRESS_TYPE,
    call: runtime.callType,
    signature: SIGNATURE_TYPE,
    extra: TX_EXTENSION_TYPE,
  });
  const type: Type<Uint8Array> = { info: described.info, name: described.name, codec: opaqueExtrinsic };
  cache.set(runtime.callType, type);
  return type;
}
