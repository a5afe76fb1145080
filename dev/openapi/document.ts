import { newApp } from '../../worker/app.ts';
import type { Bindings } from '../../worker/env.ts';

// Enough configuration for the app to answer /openapi.json, which reads no binding.
export const documentOnlyEnv = {
  DATABASE_URL: 'https://user:password@db.invalid',
  ADMIN_TOKEN: 'document-only-admin-token-0123456789',
  TRACKER_SECRET: 'document-only-tracker-secret-0123456789abcdef',
  DASHBOARD_ORIGIN: 'https://dashboard.shop.test',
} as Partial<Bindings> as Bindings;

/** The OpenAPI document exactly as a deployment at `origin` serves it at GET /openapi.json. */
export async function openApiDocument(
  origin = 'https://tracking.shop.test',
): Promise<Record<string, unknown>> {
  const res = await newApp().request(`${origin}/openapi.json`, {}, documentOnlyEnv);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
