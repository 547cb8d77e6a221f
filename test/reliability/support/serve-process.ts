import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_MAIN, ROOT, ensureBuilt } from '../../cli/build-once.js';

export interface ServeProcess {
  child: ChildProcess;
  pid: number;
  /** e.g. http://127.0.0.1:40123, with the port the server actually bound. */
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code or signal once the process has gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the process to go. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServeOptions {
  /** `sqlite:<file>` (or any LEDGER_STORE). */
  store: string;
  /**
   * More environment for the server (LEDGER_TOKENS, LEDGER_CHECKPOINT…). LEDGER_LOG_LEVEL must
   * stay `info` or lower: the start is recognised by the "listening on" line.
   */
  env?: Record<string, string>;
  /**
   * Soft RLIMIT_FSIZE in 1024-byte blocks (bash `ulimit -S -f`): files the server writes may
   * not grow past it. Soft only, so `prlimit` can lift it again without privileges.
   */
  fileSizeLimitKiB?: number;
  /** @defaultValue 30 s */
  startTimeoutMs?: number;
}

const MAX_OUTPUT = 1 << 20;
const LISTENING = /listening on (http:\/\/[^\s)"]+)/;

/**
 * Starts `ledger serve --port 0` from dist/ as a child process, as a user would, and
 * resolves once it says where it listens. Rejects with its output if it exits first.
 */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  await ensureBuilt();
  const node = [process.execPath, CLI_MAIN, 'serve', '--store', options.store, '--port', '0', '--host', '127.0.0.1'];
  const [command, args] =
    options.fileSizeLimitKiB === undefined
      ? [node[0]!, node.slice(1)]
      : ['bash', ['-c', `ulimit -S -f ${options.fileSizeLimitKiB} && exec "$@"`, 'bash', ...node]];
  const env: NodeJS.ProcessEnv = { ...process.env, LEDGER_LOG_LEVEL: 'info', NO_COLOR: '1', ...options.env };
  delete env.LEDGER_STORE;
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let url: string | undefined;
  await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ledger serve did not start:\n${output}`)), options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Keep the tail: a long run logs every request at info level.
      if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT / 2);
      if (url !== undefined) return;
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        url = match[1]!;
        resolve(url);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`ledger serve exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    url: url!,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
