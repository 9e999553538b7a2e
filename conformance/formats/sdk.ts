/** SDK wire/wallet/subnet vectors: recognised here, executed once the SDK exists. */
import { isObject, type JsonObject } from '../fields.js';
import { type CaseResult, skip } from '../result.js';

const SDK_SECTIONS = [
  'mnemonics',
  'seed_to_address',
  'uri_derivation',
  'nacl_keyfile',
  'polkadotjs_encrypted_json',
  'worked_request',
  'body_hash_example',
  'convert_weights_and_uids_for_emit',
  'axon_ip',
  'nonce_window',
  'template_moving_average',
  'ocr_reward',
];

export function isSdkFile(doc: JsonObject): boolean {
  return SDK_SECTIONS.some((k) => doc[k] !== undefined);
}

export function runSdkFile(file: string, doc: JsonObject): CaseResult[] {
  return Object.keys(doc)
    .filter((k) => !k.startsWith('_') && (isObject(doc[k]) || Array.isArray(doc[k])))
    .map((k) => skip(`${file}#${k}`, 'needs the SDK (wallets, synapse wire format, scoring)'));
}
