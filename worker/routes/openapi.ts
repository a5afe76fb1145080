import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { publicBase } from '../http/route-helpers.ts';
import { OPENAPI_ASSET, withServers } from '../openapi/document.ts';

export function registerOpenApiRoutes(app: OpenAPIHono<AppEnv>) {
  return app.get('/openapi.json', async (c) => {
    const asset = await c.env.ASSETS.fetch(new URL(OPENAPI_ASSET, c.req.url));
    if (!asset.ok) throw new Error(`the OpenAPI document asset answered ${asset.status}`);
    return c.json(withServers(await asset.json(), publicBase(c)));
  });
}
