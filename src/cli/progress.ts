import cliProgress from 'cli-progress';

/** A progress bar on stderr that exists only for a person watching a terminal. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A bar when stderr is a terminal; nothing when output is piped or captured, so logs and
 * tests see only the result. `total` null shows a running count without a bar.
 */
export function startProgress(label: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const format = total === null
    ? `${label} {value} events | {duration_formatted}`
    : `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`;
  const bar = new cliProgress.SingleBar(
    { format, stream, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
