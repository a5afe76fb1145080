import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../stack/worker-process.ts';
import { openApiDocument } from './document.ts';
import { apiMarkdown, type OpenApi } from './markdown.ts';

export const apiDocsPath = join(repoRoot, 'docs', 'api.md');

// Formatted as `npm run format` would, so the lint accepts the committed file as generated.
function formatted(markdown: string): string {
  return execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'biome'),
    ['format', '--stdin-file-path=docs/api.md'],
    { cwd: repoRoot, input: markdown, encoding: 'utf8' },
  );
}

/** docs/api.md as the current routes would generate it. */
export async function generatedApiDocs(): Promise<string> {
  return formatted(apiMarkdown((await openApiDocument()) as unknown as OpenApi));
}

export const committedApiDocs = () => readFileSync(apiDocsPath, 'utf8');

// `npm run docs:api`: regenerates docs/api.md from the routes' OpenAPI document.
if (import.meta.main) {
  writeFileSync(apiDocsPath, await generatedApiDocs());
  console.log(`Wrote ${apiDocsPath}`);
}
