/**
 * Types that exist only as the runtime as a whole: the `Runtime` marker, the RuntimeError enum of
 * every pallet's errors, the UncheckedExtrinsic with its generic parameters, and the tuples that
 * storage N-maps and the extension list are described with.
 */
import { Bytes, Tuple, _void, type Codec } from '@tao-ts/primitives';
import type { Runtime } from '../frame/runtime.js';
import type { SignedExtensionDecl } from '../extrinsic/types.js';
import { bytes, enumType, type AnyType } from '../types/type.js';

/** `node_subtensor_runtime` for spec `node-subtensor`: where construct_runtime! puts its types. */
export function runtimeModule(runtime: Runtime): string {
  return `${runtime.version.specName.replace(/-/g, '_')}_runtime`;
}

/** The `Runtime` struct itself (a unit struct; pallets' generic `T`). */
export function runtimeMarker(runtime: Runtime): AnyType {
  return {
    codec: _void,
    info: { kind: 'composite', path: [runtimeModule(runtime), 'Runtime'], fields: [] },
    name: 'Runtime',
  };
}

/** RuntimeError: one variant per pallet with errors, at the pallet's index, holding its Error enum. */
export function runtimeErrorType(runtime: Runtime): AnyType {
  const module = runtimeModule(runtime);
  return enumType(
    [module, 'RuntimeError'],
    runtime.pallets.flatMap((p) =>
      p.errorType
        ? [
            {
              name: p.name,
              index: p.index,
              fields: [['', p.errorType, `${moduleOf(p.errorType)}::Error<Runtime>`] as const],
            },
          ]
        : [],
    ),
  );
}

/** `pallet_subtensor` from `pallet_subtensor::pallet::Error`. */
function moduleOf(type: AnyType): string {
  const info = type.info;
  return info.kind === 'variant' || info.kind === 'composite' ? (info.path[0] ?? type.name) : type.name;
}

/** A tuple of the given types (an N-map's key, the extension list). */
export function tupleOf(types: readonly AnyType[]): AnyType {
  const codecs = types.map((t) => t.codec as unknown as Codec<unknown>);
  return {
    codec: Tuple(...(codecs as unknown as Parameters<typeof Tuple>)),
    info: { kind: 'tuple', of: types },
    name: `(${types.map((t) => t.name).join(', ')})`,
  };
}

/** The extension list as one type (the UncheckedExtrinsic's `Extra`). */
export function extraType(extensions: readonly SignedExtensionDecl[]): AnyType {
  return tupleOf(extensions.map((e) => e.type));
}

/**
 * sp_runtime's UncheckedExtrinsic as scale-info describes it: opaque bytes (the signed format needs
 * custom decoding) with Address, Call, Signature and Extra as parameters, which is where clients
 * look up the runtime's call, address and signature types.
 */
export function uncheckedExtrinsicType(parts: {
  address: AnyType;
  call: AnyType;
  signature: AnyType;
  extra: AnyType;
}): AnyType {
  return {
    codec: Bytes(),
    info: {
      kind: 'composite',
      path: ['sp_runtime', 'generic', 'unchecked_extrinsic', 'UncheckedExtrinsic'],
      params: [
        { name: 'Address', type: parts.address },
        { name: 'Call', type: parts.call },
        { name: 'Signature', type: parts.signature },
        { name: 'Extra', type: parts.extra },
      ],
      fields: [{ type: bytes }],
      docs: ['UncheckedExtrinsic raw bytes, requires custom decoding routine'],
    },
    name: 'UncheckedExtrinsic',
  };
}
