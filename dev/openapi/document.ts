import { newApp } from '../../worker/app.ts';
import type { Bindings } from '../../worker/env.ts';
import { DOCUMENT_INFO } from '../../worker/openapi/document.ts';

/** The OpenAPI document generated from the routes' zod definitions, before a deployment adds its server. */
export function builtDocument(): object {
  return newApp().getOpenAPI31Document(DOCUMENT_INFO);
}

// Enough configuration for the app to answer /openapi.json, with the built document as its asset.
export const documentOnlyEnv = {
  DATABASE_URL: 'https://user:password@db.invalid',
  ADMIN_TOKEN: 'document-only-admin-token-0123456789',
  TRACKER_SECRET: 'document-only-tracker-secret-0123456789abcdef',
  DASHBOARD_ORIGIN: 'https://dashboard.shop.test',
  ASSETS: { fetch: async () => Response.json(builtDocument()) } as Pick<
    Fetcher,
    'fetch'
  > as Fetcher,
} as Partial<Bindings> as Bindings;

/** The OpenAPI document exactly as a deployment at `origin` serves it at GET /openapi.json. */
export async function openApiDocument(
  origin = 'https://tracking.shop.test',
): Promise<Record<string, unknown>> {
  const res = await newApp().request(`${origin}/openapi.json`, {}, documentOnlyEnv);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
