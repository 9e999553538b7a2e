/** The pending-commits file: salts survive, and a damaged file is reported, never silently reset. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PendingCommit } from '@tao-ts/sdk';
import { commitsFile, forgetCommit, readCommits, storeCommit } from './_commits.js';

const HOTKEY = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function pending(hash: string): PendingCommit {
  return {
    netuid: 3,
    hotkey: HOTKEY,
    uids: [0, 1],
    values: [65535, 1],
    salt: [1, 2, 3, 4, 5, 6, 7, 8],
    versionKey: 7n,
    hash,
    commitEpoch: 10n,
    revealEpoch: 11n,
    commit: { txHash: '0xab', blockHash: undefined, events: [], finalized: false },
  };
}

test('commits are appended, read back and forgotten one by one; the file is private', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tao-commits-'));
  assert.deepEqual(await readCommits(commitsFile(dir, HOTKEY, 3)), []);
  const { file, stored } = await storeCommit(dir, pending('0x01'));
  await storeCommit(dir, pending('0x02'));
  assert.equal(file, commitsFile(dir, HOTKEY, 3));
  assert.equal(stored.versionKey, '7');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(
    (await readCommits(file)).map((c) => [c.hash, c.revealEpoch, c.salt.length]),
    [
      ['0x01', '11', 8],
      ['0x02', '11', 8],
    ],
  );
  await forgetCommit(file, '0x01');
  assert.deepEqual(
    (await readCommits(file)).map((c) => c.hash),
    ['0x02'],
  );
});

test('a damaged commits file is a named error and stays as it was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tao-commits-'));
  const { file } = await storeCommit(dir, pending('0x01'));
  for (const text of ['{not json', '{"hash":"0x01"}']) {
    writeFileSync(file, text);
    await assert.rejects(storeCommit(dir, pending('0x02')), (e: unknown) => {
      const error = e as { code?: string; message: string };
      return error.code === 'COMMITS_FILE' && error.message.includes(file);
    });
    assert.equal(readFileSync(file, 'utf8'), text);
  }
});
