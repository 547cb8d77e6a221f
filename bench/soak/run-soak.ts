import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEventStore } from '../../src/store/index.js';
import { levelOff, type LevelOffCheck, type MemorySample } from './memory.js';
import type { MemoryReading } from './server.js';
import { runWorkload, SOAK_REPORT, SOAK_SOURCE, type WorkloadTally } from './workload.js';
import { SeededRandom } from '../random.js';

export interface SoakOptions {
  /** How long the load runs. @defaultValue 300 */
  seconds?: number;
  /** Clients sending at once, one request each at a time. @defaultValue 8 */
  concurrency?: number;
  /** New claims stop past this many, so a long run stays bounded. @defaultValue 50_000 */
  maxNewClaims?: number;
  /** Seconds between memory samples. @defaultValue seconds / 60, between 0.5 and 10 */
  sampleSeconds?: number;
  /** Seed of the workload's choices, for a run that can be repeated. @defaultValue random */
  seed?: number;
  /** Called with each memory sample as it is taken (progress). */
  onSample?: (sample: MemorySample) => void;
}

export interface SoakResult {
  url: string;
  seconds: number;
  concurrency: number;
  seed: number;
  tally: WorkloadTally;
  samples: MemorySample[];
  /** Where the steady phase (a trickle of new claims) starts. */
  steadyFromSeconds: number;
  heap: LevelOffCheck;
  rss: LevelOffCheck;
  events: number;
  chain: { ok: boolean; problem?: string };
  /** Problems outside the request tally: the server exiting badly, a broken chain. */
  failures: string[];
}

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const MiB = 1024 * 1024;

/**
 * Soaks a real server (its own process, a fresh sqlite file, 127.0.0.1 only) with mixed
 * appends and reads for a fixed time, sampling its memory after full GCs; then stops it
 * cleanly and verifies the hash chain of what it wrote.
 */
export async function runSoak(options: SoakOptions = {}): Promise<SoakResult> {
  const seconds = options.seconds ?? 300;
  const concurrency = options.concurrency ?? 8;
  const sampleSeconds = options.sampleSeconds ?? Math.min(10, Math.max(0.5, seconds / 60));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const dir = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
  const store = `sqlite:${join(dir, 'soak.db')}`;
  const failures: string[] = [];
  const server = await startSoakServer(store);
  try {
    const seeded = await fetch(`${server.url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([SOAK_SOURCE, SOAK_REPORT]),
    });
    if (seeded.status !== 201) throw new Error(`seeding the soak ledger failed: ${seeded.status} ${await seeded.text()}`);

    const started = Date.now();
    const until = started + seconds * 1000;
    const steadyFromSeconds = seconds / 2;
    const samples: MemorySample[] = [];
    const takeSample = async () => {
      const sample = { seconds: (Date.now() - started) / 1000, events: await eventsIn(server.url), ...(await server.memory()) };
      samples.push(sample);
      options.onSample?.(sample);
    };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await takeSample();
        await sleepUntil(Math.min(until, Date.now() + sampleSeconds * 1000), () => !sampling);
      }
    })();
    const tally = await runWorkload({
      url: server.url,
      concurrency,
      until,
      steadyFrom: started + steadyFromSeconds * 1000,
      maxNewClaims: options.maxNewClaims ?? 50_000,
      random: seededRandom(seed),
    });
    sampling = false;
    await sampler;
    await takeSample();

    const exit = await server.stop();
    if (exit !== 0) failures.push(`the server exited with ${exit} when asked to stop:\n${server.output()}`);
    const chain = await verifyChain(store);
    if (!chain.ok) failures.push(`the hash chain does not verify: ${chain.problem}`);
    const check = (metric: 'heapUsed' | 'rss', minToleranceBytes: number, toleranceShare: number) =>
      levelOff(samples, metric, { steadyFromSeconds, minToleranceBytes, toleranceShare });
    return {
      url: server.url,
      seconds,
      concurrency,
      seed,
      tally,
      samples,
      steadyFromSeconds,
      // RSS moves in allocator-sized steps and is rarely given back: a looser bound.
      heap: check('heapUsed', 4 * MiB, 0.05),
      rss: check('rss', 16 * MiB, 0.1),
      events: samples.at(-1)?.events ?? 0,
      chain,
      failures,
    };
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface SoakServer {
  url: string;
  memory(): Promise<{ heapUsed: number; rss: number }>;
  stop(): Promise<number | null>;
  kill(): void;
  output(): string;
}

async function startSoakServer(store: string): Promise<SoakServer> {
  const child: ChildProcess = fork(SERVER, [store], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type: string; url?: string }) => {
      if (message.type === 'listening') resolve(message.url!);
    });
    void exited.then((code) => reject(new Error(`the soak server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    memory: () =>
      new Promise((resolve) => {
        const onMessage = (message: MemoryReading) => {
          if (message.type !== 'memory') return;
          child.off('message', onMessage);
          resolve({ heapUsed: message.heapUsed, rss: message.rss });
        };
        child.on('message', onMessage);
        child.send({ type: 'sample' });
      }),
    stop: async () => {
      child.send({ type: 'stop' });
      return exited;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    output: () => output,
  };
}

async function eventsIn(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/health`)).json()) as { lastPosition: number };
  return health.lastPosition;
}

async function verifyChain(store: string): Promise<{ ok: boolean; problem?: string }> {
  const opened = await openEventStore(store);
  try {
    const result = await opened.integrity!.verify();
    return result.ok ? { ok: true } : { ok: false, problem: `position ${result.firstBadPosition}: ${result.problem}` };
  } finally {
    await opened.close();
  }
}

async function sleepUntil(deadline: number, cancelled: () => boolean): Promise<void> {
  while (Date.now() < deadline && !cancelled()) await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
}

function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}
