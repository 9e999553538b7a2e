/**
 * Pending weight commits, kept next to the wallet so `tao weights reveal` can find the salt later:
 * <wallet path>/<wallet name>/weight_commits/<hotkey ss58>-<netuid>.json, a JSON array of commits.
 * The salt is not secret once revealed, but before that it lets anyone with the file reveal for you.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
  } catch {
    return [];
  }
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? (parsed as StoredCommit[]) : [];
}

/** Replaces the file atomically (write then rename), so an interrupted write never loses salts. */
export async function writeCommits(file: string, commits: readonly StoredCommit[]): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(commits, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
