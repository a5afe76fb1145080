// wrangler's custom build step ([build] in wrangler.toml) and the worker tests' setup: writes the
// OpenAPI document generated from the routes into the static assets that GET /openapi.json serves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_ASSET } from '../../worker/openapi/document.ts';
import { builtDocument } from './document.ts';

// [assets] directory in wrangler.toml.
export const assetsDir = fileURLToPath(new URL('../../dist/worker-assets', import.meta.url));

export function writeOpenApiAsset(): string {
  const file = join(assetsDir, OPENAPI_ASSET);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(builtDocument()));
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeOpenApiAsset();
