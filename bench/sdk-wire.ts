/**
 * npm run bench sdk — the wire part: axon signed 1 KB echo throughput and latency, and dendrite fan-out
 * to 256 local axons. The axons run in a child process (this file, started with
 * TAO_WIRE_BENCH_CHILD=1), as a real validator and miner would be two processes. Two echo lines:
 * `axon_echo_1kb` drives the axon with pre-signed requests from a lean load generator (the axon's
 * own throughput, as wrk measures a server), `axon_echo_1kb_signed_in_flight` goes through our
 * Dendrite, which signs every request with a fresh nonce as bittensor's does.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cryptoReady, keypairFromUri } from '@tao-ts/primitives';
import { Axon, Dendrite, defineSynapse } from '../packages/sdk/src/wire/index.js';
import { median, percentile, round2 } from './harness.js';
import { buildRequest, runLoad } from './http-load.js';

const Echo = defineSynapse({
  name: 'Echo',
  fields: { payload: { type: 'str', required: true }, echo: { type: 'str' } },
});

const AXON_URI = '//Alice';
const CLIENT_LANES = 64;
const ROUND_MS = 2000;
const PRESIGNED_PER_LANE = 120;
const ANCHOR = 'bittensor axon (Python) ≈ 41 req/s (btlightning README, 1 KB echo)';
const ROUNDS = 3;
const FANOUT = 256;
const FANOUT_ROUNDS = 15;

interface Ready {
  readonly ports: number[];
}

/** Child side: start `count` axons on loopback, report their ports, stop on 'stop'. */
async function serveAxons(count: number): Promise<void> {
  await cryptoReady();
  const keypair = keypairFromUri(AXON_URI);
  const axons: Axon[] = [];
  for (let i = 0; i < count; i++) {
    // TAO_WIRE_BENCH_VERIFY_THREADS: compare with the axon's default signature threads (0 = none).
    const threads = process.env.TAO_WIRE_BENCH_VERIFY_THREADS;
    const axon = new Axon({
      keypair,
      ip: '127.0.0.1',
      port: 0,
      concurrency: 256,
      maxQueued: 4096,
      ...(threads === undefined ? {} : { verifyThreads: Number(threads) }),
    });
    axon.attach(Echo, {
      forward: (s) => {
        s.values.echo = s.values.payload;
        return s;
      },
    });
    axons.push(await axon.start());
  }
  process.send?.({ ports: axons.map((a) => a.port) } satisfies Ready);
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m === 'stop') void Promise.all(axons.map((a) => a.stop())).then(() => process.exit(0));
  });
}

function startChild(count: number): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    // TAO_WIRE_BENCH_CHILD_ARGS: extra node flags for the axon process (e.g. --cpu-prof).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.TAO_WIRE_BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean),
    ],
    env: { ...process.env, TAO_WIRE_BENCH_CHILD: String(count) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: Ready) => resolve({ child, ports: m.ports }));
    child.once('exit', (code) => reject(new Error(`axon child exited with code ${code}`)));
  });
}

/** CPU time (µs, user + system) the child has used so far. */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu.user + m.cpu.system));
    child.send('cpu');
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.send('stop');
  await exited;
}

/**
 * Axon echo with pre-signed requests: the axon's throughput, measured as wrk would, by a lean
 * keep-alive load generator whose requests were signed ahead (each with its own nonce, in order per
 * lane). Each lane is one dendrite identity (its uuid keys the axon's nonce memory) on its own
 * connection, sending a request when the previous answer has arrived.
 */
async function echoPresigned(emit: (line: object) => void, port: number, child: ChildProcess): Promise<void> {
  const target = { ip: '127.0.0.1', port, hotkey: keypairFromUri(AXON_URI).address };
  const caller = keypairFromUri('//Bob');
  const payload = 'x'.repeat(1024);
  const input = Echo.create({ payload });
  const lanes = Array.from({ length: CLIENT_LANES }, () => new Dendrite({ keypair: caller }));
  const prepare = (perLane: number): Buffer[][] =>
    lanes.map((d) =>
      Array.from({ length: perLane }, () => {
        const s = d.prepare(target, input, 12);
        return buildRequest(
          `/${Echo.name}`,
          { ...s.toHeaders(), 'content-type': 'application/json' },
          s.toBody('python'),
        );
      }),
    );
  // The axon answers in FastAPI's compact JSON: the echoed field appears exactly like this.
  const echoField = Buffer.from(`"echo":${JSON.stringify(payload)}`);
  const echoed = (status: number, body: Buffer): boolean => status === 200 && body.includes(echoField);
  await runLoad(port, prepare(20), echoed); // warm-up: JIT on both sides
  const rates: number[] = [];
  const latencies: number[] = [];
  let errors = 0;
  let serverCpu = 0;
  let clientCpu = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const batches = prepare(PRESIGNED_PER_LANE);
    const s0 = await childCpu(child);
    const c0 = process.cpuUsage();
    const result = await runLoad(port, batches, echoed);
    const c = process.cpuUsage(c0);
    clientCpu += c.user + c.system;
    serverCpu += (await childCpu(child)) - s0;
    rates.push(result.rate);
    latencies.push(...result.latencies);
    errors += result.errors;
  }
  await Promise.all(lanes.map((d) => d.close()));
  emit({
    bench: 'axon_echo_1kb',
    unit: 'req/s',
    median: Math.round(median(rates)),
    p50_ms: round2(percentile(latencies, 50)),
    p99_ms: round2(percentile(latencies, 99)),
    concurrency: CLIENT_LANES,
    signing: 'pre-signed; keep-alive load generator (bench/http-load.ts)',
    server_cpu_us_per_req: Math.round(serverCpu / latencies.length),
    client_cpu_us_per_req: Math.round(clientCpu / latencies.length),
    errors,
    anchor: ANCHOR,
  });
}

/** The same echo through our Dendrite, signing every request in flight as bittensor's does. */
async function echoSignedInFlight(
  emit: (line: object) => void,
  port: number,
  child: ChildProcess,
): Promise<void> {
  const target = { ip: '127.0.0.1', port, hotkey: keypairFromUri(AXON_URI).address };
  const caller = keypairFromUri('//Bob');
  // One dendrite per lane: its uuid keys the axon's nonce memory, and requests of one lane are in
  // order, so no nonce race (bittensor has the same rule for one dendrite's concurrent calls).
  const lanes = Array.from(
    { length: CLIENT_LANES },
    () => new Dendrite({ keypair: caller, connectionsPerAxon: 1 }),
  );
  const payload = 'x'.repeat(1024);
  const input = Echo.create({ payload });
  let errors = 0;
  const runFor = async (ms: number, latencies: number[] | undefined): Promise<number> => {
    const end = performance.now() + ms;
    let done = 0;
    await Promise.all(
      lanes.map(async (d) => {
        while (performance.now() < end) {
          const t = performance.now();
          const res = await d.call(target, input, { timeout: 12 });
          if (res.dendrite.statusCode !== 200 || res.values.echo !== payload) errors += 1;
          latencies?.push(performance.now() - t);
          done += 1;
        }
      }),
    );
    return (done * 1000) / ms;
  };
  await runFor(1000, undefined); // warm-up: connections, JIT
  errors = 0;
  const rates: number[] = [];
  const latencies: number[] = [];
  // CPU time per request on each side: unlike req/s it does not depend on what else the machine runs.
  const serverCpu0 = await childCpu(child);
  const clientCpu0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) rates.push(await runFor(ROUND_MS, latencies));
  const clientCpu = process.cpuUsage(clientCpu0);
  const serverCpu = (await childCpu(child)) - serverCpu0;
  const requests = latencies.length;
  await Promise.all(lanes.map((d) => d.close()));
  emit({
    bench: 'axon_echo_1kb_signed_in_flight',
    unit: 'req/s',
    median: Math.round(median(rates)),
    p50_ms: round2(percentile(latencies, 50)),
    p99_ms: round2(percentile(latencies, 99)),
    concurrency: CLIENT_LANES,
    signing: 'in flight (Dendrite.call)',
    server_cpu_us_per_req: Math.round(serverCpu / requests),
    client_cpu_us_per_req: Math.round((clientCpu.user + clientCpu.system) / requests),
    errors,
    anchor: ANCHOR,
  });
}

async function fanoutBench(emit: (line: object) => void, ports: number[]): Promise<void> {
  const hotkey = keypairFromUri(AXON_URI).address;
  const targets = ports.map((port) => ({ ip: '127.0.0.1', port, hotkey }));
  const dendrite = new Dendrite({ keypair: keypairFromUri('//Bob'), connectionsPerAxon: 1 });
  const input = Echo.create({ payload: 'x'.repeat(1024) });
  const times: number[] = [];
  let failures = 0;
  for (let i = 0; i < FANOUT_ROUNDS + 1; i++) {
    const t = performance.now();
    const out = await dendrite.forward(targets, input, { timeout: 12 });
    const ms = performance.now() - t;
    failures += out.filter((s) => s.dendrite.statusCode !== 200).length;
    if (i > 0) times.push(ms); // round 0 opens the 256 connections
  }
  await dendrite.close();
  emit({
    bench: 'dendrite_fanout_256',
    unit: 'ms',
    median: round2(median(times)),
    p99_ms: round2(percentile(times, 99)),
    axons: ports.length,
    failures,
    anchor:
      'bittensor dendrite: challenges reach miners in up to ≈ 5 s (Orpheus-AI/Zeus#31); no published 256-axon figure',
  });
}

/** Runs `body` against `count` axons in a child process, stopping the child whatever happens. */
async function withAxons(
  count: number,
  body: (ports: number[], child: ChildProcess) => Promise<void>,
): Promise<void> {
  const started = await startChild(count);
  try {
    await body(started.ports, started.child);
  } finally {
    await stopChild(started.child);
  }
}

export async function run(emit: (line: object) => void): Promise<void> {
  await cryptoReady();
  await withAxons(1, async (ports, child) => {
    await echoPresigned(emit, ports[0] as number, child);
    await echoSignedInFlight(emit, ports[0] as number, child);
  });
  await withAxons(FANOUT, (ports) => fanoutBench(emit, ports));
}

const childCount = Number(process.env.TAO_WIRE_BENCH_CHILD ?? '0');
if (childCount > 0) await serveAxons(childCount);
