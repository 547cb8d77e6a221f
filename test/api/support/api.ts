import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../../src/api/app.js';
import type { Problem } from '../../../src/api/problem.js';
import { parseTokens } from '../../../src/api/tokens.js';
import type { EventStore } from '../../../src/store/contract.js';
import { openEventStore } from '../../../src/store/index.js';
import { Ledger } from '../../../src/runtime/ledger.js';
import { storeWith } from '../../support/store-with.js';
import { SEED_STORY } from '../../support/story-file.js';

/** The seed story as a client POSTs it: the raw objects of the NDJSON file. */
export const SEED_COMMANDS: Record<string, unknown>[] = readFileSync(SEED_STORY, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

export const WRITER_TOKEN = 'writer-secret-0123456789';
export const READER_TOKEN = 'reader-secret-0123456789';
export const TOKENS = parseTokens(`alice:writer:${WRITER_TOKEN},bob:reader:${READER_TOKEN}`);
export const asWriter = { authorization: `Bearer ${WRITER_TOKEN}` };
export const asReader = { authorization: `Bearer ${READER_TOKEN}` };

export interface TestApi {
  app: FastifyInstance;
  ledger: Ledger;
  close(): Promise<void>;
}

/** A fresh app over a fresh in-memory ledger (or over `store`, e.g. a failing double). */
export async function startApi(options: Partial<BuildAppOptions> & { store?: EventStore } = {}): Promise<TestApi> {
  const { store, ...appOptions } = options;
  const ledger = await Ledger.open({ store: store ?? (await openEventStore('sqlite::memory:')) });
  const app = await buildApp({ ledger, ...appOptions });
  return {
    app,
    ledger,
    close: async () => {
      await app.close();
      await ledger.close();
    },
  };
}

export async function post(app: FastifyInstance, payload: unknown, extra: Omit<InjectOptions, 'payload'> = {}) {
  return app.inject({ method: 'POST', url: '/commands', payload: payload as InjectOptions['payload'], ...extra });
}

/** Loads the seed story through POST /commands and checks it was recorded. */
export async function seed(app: FastifyInstance, headers: Record<string, string> = {}): Promise<void> {
  const response = await post(app, SEED_COMMANDS, { headers });
  if (response.statusCode !== 201) throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
}

/** The problem+json body of a response, checked to be one. */
export function problemOf(response: { headers: Record<string, unknown>; json(): unknown }) {
  const type = String(response.headers['content-type']);
  if (!type.startsWith('application/problem+json')) throw new Error(`not problem+json: ${type}`);
  return response.json() as Problem;
}

/** Wraps a real store, replacing `appendToStream` (e.g. to fail like a full disk). */
export function withAppend(store: EventStore, appendToStream: EventStore['appendToStream']): EventStore {
  return storeWith(store, { appendToStream });
}
