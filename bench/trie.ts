/**
 * State trie benchmarks (LayoutV1, blake2-256 on the WASM path): the root of 100k random entries from
 * scratch, an incremental block-sized update of 1,000 keys on that trie, and a 10-key read proof.
 */
import { cryptoReady } from '@tao-ts/primitives';
import {
  MemoryNodeStore,
  TrieNodeCache,
  type TrieChange,
  applyChanges,
  buildTrie,
  readProof,
  trieRoot,
  verifyReadProof,
} from '@tao-ts/trie';
import { SeededRandom, randomEntries } from '../packages/trie/src/testing/random-state.js';
import { type Emit, median, percentile, round2, timeRuns } from './harness.js';

const ENTRIES = 100_000;

export async function run(emit: Emit): Promise<void> {
  await cryptoReady();
  const rng = new SeededRandom(42);
  const entries = randomEntries(rng, ENTRIES);

  const rootTimes = timeRuns(() => trieRoot(entries), 5, 1);
  emit({
    bench: 'trie_root_100k_entries',
    unit: 'ms',
    median: round2(median(rootTimes)),
    runs: 5,
    target: 'aim <= 2000 ms',
    note: '32-byte random keys, 8-100-byte values, LayoutV1',
  });

  let built = buildTrie(entries);
  const buildTimes = timeRuns(() => (built = buildTrie(entries)), 3, 0);
  emit({
    bench: 'trie_build_100k_entries_with_nodes',
    unit: 'ms',
    median: round2(median(buildTimes)),
    runs: 3,
    nodes: built.nodes.size,
    note: 'root plus every node and hashed value to persist (genesis)',
  });

  // A block's worth of writes: 800 existing keys rewritten, 100 deleted, 100 new.
  const keyAt = (i: number): Uint8Array => (entries[i] as [Uint8Array, Uint8Array])[0];
  const block = (): TrieChange[] => {
    const changes: TrieChange[] = [];
    for (let i = 0; i < 800; i++) changes.push([keyAt(rng.int(0, ENTRIES - 1)), rng.bytes(rng.int(8, 100))]);
    for (let i = 0; i < 100; i++) changes.push([keyAt(rng.int(0, ENTRIES - 1)), null]);
    for (let i = 0; i < 100; i++) changes.push([rng.bytes(32), rng.bytes(rng.int(8, 100))]);
    return changes;
  };
  // Successive blocks, each on the previous root, persisting what it inserts (as the node does); the
  // same blocks with and without a decoded-node cache, each on its own copy of the store.
  const blocks = Array.from({ length: 22 }, block);
  let store = new MemoryNodeStore(built.nodes);
  for (const cached of [false, true]) {
    store = new MemoryNodeStore(built.nodes);
    const cache = cached ? new TrieNodeCache() : undefined;
    let root = built.root;
    let inserted = 0;
    let next = 0;
    let cpuMicros = 0;
    const times = timeRuns(() => {
      const cpu = process.cpuUsage();
      const update = applyChanges(store, root, blocks[next++] as TrieChange[], 1, cache);
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
      store.insertAll(update.inserted);
      root = update.root;
      inserted = update.inserted.size;
    }, 20);
    emit({
      bench: cached ? 'trie_apply_1000_changes_on_100k' : 'trie_apply_1000_changes_on_100k_no_cache',
      unit: 'ms',
      median: round2(median(times)),
      p90_ms: round2(percentile(times, 90)),
      runs: 20,
      // CPU time of this process (all threads, GC included) per update: steadier than wall time on a busy host.
      cpu_ms_mean: round2(cpuMicros / 1000 / 22),
      nodes_inserted: inserted,
      target: 'aim <= 50 ms',
      note: `800 rewrites, 100 deletions, 100 insertions per block, chained; in-memory store; ${cached ? 'decoded-node cache' : 'no node cache'}`,
    });
  }

  const keys = Array.from({ length: 10 }, (_, i) => (i < 8 ? keyAt(rng.int(0, ENTRIES - 1)) : rng.bytes(32)));
  let proof: Uint8Array[] = [];
  const proofTimes = timeRuns(() => (proof = readProof(store, built.root, keys)), 50);
  emit({
    bench: 'trie_read_proof_10_keys',
    unit: 'ms',
    median: round2(median(proofTimes)),
    runs: 50,
    proof_nodes: proof.length,
    proof_bytes: proof.reduce((n, p) => n + p.length, 0),
    note: '8 present keys, 2 absent, on the 100k-entry trie',
  });
  const verifyTimes = timeRuns(() => verifyReadProof(built.root, proof, keys), 50);
  emit({
    bench: 'trie_verify_read_proof_10_keys',
    unit: 'ms',
    median: round2(median(verifyTimes)),
    runs: 50,
  });
}
