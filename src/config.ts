import { z } from 'zod';
import { LedgerError } from './ledger-error.js';
import { parseTokens, type ApiToken } from './api/tokens.js';

/** A configuration value that cannot be used; `where` names the environment variable. */
export class ConfigError extends LedgerError {
  readonly code = 'INVALID_CONFIG';
}

/** The ledger's configuration, resolved from the environment and flags. */
export interface LedgerConfig {
  /** `LEDGER_STORE`. @defaultValue `sqlite:./data/ledger.db` */
  store: string;
  /** `PORT`. @defaultValue 3000 */
  port: number;
  /** `HOST`. @defaultValue `127.0.0.1` */
  host: string;
  /** `LEDGER_TOKENS`, parsed. @defaultValue none: writes unauthenticated, on loopback only */
  tokens: ApiToken[];
  /** `LEDGER_BODY_LIMIT`, in bytes. @defaultValue 1 MiB */
  bodyLimit: number;
  /** `LEDGER_READS_NEED_TOKEN`. @defaultValue false */
  readsNeedToken: boolean;
  /**
   * `LEDGER_RATE_LIMIT`: requests per minute per client address; 0 turns it off.
   * @defaultValue 0 on a loopback host, {@link DEFAULT_PUBLIC_RATE_LIMIT} on any other
   */
  rateLimit: number;
  /**
   * `LEDGER_CHECKPOINT`: file for projection checkpoints, so a restart folds only new events.
   * @defaultValue `<file>.checkpoint` beside a `sqlite:<file>` store; none for other stores
   */
  checkpointPath: string | undefined;
  /** `LEDGER_LOG_LEVEL`. @defaultValue `info` */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Flags that override the environment (`ledger serve --port 4000`), by config field. */
export type ConfigOverrides = { [K in keyof typeof VARIABLE_OF]?: string | number | boolean | undefined };

export const DEFAULT_PUBLIC_RATE_LIMIT = 1200;
const MiB = 1024 * 1024;

const VARIABLE_OF = {
  store: 'LEDGER_STORE',
  port: 'PORT',
  host: 'HOST',
  tokens: 'LEDGER_TOKENS',
  bodyLimit: 'LEDGER_BODY_LIMIT',
  readsNeedToken: 'LEDGER_READS_NEED_TOKEN',
  rateLimit: 'LEDGER_RATE_LIMIT',
  checkpointPath: 'LEDGER_CHECKPOINT',
  logLevel: 'LEDGER_LOG_LEVEL',
} as const;

const Bytes = z
  .string()
  .trim()
  .regex(/^\d+\s*(b|k|kb|kib|m|mb|mib)?$/i, 'must be a number of bytes, e.g. 1048576 or 1MiB')
  .transform((text) => {
    const [, digits, unit = 'b'] = /^(\d+)\s*([a-z]*)$/i.exec(text)!;
    const scale = /^k/i.test(unit) ? 1024 : /^m/i.test(unit) ? MiB : 1;
    return Number(digits) * scale;
  })
  .pipe(z.number().int().min(256, 'must be at least 256 bytes').max(1024 * MiB, 'must be at most 1 GiB'));

const Flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }))
  .transform((text) => text === 'true' || text === '1' || text === 'yes');

const Tokens = z.string().transform((text, ctx) => {
  try {
    return parseTokens(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** The environment variables, as strings, with their defaults. */
const Environment = z.object({
  LEDGER_STORE: z.string().trim().min(1, 'must not be empty').default('sqlite:./data/ledger.db'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number from 0 to 65535'))
    .default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  LEDGER_TOKENS: Tokens.default([]),
  LEDGER_BODY_LIMIT: Bytes.default(MiB),
  LEDGER_READS_NEED_TOKEN: Flag.default(false),
  LEDGER_RATE_LIMIT: z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, 'must be a whole number of requests per minute (0 = off)')
    .transform(Number)
    .optional(),
  LEDGER_CHECKPOINT: z.string().trim().min(1, 'must not be empty').optional(),
  LEDGER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Resolves the configuration: `overrides` (from command-line flags) win over `env`; unset or
 * empty variables take their defaults. Throws ConfigError naming each bad variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigOverrides = {},
): LedgerConfig {
  const input: Record<string, string> = {};
  for (const variable of Object.values(VARIABLE_OF)) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') input[variable] = value;
  }
  for (const [field, value] of Object.entries(overrides)) {
    const variable = VARIABLE_OF[field as keyof typeof VARIABLE_OF];
    if (variable === undefined) throw new ConfigError(`unknown configuration override "${field}"`, field);
    if (value !== undefined) input[variable] = String(value);
  }
  const parsed = Environment.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, String(parsed.error.issues[0]?.path[0]));
  }
  const vars = parsed.data;
  if (vars.LEDGER_READS_NEED_TOKEN && vars.LEDGER_TOKENS.length === 0) {
    throw new ConfigError('invalid configuration: LEDGER_READS_NEED_TOKEN needs tokens in LEDGER_TOKENS', 'LEDGER_READS_NEED_TOKEN');
  }
  return {
    store: vars.LEDGER_STORE,
    port: vars.PORT,
    host: vars.HOST,
    tokens: vars.LEDGER_TOKENS,
    bodyLimit: vars.LEDGER_BODY_LIMIT,
    readsNeedToken: vars.LEDGER_READS_NEED_TOKEN,
    rateLimit: vars.LEDGER_RATE_LIMIT ?? (isLoopback(vars.HOST) ? 0 : DEFAULT_PUBLIC_RATE_LIMIT),
    checkpointPath: vars.LEDGER_CHECKPOINT ?? defaultCheckpointPath(vars.LEDGER_STORE),
    logLevel: vars.LEDGER_LOG_LEVEL,
  };
}

/** A file store keeps its checkpoint beside it; a store in memory or on a server has none. */
export function defaultCheckpointPath(store: string): string | undefined {
  const match = /^sqlite:(.+)$/.exec(store);
  if (!match || match[1] === ':memory:') return undefined;
  return `${match[1]}.checkpoint`;
}

/** True for addresses only this machine can reach. `0.0.0.0` and `::` are not: they bind all. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(bare);
}
