import { createHash } from 'node:crypto';

export type Role = 'reader' | 'writer';

/** One bearer token from `LEDGER_TOKENS`. */
export interface ApiToken {
  role: Role;
  /** Recorded as the actor of every write made with this token (the name, else the role). */
  actor: string;
  /** SHA-256 of the token: requests are compared against digests, never against the secret. */
  digest: Buffer;
}

const ROLES: readonly string[] = ['reader', 'writer'];
const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function digestOf(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Reads `LEDGER_TOKENS`: comma-separated entries, each `role:token` (actor = the role) or
 * `name:role:token` (actor = the name), role `reader` or `writer`. Tokens may hold colons but
 * not commas or whitespace. Error messages never repeat a token.
 */
export function parseTokens(text: string): ApiToken[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const tokens = entries.map((entry, i) => parseEntry(entry, i + 1));
  const seen = new Set<string>();
  tokens.forEach((token, i) => {
    const key = token.digest.toString('hex');
    if (seen.has(key)) throw new Error(`entry ${i + 1} repeats a token of an earlier entry`);
    seen.add(key);
  });
  return tokens;
}

function parseEntry(entry: string, position: number): ApiToken {
  const parts = entry.split(':');
  let name: string | undefined;
  let role: string | undefined;
  let secret: string;
  if (ROLES.includes(parts[0] ?? '')) {
    role = parts[0];
    secret = parts.slice(1).join(':');
  } else if (ROLES.includes(parts[1] ?? '')) {
    name = parts[0];
    role = parts[1];
    secret = parts.slice(2).join(':');
  } else {
    throw new Error(`entry ${position} must be role:token or name:role:token with role reader or writer`);
  }
  if (name !== undefined && !NAME.test(name)) {
    throw new Error(`entry ${position}: the name must match ${NAME.source}`);
  }
  if (secret === '') throw new Error(`entry ${position} has an empty token`);
  if (/\s/.test(secret)) throw new Error(`entry ${position}: a token may not contain whitespace`);
  return { role: role as Role, actor: name ?? role!, digest: digestOf(secret) };
}
