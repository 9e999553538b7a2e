// The axon's request authentication (bittensor's `Axon.default_verify`), with one deliberate
// difference: a missing or empty signature is REJECTED. bittensor v10.2.0 checks
// `if synapse.dendrite.signature and not keypair.verify(...)`, so unsigned requests passed
// (opentensor/bittensor#3392, fixed in #3393, exploited in the wild).
import { decodeAddress } from '@tao-ts/primitives';
import type { NonceWindow } from './nonce.js';
import { requestMessage, verifyText } from './signing.js';
import type { Synapse } from './synapse.js';
import type { VerifyThreads } from './verify-threads.js';

// Decoded SS58 hotkeys: callers repeat, and decoding (base58 + blake2b checksum) is a noticeable
// share of a signature check. Bounded: cleared when full.
const KEY_CACHE_MAX = 10_000;
const keyCache = new Map<string, Uint8Array>();

/** The public key of an SS58 address (cached), or undefined when it does not decode. */
function publicKeyOf(address: string): Uint8Array | undefined {
  const hit = keyCache.get(address);
  if (hit !== undefined) return hit;
  let key: Uint8Array;
  try {
    key = decodeAddress(address, 'hotkey');
  } catch {
    return undefined;
  }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(address, key);
  return key;
}

export type VerifyVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** What the signature check needs once the cheap checks passed, or why they failed. */
type Prepared =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      readonly hotkey: string;
      readonly publicKey: Uint8Array;
      readonly uuid: string;
      readonly nonce: bigint;
      readonly message: string;
      readonly signature: string;
    };

function prepare(synapse: Synapse, ownHotkey: string, nonces: NonceWindow): Prepared {
  const d = synapse.dendrite;
  if (d.hotkey === null || d.hotkey === '') {
    // bittensor's wording (Keypair(ss58_address=None)); nginx dropping underscore headers ends here.
    return { ok: false, message: 'No SS58 formatted address or public key provided.' };
  }
  const publicKey = publicKeyOf(d.hotkey);
  if (publicKey === undefined) {
    return {
      ok: false,
      message: `Invalid SS58 address ${JSON.stringify(d.hotkey)} in bt_header_dendrite_hotkey`,
    };
  }
  if (d.nonce === null) return { ok: false, message: 'Missing Nonce' };
  if (d.signature === null || d.signature === '') {
    return { ok: false, message: 'Missing signature (bt_header_dendrite_signature is absent or empty)' };
  }
  const uuid = d.uuid ?? 'None';
  const nonceVerdict = nonces.check(d.hotkey, uuid, d.nonce, d.version, synapse.timeout);
  if (!nonceVerdict.ok) return nonceVerdict;
  const message = requestMessage({
    nonce: d.nonce,
    dendriteHotkey: d.hotkey,
    axonHotkey: ownHotkey,
    uuid,
    bodyHash: synapse.computedBodyHash,
  });
  return { ok: true, hotkey: d.hotkey, publicKey, uuid, nonce: d.nonce, message, signature: d.signature };
}

function mismatch(synapse: Synapse, ownHotkey: string, p: Prepared & { ok: true }): VerifyVerdict {
  const target = synapse.axon.hotkey;
  if (target !== null && target !== ownHotkey) {
    return { ok: false, message: `Request is addressed to hotkey ${target}, this axon is ${ownHotkey}` };
  }
  return { ok: false, message: `Signature mismatch with ${p.message} and ${p.signature}` };
}

/**
 * Checks the dendrite's signature over `{nonce}.{dendrite.hotkey}.{ownHotkey}.{uuid}.{computed_body_hash}`
 * (all from headers) and the nonce rules; records the nonce on success. The message is the reason
 * without the "Not Verified with error: " prefix the axon adds.
 */
export function verifyRequest(synapse: Synapse, ownHotkey: string, nonces: NonceWindow): VerifyVerdict {
  const p = prepare(synapse, ownHotkey, nonces);
  if (!p.ok) return p;
  if (!verifyText(p.publicKey, p.message, p.signature)) return mismatch(synapse, ownHotkey, p);
  nonces.record(p.hotkey, p.uuid, p.nonce, synapse.dendrite.version);
  return { ok: true };
}

/**
 * `verifyRequest` with the signature checked on `threads` when they can take it. Other requests are
 * handled while the thread works, so the nonce is checked again before it is recorded: of two
 * requests carrying the same nonce, only the first to finish is accepted.
 */
export async function verifyRequestOn(
  threads: VerifyThreads | undefined,
  synapse: Synapse,
  ownHotkey: string,
  nonces: NonceWindow,
): Promise<VerifyVerdict> {
  if (threads === undefined) return verifyRequest(synapse, ownHotkey, nonces);
  const p = prepare(synapse, ownHotkey, nonces);
  if (!p.ok) return p;
  const lane = `${p.hotkey}:${p.uuid}`;
  const valid =
    (await threads.verify(lane, p.publicKey, p.message, p.signature)) ??
    verifyText(p.publicKey, p.message, p.signature);
  if (!valid) return mismatch(synapse, ownHotkey, p);
  const version = synapse.dendrite.version;
  const again = nonces.check(p.hotkey, p.uuid, p.nonce, version, synapse.timeout);
  if (!again.ok) return again;
  nonces.record(p.hotkey, p.uuid, p.nonce, version);
  return { ok: true };
}
