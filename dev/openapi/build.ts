// wrangler's custom build step ([build] in wrangler.toml) and the worker tests' setup: writes the
// OpenAPI document generated from the routes into the static assets that GET /openapi.json serves.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_ASSET } from '../../worker/openapi/document.ts';
import { builtDocument } from './document.ts';

// [assets] directory in wrangler.toml.
export const assetsDir = fileURLToPath(new URL('../../dist/worker-assets', import.meta.url));

export function writeOpenApiAsset(): string {
  const file = join(assetsDir, OPENAPI_ASSET);
  mkdirSync(dirname(file), { recursive: true });
  // Whole or not at all (the worker tests' setup and a wrangler build may write it at the same
  // time), and never a half-written file among the assets.
  const partial = join(assetsDir, '..', `openapi.${process.pid}.tmp`);
  writeFileSync(partial, JSON.stringify(builtDocument()));
  renameSync(partial, file);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeOpenApiAsset();
