import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, GZIP_ON_LOOP_MAX_CHARS, gzippedJson } from '../../src/api/compression.js';

const jsonOfLength = (chars: number) => JSON.stringify({ text: 'claim '.repeat(Math.ceil(chars / 6)) });

describe('gzip of a body, made once per body', () => {
  it('up to GZIP_ON_LOOP_MAX_CHARS: the bytes at once, and the same bytes for the same body', () => {
    const body = {};
    const text = jsonOfLength(GZIP_ON_LOOP_MAX_CHARS - 100);
    const bytes = gzippedJson(body, text);
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(gunzipSync(bytes as Buffer).toString('utf8')).toBe(text);
    expect(gzippedJson(body, text)).toBe(bytes);
  });

  it('larger: compressed on the thread pool, once, however many ask meanwhile', async () => {
    const body = {};
    const text = jsonOfLength(GZIP_ON_LOOP_MAX_CHARS + 100);
    const first = gzippedJson(body, text);
    expect(first).toBeInstanceOf(Promise);
    expect(gzippedJson(body, text)).toBe(first);
    const bytes = await first;
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    // Once made, the bytes themselves.
    expect(gzippedJson(body, text)).toBe(bytes);
  });

  it('another body of the same text: compressed for itself', () => {
    const text = jsonOfLength(1000);
    expect(gzippedJson({}, text)).not.toBe(gzippedJson({}, text));
  });
});

describe('whether a client takes gzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.8', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['identity;q=1, gzip;q=0.5', false],
    ['deflate', false],
    ['', false],
  ])('Accept-Encoding: %j → %s', (header, takes) => {
    expect(acceptsGzip(header)).toBe(takes);
  });

  it('no Accept-Encoding at all: the body as it is', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
