// Wallets and keyfiles, file-compatible with bittensor (btwallet). Explicit exports keep internal helpers
// (atomic writes, byte utilities) out of the SDK's namespace.
export {
  KeyfileDecryptionError,
  KeyfileExistsError,
  KeyfileFormatError,
  KeyfileNoSecretError,
  KeyfileNotFoundError,
  KeyfilePasswordRequiredError,
  WalletError,
  WalletInputError,
  type WalletErrorOptions,
} from './errors.js';
export {
  BITTENSOR_NACL_KDF,
  NACL_PREFIX,
  NACL_SALT,
  TEST_ONLY_FAST_KDF,
  type NaclKdf,
  decryptNacl,
  decryptNaclSync,
  deriveNaclKey,
  deriveNaclKeySync,
  encryptNacl,
  isNaclData,
  openNacl,
  sealNacl,
} from './nacl.js';
export {
  LEGACY_FERNET_ITERATIONS,
  LEGACY_FERNET_SALT,
  decryptAnsibleVault,
  deriveLegacyFernetKey,
  deriveLegacyFernetKeySync,
  encryptAnsibleVault,
  fernetKeyFromBase64,
  isAnsibleVaultData,
  isFernetData,
  openFernet,
  sealFernet,
} from './legacy.js';
export {
  type KeyfileCryptoOptions,
  type KeyfileEncryption,
  decryptKeyfileData,
  decryptKeyfileDataSync,
  encryptKeyfileData,
  encryptionName,
  isEncryptedKeyfileData,
  keyfileEncryption,
} from './encryption.js';
export { WalletKey, wrapBytes } from './key.js';
export {
  KEYFILE_FIELDS,
  KEYFILE_KEY_PRIORITY,
  type KeyfileField,
  type KeyfileJson,
  keyfileJson,
  parseKeyfile,
  serializeKeyfile,
  serializePublicKeyfile,
} from './keyfile-json.js';
export { keyFromPolkadotJson, keyFromPolkadotJsonSync } from './polkadot-json.js';
export {
  type Environment,
  type PasswordPrompt,
  decodeEnvPassword,
  encodeEnvPassword,
  passwordEnvVarName,
  passwordFromEnv,
} from './password.js';
export {
  type PasswordAnalysis,
  type PasswordVerdict,
  MIN_PASSWORD_BYTES,
  MIN_PASSWORD_SCORE,
  analyzePassword,
  checkNewPassword,
  passwordScore,
} from './password-strength.js';
export {
  Keyfile,
  PROMPT_ENTER,
  PROMPT_RETYPE,
  type KeyfileOptions,
  type UnlockOptions,
  type WriteKeyOptions,
} from './keyfile.js';
export {
  DEFAULT_HOTKEY_NAME,
  DEFAULT_WALLET_NAME,
  DEFAULT_WALLET_PATH,
  Wallet,
  expandHome,
  listHotkeys,
  listWallets,
  type CreateOptions,
  type CreatedKeys,
  type KeySource,
  type PublicKeySource,
  type WalletOptions,
  type WriteOptions,
} from './wallet.js';
