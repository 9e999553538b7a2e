// Shared by the wallet tests (not exported from the package): the bundled sdk-wallet vectors and
// throwaway wallet roots.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface MnemonicVector {
  mnemonic: string;
  mini_secret_seed: string;
  public_key: string;
  ss58_42: string;
  private_key_btwallet_raw: string;
  secret_key_polkadot_ed25519_format: string;
}

export interface WalletVectors {
  mnemonics: MnemonicVector[];
  seed_to_address: { seed: string; ss58_42: string }[];
  uri_derivation: { uri: string; ss58_42: string }[];
  polkadotjs_encrypted_json: {
    json: string;
    passphrase: string;
    ss58_42: string;
    private_key_btwallet_raw: string;
  };
  nacl_keyfile: {
    password: string;
    plaintext: string;
    keyfile_hex: string;
    derived_key_hex: string;
    nonce_hex: string;
  };
  legacy_ansible_vault: { password: string; plaintext: string; vault: string; salt_hex: string };
  legacy_fernet: { password: string; plaintext: string; token: string; fernet_key: string };
  password_env_var: {
    keyfile_path: string;
    env_var_name: string;
    example_password: string;
    example_value: string;
  };
  keyfile_plaintext_formats: { coldkeypub_txt_example_rust: Record<string, string> };
  signature: {
    signer_ss58: string;
    message_utf8: string;
    signature: string;
    signature_over_wrapped_message: string;
  };
}

export const vectors = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-wallet.json', import.meta.url), 'utf8'),
) as WalletVectors;

/** A fresh temporary wallets root; remove it with `cleanup`. */
export async function tempRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'tao-wallet-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}
