// Crash-safe keyfile writes: the bytes go to a temporary file in the same directory (created 0600, so
// a secret is never briefly world-readable), are fsynced, then renamed over the target — readers see
// the old file or the new one, never half of one. Without `overwrite` the final step is link(2), which
// fails if the target appeared in the meantime instead of silently replacing it.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KeyfileExistsError } from './errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** Creates `dir` and its missing parents with mode 0700 (existing directories are left as they are). */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself has still happened.
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export interface AtomicWriteOptions {
  readonly overwrite?: boolean | undefined;
}

export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await ensureDir(dir);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, FILE_MODE);
  let placed = false;
  try {
    try {
      await handle.chmod(FILE_MODE); // the umask may have cleared bits, never added any; be exact anyway
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite === true) {
      await rename(tmp, path);
      placed = true;
    } else {
      try {
        await link(tmp, path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new KeyfileExistsError(path);
        // Filesystems without hard links: check, then rename (a narrow race instead of no write at all).
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
        if (await exists(path)) throw new KeyfileExistsError(path);
        await rename(tmp, path);
        placed = true;
      }
    }
    await fsyncDir(dir);
  } finally {
    if (!placed) await unlink(tmp).catch(() => undefined);
  }
}
