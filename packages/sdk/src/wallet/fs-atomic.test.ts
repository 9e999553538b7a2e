import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KeyfileExistsError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import { tempRoot } from './test-support.js';

describe('atomic keyfile writes', () => {
  let root = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  before(async () => ({ root, cleanup } = await tempRoot()));
  after(() => cleanup());

  it('creates missing folders 0700 and the file 0600 whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const path = join(root, 'a', 'b', 'coldkey');
      await writeFileAtomic(path, Buffer.from('secret'));
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.equal((await stat(join(root, 'a'))).mode & 0o777, 0o700);
      assert.equal((await stat(join(root, 'a', 'b'))).mode & 0o777, 0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('lets exactly one of many concurrent non-overwriting writers win, leaving no temp files', async () => {
    const path = join(root, 'race', 'hotkey');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => writeFileAtomic(path, Buffer.from(`writer ${i}`))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.ok(r.reason instanceof KeyfileExistsError);
    }
    assert.match(await readFile(path, 'utf8'), /^writer \d$/);
    assert.deepEqual(await readdir(join(root, 'race')), ['hotkey']);
  });

  it('replaces the whole file when overwriting', async () => {
    const path = join(root, 'over', 'coldkey');
    await writeFileAtomic(path, Buffer.from('a much longer first version'));
    await writeFileAtomic(path, Buffer.from('v2'), { overwrite: true });
    assert.equal(await readFile(path, 'utf8'), 'v2');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });
});
