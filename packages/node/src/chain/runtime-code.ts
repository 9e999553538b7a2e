/**
 * The `:code` entry of the genesis state. A Substrate chain keeps its runtime's Wasm there, and
 * clients (polkadot-api among them) take the hash of `:code` as the runtime's identity: they read
 * it for every block they follow and cannot track runtimes without it. This runtime is native, so
 * the entry names it instead of holding a program.
 */
export const CODE_KEY_HEX = Buffer.from(':code').toString('hex');

/**
 * The genesis `:code` value for a runtime. It leaves the spec version out on purpose: the entry is
 * part of the genesis hash, and a node upgrade must keep opening the databases it wrote before.
 */
export function runtimeCode(specName: string): Uint8Array {
  return new TextEncoder().encode(`tao-ts native runtime: ${specName}`);
}
