/**
 * What miners and validators share: making sure the hotkey holds a uid (registering it by burn or
 * proof of work when asked) and keeping a metagraph current as blocks arrive.
 */
import type { Keypair } from '@tao-ts/primitives';
import type { ChainClient, ChainSigner, PowProgress } from '../chain/index.js';
import type { Metagraph } from '../metagraph/index.js';
import { NotRegisteredError } from './errors.js';

export type Registration =
  /** Fail with NotRegisteredError when the hotkey has no uid. */
  | { readonly kind: 'none' }
  /** burned_register paid by `coldkey`. */
  | { readonly kind: 'burn'; readonly coldkey: ChainSigner }
  /** PoW `register`, solved on worker threads. */
  | {
      readonly kind: 'pow';
      /** The coldkey that will own the hotkey (default: the hotkey itself). */
      readonly coldkey?: string;
      readonly threads?: number;
      readonly onProgress?: (p: PowProgress) => void;
    };

/** The uid of `hotkey` on `netuid`, registering it first as `registration` says. */
export async function ensureRegistered(
  client: ChainClient,
  netuid: number,
  hotkey: Keypair,
  registration: Registration,
): Promise<number> {
  const existing = await client.uidOf(netuid, hotkey.address);
  if (existing !== undefined) return existing;
  switch (registration.kind) {
    case 'none':
      throw new NotRegisteredError(hotkey.address, netuid);
    case 'burn':
      return (
        await client.burnedRegister(registration.coldkey, netuid, hotkey.address, { waitFor: 'inBlock' })
      ).uid;
    case 'pow':
      return (
        await client.powRegister(hotkey, netuid, {
          waitFor: 'inBlock',
          ...(registration.coldkey === undefined ? {} : { coldkey: registration.coldkey }),
          ...(registration.threads === undefined ? {} : { threads: registration.threads }),
          ...(registration.onProgress === undefined ? {} : { onProgress: registration.onProgress }),
        })
      ).uid;
  }
}

/**
 * Re-syncs `metagraph` on every new head (sync() returns at once when nothing changed, and
 * concurrent calls share one refresh). Returns the unsubscribe function.
 */
export function followHeads(
  client: ChainClient,
  metagraph: Metagraph,
  onError: (error: unknown) => void,
): () => void {
  return client.onNewHead(() => {
    metagraph.sync().catch(onError);
  });
}
