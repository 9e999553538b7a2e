/**
 * cli_help_startup: wall time of `node packages/cli/bin/tao.mjs --help` as a fresh process, the cost a
 * user pays before every command. One untimed run first builds (or finds) the cached bundle; the median
 * of the timed runs is reported. cli_config_get_startup is the same for a command that runs (resolves
 * settings, reads the config file, prints a table) but needs no workspace package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, percentile, round2, type Emit } from './harness.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = 15;

function timeSpawn(args: readonly string[], env: NodeJS.ProcessEnv): number[] {
  const run = (): number => {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['packages/cli/bin/tao.mjs', ...args], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`tao ${args.join(' ')} failed: ${result.stderr}`);
    return ms;
  };
  run();
  return Array.from({ length: RUNS }, run);
}

export function run(emit: Emit): void {
  const home = mkdtempSync(join(tmpdir(), 'tao-bench-cli-'));
  const env = { ...process.env, TAO_CONFIG: join(home, 'config.json'), NO_COLOR: '1' };
  try {
    const baseline = median(
      Array.from({ length: RUNS }, () => {
        const start = performance.now();
        spawnSync(process.execPath, ['-e', '0']);
        return performance.now() - start;
      }),
    );
    const help = timeSpawn(['--help'], env);
    emit({
      bench: 'cli_help_startup',
      unit: 'ms',
      median: round2(median(help)),
      p90_ms: round2(percentile(help, 90)),
      node_baseline_ms: round2(baseline),
      runs: RUNS,
      target: '< 300 ms',
      anchor: 'btcli --help ≈ not measured here; bittensor#1735: its torch import alone takes 1.28 s',
    });
    const get = timeSpawn(['config', 'get'], env);
    emit({
      bench: 'cli_config_get_startup',
      unit: 'ms',
      median: round2(median(get)),
      p90_ms: round2(percentile(get, 90)),
      runs: RUNS,
      target: '< 300 ms',
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
