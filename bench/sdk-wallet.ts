/**
 * npm run bench sdk: keyfile unlock and encryption at bittensor's real `$NACL` cost (argon2i, t=8,
 * 512 MiB, p=1). The unlock reads a real keyfile (the sdk-wallet vector) from disk and parses the key,
 * i.e. what `wallet.coldkey()` costs. The first unlock in a process also pays for faulting in 512 MiB,
 * so it is reported separately (`first_ms`).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyfile, encryptKeyfileData } from '../packages/sdk/src/wallet/index.js';
import { median, round2 } from './harness.js';

interface NaclVector {
  readonly password: string;
  readonly plaintext: string;
  readonly keyfile_hex: string;
}

const RUNS = 3;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function run(emit: (line: object) => void): Promise<void> {
  const doc = JSON.parse(readFileSync(new URL('../vectors/sdk-wallet.json', import.meta.url), 'utf8')) as {
    nacl_keyfile: NaclVector;
  };
  const v = doc.nacl_keyfile;
  const dir = await mkdtemp(join(tmpdir(), 'tao-bench-wallet-'));
  try {
    const path = join(dir, 'coldkey');
    await writeFile(path, Buffer.from(v.keyfile_hex, 'hex'), { mode: 0o600 });
    const keyfile = new Keyfile(path, { env: false });
    const unlock = (): Promise<unknown> => keyfile.getKey({ password: v.password });
    const first = await timed(unlock);
    const unlocks: number[] = [];
    for (let i = 0; i < RUNS; i++) unlocks.push(await timed(unlock));
    emit({
      bench: 'keyfile_unlock_nacl',
      unit: 'ms',
      median: round2(median(unlocks)),
      first_ms: round2(first),
      runs: RUNS,
      kdf: 'argon2i t=8 m=512MiB p=1',
      target: '≤ 2.5 s',
    });
    const plaintext = Buffer.from(v.plaintext);
    const encrypts: number[] = [];
    for (let i = 0; i < RUNS; i++)
      encrypts.push(await timed(() => encryptKeyfileData(plaintext, v.password)));
    emit({
      bench: 'keyfile_encrypt_nacl',
      unit: 'ms',
      median: round2(median(encrypts)),
      runs: RUNS,
      kdf: 'argon2i t=8 m=512MiB p=1',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
