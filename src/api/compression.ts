import { negotiate } from '@fastify/accept-negotiator';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/**
 * Bodies of at least this many characters of JSON go gzipped to clients that take it. Below
 * it the saving is a few KiB; above it are the list views, counts and pages (a page of 100
 * transfers is ~0.8 MiB of JSON at 100k events, ~70 KiB gzipped; 6-7 MiB at 1M).
 */
export const GZIP_MIN_CHARS = 32 * 1024;

const gzipText = promisify(gzip);

/**
 * The gzip bytes of each body's JSON text. The ledger hands out the same body object until the
 * log moves, so a body asked for again and again (counts under polling dashboards) is
 * compressed once; the bytes go when the body does. zlib compresses on libuv's thread pool,
 * so the event loop goes on answering meanwhile.
 */
const gzipped = new WeakMap<object, Promise<Buffer>>();

/** Whether an Accept-Encoding header takes gzip over the body as it is (`identity`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return acceptEncoding !== undefined && negotiate(acceptEncoding, ['gzip', 'identity']) === 'gzip';
}

/** `text` (the JSON of `body`) gzipped, made once per body object. */
export function gzippedJson(body: object, text: string): Promise<Buffer> {
  let bytes = gzipped.get(body);
  if (bytes === undefined) {
    bytes = gzipText(text);
    gzipped.set(body, bytes);
    // A failed compression is not kept: the next request tries again.
    bytes.catch(() => gzipped.delete(body));
  }
  return bytes;
}
