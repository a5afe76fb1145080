// The OpenAPI document is generated from the routes' zod definitions by wrangler's build step
// (dev/openapi/build.ts) and uploaded as a static asset, so the worker ships no generator.

/** Where the built document lives among the worker's static assets. */
export const OPENAPI_ASSET = '/openapi.json';

/** What the document says of itself; the generator adds components, paths and webhooks. */
export const DOCUMENT_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Edge affiliate tracker',
    version: '1.0.0',
    description: 'Clicks, S2S postbacks and affiliate reports.',
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
  },
} as const;

/** The built document as a deployment at `base` serves it: its own URL as the one server. */
export function withServers(built: object, base: string): Record<string, unknown> {
  const { openapi, info, ...rest } = built as Record<string, unknown>;
  return { openapi, info, servers: [{ url: base, description: 'This deployment' }], ...rest };
}
