// The signed messages of bittensor's wire protocol. A dendrite signs
// `{nonce}.{dendrite.hotkey}.{axon.hotkey}.{dendrite.uuid}.{body_hash}` (UTF-8) with sr25519 and sends
// the signature as `0x` + 128 hex digits; the axon rebuilds the message with its OWN hotkey in the
// target slot, so a request addressed to another hotkey fails verification.
import { type Keypair, fromHex, toHex, utf8, verifySignature } from '@tao-ts/primitives';

export interface RequestSigningFields {
  readonly nonce: bigint;
  readonly dendriteHotkey: string;
  readonly axonHotkey: string;
  readonly uuid: string;
  readonly bodyHash: string;
}

export function requestMessage(f: RequestSigningFields): string {
  return `${f.nonce}.${f.dendriteHotkey}.${f.axonHotkey}.${f.uuid}.${f.bodyHash}`;
}

/** The axon's own (unchecked) signature over `{axon.nonce}.{dendrite.hotkey}.{axon.hotkey}.{axon.uuid}`. */
export function axonMessage(
  nonce: bigint,
  dendriteHotkey: string | null,
  axonHotkey: string | null,
  uuid: string,
): string {
  return `${nonce}.${String(dendriteHotkey)}.${String(axonHotkey)}.${uuid}`;
}

/** `0x…` signature text over the UTF-8 message. */
export function signText(keypair: Keypair, message: string): string {
  return toHex(keypair.sign(utf8(message)));
}

const SIGNATURE_HEX = /^(0x)?[0-9a-fA-F]{128}$/;
const BYTES_OPEN = utf8('<Bytes>');
const BYTES_CLOSE = utf8('</Bytes>');

/** Whether `signature` (hex, with or without `0x`) has the shape of an sr25519 signature. */
export function isSignatureHex(signature: string): boolean {
  return SIGNATURE_HEX.test(signature);
}

/**
 * btwallet's `Keypair.verify(message: str, signature: str)`: the signature is hex (with or without
 * `0x`; the signer is an SS58 address or a 32-byte public key); like btwallet, a failed check is retried with the message wrapped in `<Bytes>…</Bytes>`
 * (polkadot.js extension signatures). A malformed signature is `false`; a malformed address throws.
 */
export function verifyText(address: string | Uint8Array, message: string, signature: string): boolean {
  if (!isSignatureHex(signature)) return false;
  return verifyMessageBytes(address, utf8(message), fromHex(signature, 'signature', 64));
}

/** `verifyText` on bytes: the UTF-8 message and the 64 signature bytes. */
export function verifyMessageBytes(address: string | Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (verifySignature(msg, sig, address)) return true;
  const wrapped = new Uint8Array(BYTES_OPEN.length + msg.length + BYTES_CLOSE.length);
  wrapped.set(BYTES_OPEN, 0);
  wrapped.set(msg, BYTES_OPEN.length);
  wrapped.set(BYTES_CLOSE, BYTES_OPEN.length + msg.length);
  return verifySignature(wrapped, sig, address);
}
