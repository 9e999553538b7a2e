/**
 * Runtime metadata V14 and V15 (frame-metadata's RuntimeMetadataPrefixed) from the runtime's own
 * declarations: what `state_getMetadata` and the `Metadata` runtime API serve, and what
 * @polkadot/api and polkadot-api build their codecs from.
 *
 * Each version has a registry of its own, as Substrate's do: V15 also describes the runtime APIs
 * and the outer enums, V14 only what it references.
 */
import type { TaoRuntime } from '../chain.js';
import { runtimeVersionType, runtimeVersionValue } from '../api/core.js';
import type { RuntimeApiDecl } from '../api/types.js';
import { EXTRINSIC_VERSION, type SignedExtensionDecl } from '../extrinsic/types.js';
import type { ConstantDef, Pallet } from '../frame/pallet.js';
import type { AnyType } from '../types/type.js';
import { collectPallets, encodePallet } from './pallets.js';
import { TypeRegistry } from './registry.js';
import { extraType, runtimeErrorType, runtimeMarker, uncheckedExtrinsicType } from './runtime-types.js';
import { ScaleWriter } from './scale-writer.js';

export interface MetadataInput {
  readonly tao: TaoRuntime;
  /** The transaction extensions in encoding order. */
  readonly signedExtensions: readonly SignedExtensionDecl[];
  /** The extrinsic's Address type (MultiAddress). */
  readonly address: AnyType;
  /** The extrinsic's Signature type (MultiSignature). */
  readonly signature: AnyType;
  /** Runtime APIs: listed in V15 and in System.Version's `apis`. */
  readonly apis: readonly RuntimeApiDecl[];
  /**
   * The UncheckedExtrinsic's `Extra` parameter when the runtime nests its extensions (subtensor's
   * is (SystemTxExtension, CustomTxExtension, CheckMetadataHash)); by default the flat tuple of the
   * extension types, which encodes the same.
   */
  readonly extra?: AnyType;
}

export interface RuntimeMetadataBytes {
  /** RuntimeMetadataPrefixed with RuntimeMetadata::V14. */
  readonly v14: Uint8Array;
  /** RuntimeMetadataPrefixed with RuntimeMetadata::V15. */
  readonly v15: Uint8Array;
}

/** "meta", the RuntimeMetadataPrefixed magic number. */
const MAGIC = Uint8Array.of(0x6d, 0x65, 0x74, 0x61);

export function buildMetadata(input: MetadataInput): RuntimeMetadataBytes {
  return { v14: buildVersion(input, 14), v15: buildVersion(input, 15) };
}

/** System's constants with Version (which needs the assembled runtime) after DbWeight, as in subtensor. */
function constantsOf(input: MetadataInput): (pallet: Pallet) => readonly ConstantDef[] {
  return (pallet) => {
    const declared = pallet.spec.constants ?? [];
    if (pallet.name !== 'System' || declared.some((c) => c.name === 'Version')) return declared;
    const version: ConstantDef = {
      name: 'Version',
      type: runtimeVersionType,
      value: runtimeVersionValue(input.tao.runtime.version, input.apis),
      docs: ["Get the chain's in-code version."],
    };
    const at = declared.findIndex((c) => c.name === 'DbWeight');
    const cut = at < 0 ? declared.length : at + 1;
    return [...declared.slice(0, cut), version, ...declared.slice(cut)];
  };
}

interface ExtensionModel {
  readonly identifier: string;
  readonly type: number;
  readonly additionalSigned: number;
}

function buildVersion(input: MetadataInput, version: 14 | 15): Uint8Array {
  const runtime = input.tao.runtime;
  const registry = new TypeRegistry();
  const pallets = collectPallets(runtime, registry, constantsOf(input));

  const extra = input.extra ?? extraType(input.signedExtensions);
  const unchecked = uncheckedExtrinsicType({
    address: input.address,
    call: runtime.callType,
    signature: input.signature,
    extra,
  });
  const extensions = (): ExtensionModel[] =>
    input.signedExtensions.map((e) => ({
      identifier: e.identifier,
      type: registry.register(e.type),
      additionalSigned: registry.register(e.additionalSigned),
    }));
  const writeExtensions = (w: ScaleWriter, list: readonly ExtensionModel[]): void => {
    w.vec(list, (e) => w.str(e.identifier).compact(e.type).compact(e.additionalSigned));
  };

  let writeExtrinsic: (w: ScaleWriter) => void;
  if (version === 14) {
    const ty = registry.register(unchecked);
    const list = extensions();
    writeExtrinsic = (w) => {
      w.compact(ty).u8(EXTRINSIC_VERSION);
      writeExtensions(w, list);
    };
  } else {
    const ids = [input.address, runtime.callType, input.signature, extra].map((t) => registry.register(t));
    const list = extensions();
    // V15 names the parts directly, but @polkadot/api still finds the Call type (and the account
    // and signature kinds) through UncheckedExtrinsic's parameters, so the type is kept.
    registry.register(unchecked);
    writeExtrinsic = (w) => {
      w.u8(EXTRINSIC_VERSION);
      for (const id of ids) w.compact(id);
      writeExtensions(w, list);
    };
  }
  const runtimeTy = registry.register(runtimeMarker(runtime));
  const apis =
    version === 15
      ? input.apis.map((api) => ({
          name: api.name,
          methods: api.methods.map((m) => ({
            name: m.name,
            inputs: m.inputs.map(([name, type]) => ({ name, type: registry.register(type) })),
            output: registry.register(m.output),
            docs: m.docs ?? [],
          })),
          docs: api.docs ?? [],
        }))
      : [];
  const outerEnums =
    version === 15
      ? [runtime.callType, runtime.eventType, runtimeErrorType(runtime)].map((t) => registry.register(t))
      : [];

  const w = new ScaleWriter();
  w.raw(MAGIC).u8(version);
  registry.encode(w);
  w.vec(pallets, (p) => encodePallet(w, p, version));
  writeExtrinsic(w);
  w.compact(runtimeTy);
  if (version === 15) {
    w.vec(apis, (api) => {
      w.str(api.name);
      w.vec(api.methods, (m) => {
        w.str(m.name);
        w.vec(m.inputs, (i) => w.str(i.name).compact(i.type));
        w.compact(m.output).strings(m.docs);
      });
      w.strings(api.docs);
    });
    for (const id of outerEnums) w.compact(id);
    // Custom metadata: an empty map.
    w.compact(0);
  }
  return w.finish();
}
