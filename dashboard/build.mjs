// Bundles the dashboard into dist/dashboard/: index.html, app.js, app.css, favicon.svg, and
// the gzip of each text file (app.js.gz, …).
// Deterministic (no hashes, no timestamps), minified, and offline: everything comes from
// node_modules and this folder, nothing from a CDN or the web.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'dist', 'dashboard');
// Built beside the target and swapped in at the end, so a running server never serves half a build.
const out = `${target}.building-${process.pid}`;
/** A budget that keeps the bundle honest; raise it knowingly, not by accident. */
const MAX_SCRIPT_BYTES = 80_000;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
};
await build({
  ...common,
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(out, 'app.js'),
  format: 'esm',
  tsconfig: join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': '"production"' },
});
await build({ ...common, entryPoints: [join(here, 'styles.css')], outfile: join(out, 'app.css') });
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
await copyFile(join(here, 'favicon.svg'), join(out, 'favicon.svg'));

const script = await readFile(join(out, 'app.js'));
if (script.length > MAX_SCRIPT_BYTES) {
  await rm(out, { recursive: true, force: true });
  console.error(`dashboard: app.js is ${script.length} B, over the ${MAX_SCRIPT_BYTES} B budget`);
  process.exit(1);
}
// Each text file beside its gzip, which the server sends to browsers that take it
// (src/api/dashboard.ts, preCompressed): compressed once here, not per request.
const sizes = [];
for (const file of ['app.js', 'app.css', 'index.html']) {
  const bytes = await readFile(join(out, file));
  const gzip = gzipSync(bytes, { level: 9 });
  await writeFile(join(out, `${file}.gz`), gzip);
  sizes.push(`dist/dashboard/${file}  ${bytes.length} B (${gzip.length} B gzipped)`);
}
await rm(target, { recursive: true, force: true });
await rename(out, target);
for (const line of sizes) console.log(line);
