import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { installAuth } from '../../src/api/auth.js';
import { dashboardRoutes, packageRoot } from '../../src/api/dashboard.js';
import { installErrorHandler } from '../../src/api/error-handler.js';
import { parseTokens } from '../../src/api/tokens.js';
import { Ledger } from '../../src/runtime/ledger.js';

let bundle: string;
let app: FastifyInstance;

beforeEach(async () => {
  bundle = await mkdtemp(join(tmpdir(), 'ledger-bundle-'));
  await writeFile(join(bundle, 'index.html'), '<!doctype html><title>Claims ledger</title><script type="module" src="./app.js"></script>');
  await writeFile(join(bundle, 'app.js'), 'console.log("dashboard")');
});
afterEach(async () => {
  await app?.close();
  await rm(bundle, { recursive: true, force: true });
});

/** The dashboard beside a data route, behind auth where reads need a token, as in production. */
async function appWith(root: string): Promise<FastifyInstance> {
  const server = Fastify();
  installErrorHandler(server);
  installAuth(server, { tokens: parseTokens('reader:secret-reader-token'), readsNeedToken: true });
  server.get('/transfers', async () => ({ transfers: [] }));
  await server.register(dashboardRoutes, { root });
  return server;
}

describe('the dashboard plugin', () => {
  it('serves the page at / with a strict content security policy', async () => {
    app = await appWith(bundle);
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>Claims ledger</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');

    const script = await app.inject({ url: '/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('sends the gzip the build made of a file to browsers that take gzip, the file itself to others', async () => {
    const script = 'console.log("dashboard, compressed once by the build")';
    await writeFile(join(bundle, 'app.js'), script);
    await writeFile(join(bundle, 'app.js.gz'), gzipSync(script));
    app = await appWith(bundle);

    const zipped = await app.inject({ url: '/app.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/javascript/);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(script);

    const plain = await app.inject({ url: '/app.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('is public where reads need a token, and leaves the data routes protected', async () => {
    app = await appWith(bundle);
    expect((await app.inject({ url: '/' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/app.js' })).statusCode).toBe(200);
    const data = await app.inject({ url: '/transfers' });
    expect(data.statusCode).toBe(401);
  });

  it('claims only its own files: other paths still get the API 404 as problem+json', async () => {
    app = await appWith(bundle);
    const missing = await app.inject({ url: '/no-such-file.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('without a built bundle, / says how to build it instead of failing to start', async () => {
    app = await appWith(join(bundle, 'not-built'));
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build');
  });

  it('finds the bundle from the package root, wherever the process started', async () => {
    const root = packageRoot();
    expect(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).name).toBe('claims-ledger');
    expect(packageRoot(join(root, 'dist', 'src', 'api'))).toBe(root);
  });
});

describe('buildApp', () => {
  it('serves the dashboard at /', async () => {
    const ledger = await Ledger.open({ store: 'sqlite::memory:' });
    app = await buildApp({ ledger });
    try {
      const page = await app.inject({ url: '/' });
      // 200 once built, 503 with build instructions before; never the API's 404.
      expect([200, 503]).toContain(page.statusCode);
      expect(page.headers['content-type']).not.toMatch(/problem\+json/);
    } finally {
      await app.close();
      await ledger.close();
    }
  });
});
