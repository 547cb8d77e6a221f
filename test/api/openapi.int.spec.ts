import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

describe('OpenAPI', () => {
  it('is an OpenAPI 3 document with every route of DESIGN §7', async () => {
    const response = await api.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/claims/{id}', '/commands', '/counts', '/diff', '/events', '/facilities', '/health', '/history/{subject}', '/transfers', '/transfers/{id}'].sort(),
    );
  });

  it('describes POST /commands with the domain command schemas, one object or an array', async () => {
    const doc = (await api.app.inject({ url: '/docs/json' })).json();
    const schema = doc.paths['/commands'].post.requestBody.content['application/json'].schema;
    const text = JSON.stringify(schema);
    for (const type of ['RegisterSource', 'RecordReport', 'AssertClaim', 'AmendClaim', 'RetractClaim', 'AliasSubject']) {
      expect(text).toContain(`"${type}"`);
    }
    expect(schema.anyOf.map((option: { type?: string }) => option.type)).toContain('array');
  });

  it('documents asOf on the reads', async () => {
    const doc = (await api.app.inject({ url: '/docs/json' })).json();
    for (const path of ['/transfers', '/transfers/{id}', '/counts', '/facilities', '/claims/{id}', '/history/{subject}', '/events']) {
      const names = doc.paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(names, path).toContain('asOf');
    }
  });

  it('documents the paging of the list views, and their next', async () => {
    const doc = (await api.app.inject({ url: '/docs/json' })).json();
    for (const [path, list] of [
      ['/transfers', 'transfers'],
      ['/facilities', 'facilities'],
    ] as const) {
      const names = doc.paths[path].get.parameters.map((p: { name: string }) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['limit', 'after']));
      const body = doc.paths[path].get.responses['200'].content['application/json'].schema;
      expect(Object.keys(body.properties), path).toEqual(['asOf', list, 'next']);
      expect(body.required, path).not.toContain('next');
    }
  });

  it('serves the UI at /docs', async () => {
    const response = await api.app.inject({ url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
  });
});
