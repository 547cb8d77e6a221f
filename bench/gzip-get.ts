import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface GzipGetResult {
  status: number;
  text: string;
  /** Bytes on the wire: the gzip when the server compressed, else the text's. */
  wireBytes: number;
  gzipped: boolean;
}

/**
 * GET as a browser asks for it (`Accept-Encoding: gzip`), the body read whole and then
 * inflated. The benchmark's client runs in the server's process: `fetch` inflates each chunk
 * on the thread pool as it comes, and each chunk then waits for the server's own event loop
 * (busy loading a checkpoint after a restart), which a client of its own would not.
 */
export function gzipGet(url: string): Promise<GzipGetResult> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const wire = Buffer.concat(chunks);
        const gzipped = response.headers['content-encoding'] === 'gzip';
        resolve({ status: response.statusCode ?? 0, text: (gzipped ? gunzipSync(wire) : wire).toString('utf8'), wireBytes: wire.length, gzipped });
      });
    }).on('error', reject);
  });
}
