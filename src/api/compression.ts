import { negotiate } from '@fastify/accept-negotiator';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';

/**
 * Bodies of at least this many characters of JSON go gzipped to clients that take it. Below
 * it the saving is a few KiB; above it are the list views, counts and pages (a page of 100
 * transfers is ~0.8 MiB of JSON at 100k events, ~70 KiB gzipped; 6-7 MiB at 1M).
 */
export const GZIP_MIN_CHARS = 32 * 1024;

/**
 * Bodies up to this size are compressed on the event loop, at once: 11-15 ms for counts at 1M
 * events (0.81 MiB), where writing its JSON takes ~6 ms. Handed to the thread pool instead,
 * the answer waited for the event loop to come back to it, which while a restart loads its
 * checkpoint a piece at a time made the first /counts 0.1-0.2 s later. Larger bodies (a page
 * of 100 transfers at 1M events, 7.2 MiB: 79-89 ms) go to the thread pool, where they hold
 * nothing up.
 */
export const GZIP_ON_LOOP_MAX_CHARS = 1024 * 1024;

const gzipOnPool = promisify(gzip);

/**
 * The gzip bytes of each body's JSON text (or their compression under way). The ledger hands
 * out the same body object until the log moves, so a body asked for again and again (counts
 * under polling dashboards) is compressed once; the bytes go when the body does.
 */
const gzipped = new WeakMap<object, Buffer | Promise<Buffer>>();

/** Whether an Accept-Encoding header takes gzip over the body as it is (`identity`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return acceptEncoding !== undefined && negotiate(acceptEncoding, ['gzip', 'identity']) === 'gzip';
}

/** `text` (the JSON of `body`) gzipped, made once per body object: the bytes, or their promise. */
export function gzippedJson(body: object, text: string): Buffer | Promise<Buffer> {
  const known = gzipped.get(body);
  if (known !== undefined) return known;
  if (text.length <= GZIP_ON_LOOP_MAX_CHARS) {
    const bytes = gzipSync(text);
    gzipped.set(body, bytes);
    return bytes;
  }
  const pending = gzipOnPool(text).then(
    (bytes) => {
      gzipped.set(body, bytes);
      return bytes;
    },
    (error: unknown) => {
      // A failed compression is not kept: the next request tries again.
      gzipped.delete(body);
      throw error;
    },
  );
  gzipped.set(body, pending);
  return pending;
}
