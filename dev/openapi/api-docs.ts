import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../stack/worker-process.ts';
import { openApiDocument } from './document.ts';
import { apiMarkdown, type OpenApi } from './markdown.ts';

export const apiDocsPath = join(repoRoot, 'docs', 'api.md');

/** docs/api.md as the current routes would generate it. */
export async function generatedApiDocs(): Promise<string> {
  return apiMarkdown((await openApiDocument()) as unknown as OpenApi);
}

export const committedApiDocs = () => readFileSync(apiDocsPath, 'utf8');

// `npm run docs:api`: regenerates docs/api.md from the routes' OpenAPI document.
if (import.meta.main) {
  writeFileSync(apiDocsPath, await generatedApiDocs());
  console.log(`Wrote ${apiDocsPath}`);
}
