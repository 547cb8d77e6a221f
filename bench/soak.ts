/**
 * npm run soak [-- --seconds N] [--concurrency N] [--max-new-claims N] [--seed N] [--json]
 * Mixed appends and reads against a real server on 127.0.0.1 for a while (default 5 minutes),
 * then throughput, errors (must be 0) and the server's memory over time (must level off).
 * Exits 1 when either fails.
 */
import { parseArgs } from 'node:util';
import { formatSoakReport, soakPassed } from './soak/report.js';
import { runSoak } from './soak/run-soak.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    'max-new-claims': { type: 'string', default: '50000' },
    seed: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`error: --${name} must be a positive number, not "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const seconds = positive('seconds', values.seconds);
const result = await runSoak({
  seconds,
  concurrency: Math.floor(positive('concurrency', values.concurrency)),
  maxNewClaims: Math.floor(positive('max-new-claims', values['max-new-claims'])),
  ...(values.seed === undefined ? {} : { seed: Math.floor(positive('seed', values.seed)) }),
  onSample: (sample) => {
    if (!values.json && process.stderr.isTTY) process.stderr.write(`\r${sample.seconds.toFixed(0)} / ${seconds} s, ${sample.events.toLocaleString('en-US')} events   `);
  },
});
if (!values.json && process.stderr.isTTY) process.stderr.write('\n');
process.stdout.write(values.json ? `${JSON.stringify({ ...result, passed: soakPassed(result) }, null, 2)}\n` : `${formatSoakReport(result)}\n`);
process.exitCode = soakPassed(result) ? 0 : 1;
