/**
 * Pending weight commits, kept next to the wallet so `tao weights reveal` can find the salt later:
 * <wallet path>/<wallet name>/weight_commits/<hotkey ss58>-<netuid>.json, a JSON array of commits.
 * The salt is not secret once revealed, but before that it lets anyone with the file reveal for you.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PendingCommit } from '@tao-ts/sdk';
import { CliError } from '../../errors.js';

export interface StoredCommit {
  netuid: number;
  hotkey: string;
  uids: number[];
  values: number[];
  salt: number[];
  versionKey: string;
  hash: string;
  commitEpoch: string;
  revealEpoch: string;
  txHash: string;
}

export function commitsFile(walletDir: string, hotkey: string, netuid: number): string {
  return join(walletDir, 'weight_commits', `${hotkey}-${netuid}.json`);
}

export async function readCommits(file: string): Promise<StoredCommit[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw commitsFileError(file, (error as Error).message, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw commitsFileError(file, 'not valid JSON', error);
  }
  if (!Array.isArray(parsed)) throw commitsFileError(file, 'not a JSON array of commits');
  return parsed as StoredCommit[];
}

/** The salts of unrevealed commits are in there: never reset the file, say what is wrong with it. */
function commitsFileError(file: string, message: string, cause?: unknown): CliError {
  return new CliError('COMMITS_FILE', `weight commits file ${file}: ${message}`, {
    field: 'weight_commits',
    hint: 'repair the file (it holds the salts needed to reveal) or move it aside',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Append a fresh commit to its hotkey/subnet file; returns the file and what was stored. */
export async function storeCommit(
  walletDir: string,
  c: PendingCommit,
): Promise<{ file: string; stored: StoredCommit }> {
  const file = commitsFile(walletDir, c.hotkey, c.netuid);
  const stored: StoredCommit = {
    netuid: c.netuid,
    hotkey: c.hotkey,
    uids: [...c.uids],
    values: [...c.values],
    salt: [...c.salt],
    versionKey: c.versionKey.toString(),
    hash: c.hash,
    commitEpoch: c.commitEpoch.toString(),
    revealEpoch: c.revealEpoch.toString(),
    txHash: c.commit.txHash,
  };
  await writeCommits(file, [...(await readCommits(file)), stored]);
  return { file, stored };
}

/** Drop a revealed commit from its file. */
export async function forgetCommit(file: string, hash: string): Promise<void> {
  await writeCommits(
    file,
    (await readCommits(file)).filter((s) => s.hash !== hash),
  );
}

/** Replaces the file atomically (write then rename), so an interrupted write never loses salts. */
export async function writeCommits(file: string, commits: readonly StoredCommit[]): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(commits, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
