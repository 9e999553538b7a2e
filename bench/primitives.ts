// Primitives throughput: sr25519 on the WASM path, hashing, SCALE. Each figure is the median of 5 timed
// runs after one warm-up run, printed as one JSON line through `emit`.
// Module paths rather than the package index, so the bench does not depend on what index.ts re-exports.
import { utf8 } from '../packages/primitives/src/bytes.js';
import { blake2b256, twox128 } from '../packages/primitives/src/hashes.js';
import { cryptoReady, keypairFromUri, verifySignature } from '../packages/primitives/src/keys.js';
import { Vector, decodeExact, u16 } from '../packages/primitives/src/scale.js';
import { sr25519_verify as schnorrkelVerify } from '@polkadot-labs/schnorrkel-wasm';

export interface BenchFigure {
  readonly bench: string;
  readonly unit: string;
  readonly median: number;
  readonly runs: number;
  readonly ops_per_run: number;
  readonly anchor?: string;
}

const RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Ops per second of `op`, median over RUNS runs of `ops` calls each. */
function measure(ops: number, op: (k: number) => void): number {
  for (let k = 0; k < Math.min(ops, 200); k++) op(k); // warm-up: JIT and WASM memory growth
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    for (let k = 0; k < ops; k++) op(k);
    const seconds = (performance.now() - start) / 1000;
    rates.push(ops / seconds);
  }
  return Math.round(median(rates));
}

export async function run(emit: (figure: BenchFigure) => void): Promise<void> {
  await cryptoReady();
  const alice = keypairFromUri('//Alice');
  const messages = Array.from({ length: 500 }, (_, k) => utf8(`bench message ${k}`));
  const signatures = messages.map((m) => alice.sign(m));
  const figure = (bench: string, unit: string, ops: number, value: number, anchor?: string): void =>
    emit({
      bench,
      unit,
      median: value,
      runs: RUNS,
      ops_per_run: ops,
      ...(anchor === undefined ? {} : { anchor }),
    });

  figure(
    'sr25519_sign',
    'ops/s',
    500,
    measure(500, (k) => alice.sign(messages[k] ?? messages[0] ?? new Uint8Array())),
    '@polkadot/util-crypto pair.sign ≈ 1.3k/s; @polkadot/wasm-crypto direct ≈ 7.8k/s',
  );
  let verified = 0;
  figure(
    'sr25519_verify',
    'ops/s',
    500,
    measure(500, (k) => {
      if (
        verifySignature(messages[k] ?? new Uint8Array(), signatures[k] ?? new Uint8Array(), alice.publicKey)
      ) {
        verified += 1;
      }
    }),
    'one signer (its key gets a table after a few checks); anchor: sr25519_verify_schnorrkel_wasm below',
  );
  if (verified === 0) throw new Error('sr25519_verify bench: no signature verified');
  // The build verifySignature used for every check before key tables, on the same signatures.
  figure(
    'sr25519_verify_schnorrkel_wasm',
    'ops/s',
    500,
    measure(500, (k) => {
      schnorrkelVerify(alice.publicKey, messages[k] ?? new Uint8Array(), signatures[k] ?? new Uint8Array());
    }),
    '@polkadot-labs/schnorrkel-wasm direct; @polkadot/wasm-crypto direct ≈ 3.6k/s',
  );

  const input32 = Uint8Array.from({ length: 32 }, (_, k) => k);
  figure(
    'blake2b_256_32b',
    'hashes/s',
    100_000,
    measure(100_000, () => blake2b256(input32)),
    '@polkadot/util-crypto blake2b-256 ≈ 670k/s on short input',
  );
  const palletName = utf8('SubtensorModule');
  figure(
    'twox128_15b',
    'hashes/s',
    100_000,
    measure(100_000, () => twox128(palletName)),
  );

  const vecU16 = Vector(u16);
  const values = Array.from({ length: 256 }, (_, k) => (k * 257) & 0xffff);
  figure(
    'scale_vec_u16_256_roundtrip',
    'ops/s',
    10_000,
    measure(10_000, () => decodeExact(vecU16, vecU16.enc(values), 'bench')),
  );
}
