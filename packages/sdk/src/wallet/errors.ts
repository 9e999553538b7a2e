// Wallet and keyfile errors. Each has a stable `code`, names the file (or input field) at fault, and never
// carries a password, mnemonic, seed or private key in its message: those would end up in logs.
import { TaoError } from '@tao-ts/primitives';

export interface WalletErrorOptions {
  /** Keyfile or wallet directory the error is about. */
  readonly path?: string | undefined;
  readonly field?: string | undefined;
  readonly cause?: unknown;
}

export class WalletError extends TaoError {
  readonly path: string | undefined;

  constructor(code: string, message: string, options: WalletErrorOptions = {}) {
    super(code, message, {
      field: options.field,
      ...('cause' in options ? { cause: options.cause } : {}),
    });
    this.path = options.path;
  }
}

const where = (path: string | undefined): string => (path === undefined ? '' : ` (${path})`);

/** The password does not open the keyfile (authentication failed). */
export class KeyfileDecryptionError extends WalletError {
  constructor(path: string | undefined, method: string) {
    super('KEYFILE_WRONG_PASSWORD', `keyfile${where(path)}: wrong password for ${method} decryption`, {
      path,
      field: 'password',
    });
  }
}

/** The file is not in any keyfile format we know, is truncated, or its JSON is malformed. */
export class KeyfileFormatError extends WalletError {
  constructor(path: string | undefined, detail: string, field?: string) {
    super('KEYFILE_FORMAT', `keyfile${where(path)}: ${detail}`, { path, field });
  }
}

export class KeyfileNotFoundError extends WalletError {
  constructor(path: string) {
    super('KEYFILE_NOT_FOUND', `keyfile ${path} does not exist`, { path });
  }
}

/** Refusing to replace an existing key without `overwrite: true`. */
export class KeyfileExistsError extends WalletError {
  constructor(path: string) {
    super('KEYFILE_EXISTS', `keyfile ${path} already exists; pass overwrite: true to replace it`, {
      path,
    });
  }
}

/** A password is needed (to unlock or to encrypt) but none was given, found in BT_PW_ or prompted for. */
export class KeyfilePasswordRequiredError extends WalletError {
  constructor(path: string | undefined, envVar: string | undefined) {
    super(
      'KEYFILE_PASSWORD_REQUIRED',
      `keyfile${where(path)} needs a password: pass one or a prompt callback` +
        (envVar === undefined ? '' : `, or set ${envVar}`),
      { path, field: 'password' },
    );
  }
}

/** The key in the file has no secret part (e.g. coldkeypub.txt) but a secret was needed. */
export class KeyfileNoSecretError extends WalletError {
  constructor(path: string | undefined) {
    super('KEYFILE_NO_SECRET', `keyfile${where(path)} holds only a public key`, { path });
  }
}

/** Bad caller input: a missing option, an invalid address, a malformed JSON backup, … */
export class WalletInputError extends WalletError {
  constructor(field: string, message: string, cause?: unknown) {
    super('WALLET_INVALID_INPUT', `${field}: ${message}`, {
      field,
      ...(cause === undefined ? {} : { cause }),
    });
  }
}
