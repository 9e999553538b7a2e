/**
 * Signing for @polkadot/api from our own keys. A @tao-ts/primitives Keypair (what the wallet
 * module unlocks) or any `{ address, sign }` object becomes a polkadot-js Signer: the API builds
 * the payload, we sign its bytes with the key, so secret keys never enter polkadot-js' keyring.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Signer, SignerResult } from '@polkadot/api/types';
import { blake2b256, concatBytes, decodeAddress, toHex } from '@tao-ts/primitives';

/** The least a key must offer to sign extrinsics: a Keypair satisfies it. */
export interface ChainSigner {
  /** SS58 address of the signing account. */
  readonly address: string;
  /** Key scheme; sr25519 when absent. ECDSA is not supported. */
  readonly type?: 'sr25519' | 'ed25519';
  sign(message: Uint8Array): Uint8Array;
}

type SignerPayloadJSON = Parameters<NonNullable<Signer['signPayload']>>[0];

/** MultiSignature's variant index per scheme (Ed25519 = 0, Sr25519 = 1). */
const MULTI_SIGNATURE_TAG = { ed25519: 0, sr25519: 1 } as const;

/** Payloads longer than this are signed through their blake2-256 hash (Substrate's rule). */
const MAX_UNHASHED_PAYLOAD = 256;

/** A polkadot-js Signer that signs with `key`; payloads for other accounts are refused. */
export function polkadotSigner(api: ApiPromise, key: ChainSigner): Signer {
  const own = toHex(decodeAddress(key.address));
  let nextId = 1;
  return {
    signPayload: (payload: SignerPayloadJSON): Promise<SignerResult> => {
      if (toHex(decodeAddress(payload.address)) !== own) {
        return Promise.reject(new Error(`signer for ${key.address} asked to sign for ${payload.address}`));
      }
      const extrinsicPayload = api.registry.createType('ExtrinsicPayload', payload, {
        version: payload.version,
      });
      let bytes = extrinsicPayload.toU8a({ method: true });
      if (bytes.length > MAX_UNHASHED_PAYLOAD) bytes = blake2b256(bytes);
      const tag = MULTI_SIGNATURE_TAG[key.type ?? 'sr25519'];
      const signature = concatBytes(Uint8Array.of(tag), key.sign(bytes));
      return Promise.resolve({ id: nextId++, signature: toHex(signature) as `0x${string}` });
    },
  };
}
