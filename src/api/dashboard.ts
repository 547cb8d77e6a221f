import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export interface DashboardOptions {
  /** Folder with the built bundle (`node dashboard/build.mjs`). @defaultValue `dist/dashboard` of this package */
  root?: string;
}

/**
 * The nearest folder at or above `start` with a package.json: the package root both when
 * running from src/ (tsx, tests) and from dist/src/ (built), wherever the process was started.
 */
export function packageRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** The page may load only its own files and talk only to this server. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the dashboard's static bundle at `/`. Its files are public even when reads need a
 * token: they hold no data, and the page asks for the token before it reads.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const root = options.root ?? join(packageRoot(), 'dist', 'dashboard');
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'open' };
  });
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn(`no dashboard bundle in ${root}: run \`npm run build\` to serve it at /`);
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard has not been built. Run `npm run build` (or `node dashboard/build.mjs`) and restart.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Only the files that exist get routes, so unknown paths still reach the API's 404.
    wildcard: false,
    index: ['index.html'],
    // The build writes each text file's gzip beside it (app.js.gz): sent to browsers that take
    // gzip, with no compression per request.
    preCompressed: true,
    decorateReply: false,
    setHeaders: (response, path) => {
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('referrer-policy', 'no-referrer');
      if (path.endsWith('.html')) response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
};
