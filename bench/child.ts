import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Every suite runs in a fresh Node process: one suite's heap, JIT state and open files never
 * colour the next one's figures, and peak memory (maxRSS) belongs to the workload measured.
 * The parent sends the input as the first IPC message (inputs such as response bodies are too
 * large for a command line) and receives one message back.
 */

/**
 * Run from the JavaScript copy `npm run bench` makes (start.mjs), a child runs that copy's
 * `.js` of a suite, with no loader; run from the sources under tsx (a suite by hand), the `.ts`.
 */
const TRANSPILED = import.meta.url.endsWith('.js');
export const EXEC_ARGV = TRANSPILED ? ['--expose-gc'] : ['--expose-gc', '--import', 'tsx'];

/** The file of a module named as in the sources (`./suites/appends.ts`), relative to bench/. */
function moduleFile(modulePath: string): string {
  return fileURLToPath(new URL(TRANSPILED ? modulePath.replace(/\.ts$/, '.js') : modulePath, import.meta.url));
}

export type SuiteMessage<Result> = { ok: true; result: Result } | { ok: false; error: string };

/** Runs `bench/suites/<name>.ts` (or any module path relative to bench/) in a child process. */
export function runChild<Input, Result>(modulePath: string, input: Input, extraExecArgv: string[] = []): Promise<Result> {
  const file = moduleFile(modulePath);
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: [...EXEC_ARGV, ...extraExecArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.send({ input });
    let settled = false;
    child.on('message', (message: SuiteMessage<Result>) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`${modulePath} exited (${signal ?? code}) without a result`));
    });
  });
}

/** The child's side: reads the input, runs the suite, reports, and exits. */
export function childMain<Input, Result>(run: (input: Input) => Promise<Result>): void {
  receiveInput<Input>().then(run).then(
    (result) => send({ ok: true, result }),
    (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}

/** The first IPC message, or (run by hand, without a parent) the JSON of the first argument. */
function receiveInput<Input>(): Promise<Input> {
  if (!process.send) return Promise.resolve(JSON.parse(process.argv[2] ?? '{}') as Input);
  return new Promise((resolve) => process.once('message', (message: { input: Input }) => resolve(message.input)));
}

function send(message: SuiteMessage<unknown>): void {
  if (!process.send) {
    console.log(JSON.stringify(message, null, 2));
    process.exit(message.ok ? 0 : 1);
  }
  process.send(message, () => process.exit(0));
}

/** A server running in its own process, so that the load generator never shares its event loop. */
export interface ServerChild {
  url: string;
  /** The server process's CPU time so far (all its threads) and whatever counters it keeps. */
  usage(): Promise<ServerUsage>;
  /** Asks the server to close (the ledger saves its checkpoint) and waits for the process to end. */
  stop(): Promise<void>;
}

export interface ServerUsage {
  cpuMicros: number;
  counters: Record<string, number>;
}

/** What a server module starts: its URL, how to close it, and counters to report with its CPU time. */
export interface StartedServer {
  url: string;
  close: () => Promise<void>;
  counters?: () => Record<string, number>;
}

export function startServerChild<Input>(modulePath: string, input: Input): Promise<ServerChild> {
  const file = moduleFile(modulePath);
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { execArgv: EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.send({ input });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('message', (message: SuiteMessage<{ url: string }>) => {
      if (!message.ok) {
        reject(new Error(message.error));
        return;
      }
      resolve({
        url: message.result.url,
        usage: () =>
          new Promise((answer) => {
            child.once('message', (reply: ServerUsage) => answer(reply));
            child.send('usage');
          }),
        stop: async () => {
          child.send('close');
          await exited;
        },
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${modulePath} exited (${code}) before listening`)));
  });
}

/** The server's side: reports its URL once listening, its usage when asked, and closes when the parent says so. */
export function serverMain<Input>(start: (input: Input) => Promise<StartedServer>): void {
  receiveInput<Input>().then(start).then(
    ({ url, close, counters }) => {
      process.on('message', (message) => {
        if (message === 'close') close().then(() => process.exit(0), () => process.exit(1));
        if (message === 'usage') {
          const { user, system } = process.cpuUsage();
          process.send?.({ cpuMicros: user + system, counters: counters?.() ?? {} } satisfies ServerUsage);
        }
      });
      process.send?.({ ok: true, result: { url } });
    },
    (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
