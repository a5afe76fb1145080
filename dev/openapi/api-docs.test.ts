import { describe, expect, it } from 'vitest';
import { committedApiDocs, generatedApiDocs } from './api-docs.ts';

describe('docs/api.md', () => {
  it('is what npm run docs:api generates from the current OpenAPI document', async () => {
    const generated = await generatedApiDocs();
    expect(
      committedApiDocs() === generated,
      'docs/api.md is stale: run npm run docs:api and commit the result',
    ).toBe(true);
  });

  it('has an entry for every operation the worker serves', async () => {
    const docs = committedApiDocs();
    const { openApiDocument } = await import('./document.ts');
    const doc = (await openApiDocument()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops))
        expect(docs).toContain(`### \`${method.toUpperCase()} ${path}\``);
  });
});
