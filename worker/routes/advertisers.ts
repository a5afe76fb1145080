import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Advertiser } from '../../drizzle/schema.ts';
import type { AppEnv } from '../app-env.ts';
import {
  findAdvertiser,
  insertAdvertiser,
  listAdvertisers,
  updateAdvertiser,
} from '../db/queries/advertisers.ts';
import { ApiError } from '../errors.ts';
import {
  advertiserParams,
  findOr404,
  publicBase,
  readableAdvertiser,
} from '../http/route-helpers.ts';
import { publishAdvertiser } from '../config/read-model.ts';
import { DEFAULT_GRACE_HOURS, issueApiKey, rotatedSecretVersion } from '../lib/secrets.ts';
import { ADVERTISER_KEY_PREFIX, requireAdmin, requireAuth } from '../middleware/auth.ts';
import { textField } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';
import { nullableStatusMapField, storeStatusMap } from '../schemas/status-map.ts';
import { advertiserJson, advertiserToJson } from '../serializers/advertiser.ts';

const status = z.enum(['active', 'paused'], { error: 'status must be active or paused' });
const statusMap = nullableStatusMapField;

const createBody = z.strictObject({
  name: textField('name', 100),
  status: status.optional(),
  status_map: statusMap.optional(),
});

const updateBody = z.strictObject({
  name: textField('name', 100).optional(),
  status: status.optional(),
  status_map: statusMap.optional(),
});

const rotateSecretBody = z.strictObject({
  grace_hours: z
    .number({ error: 'grace_hours must be a number of hours from 0 to 720' })
    .int('grace_hours must be whole hours')
    .min(0, 'grace_hours must be from 0 to 720')
    .max(720, 'grace_hours must be from 0 to 720')
    .optional(),
});

const listRoute = createRoute({
  operationId: 'listAdvertisers',
  method: 'get',
  path: '/advertisers',
  summary: 'Advertisers the caller can see (all for the admin, itself for an advertiser)',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: { description: 'Advertisers', content: okContent(z.array(advertiserJson)) },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  operationId: 'getAdvertiser',
  method: 'get',
  path: '/advertisers/{advertiser_id}',
  summary:
    'One advertiser with its postback URL, token and signing secret (admin, or the advertiser itself)',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: advertiserParams },
  responses: {
    200: { description: 'Advertiser', content: okContent(advertiserJson) },
    ...errorResponses,
  },
});

const createAdvertiserRoute = createRoute({
  operationId: 'createAdvertiser',
  method: 'post',
  path: '/advertisers',
  summary: 'Create an advertiser (admin); the API key is shown only in this answer',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { body: jsonBody(createBody) },
  responses: {
    201: {
      description: 'Created',
      content: okContent(advertiserJson.extend({ api_key: z.string() })),
    },
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  operationId: 'updateAdvertiser',
  method: 'patch',
  path: '/advertisers/{advertiser_id}',
  summary: "Update an advertiser (admin); a paused advertiser's key and postbacks are refused",
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: advertiserParams, body: jsonBody(updateBody) },
  responses: {
    200: { description: 'Updated', content: okContent(advertiserJson) },
    ...errorResponses,
  },
});

const rotateKeyRoute = createRoute({
  operationId: 'rotateAdvertiserApiKey',
  method: 'post',
  path: '/advertisers/{advertiser_id}/api-key',
  summary: 'Issue a new API key (admin); the old key stops working at once',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: advertiserParams },
  responses: {
    200: {
      description: 'New key, shown once',
      content: okContent(z.object({ api_key: z.string() })),
    },
    ...errorResponses,
  },
});

const rotateSecretRoute = createRoute({
  operationId: 'rotateAdvertiserPostbackSecret',
  method: 'post',
  path: '/advertisers/{advertiser_id}/postback-secret',
  summary: `Rotate the postback token and signing secret (admin); the previous ones are accepted for grace_hours (default ${DEFAULT_GRACE_HOURS}, 0 ends them at once)`,
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: advertiserParams, body: { ...jsonBody(rotateSecretBody), required: false } },
  responses: {
    200: {
      description: 'The advertiser with its new credentials',
      content: okContent(advertiserJson),
    },
    ...errorResponses,
  },
});

async function serialize(c: Context<AppEnv>, advertiser: Advertiser) {
  return advertiserToJson(advertiser, {
    trackerSecret: c.var.settings.TRACKER_SECRET,
    publicBase: publicBase(c),
  });
}

// Re-reads the row after a write and hands it to the edge, so /postback sees the change.
async function published(c: Context<AppEnv>, id: number): Promise<Advertiser> {
  const advertiser = await findOr404(findAdvertiser(c.var.db, id), `Advertiser ${id}`);
  await publishAdvertiser(c.var.config, advertiser);
  return advertiser;
}

export function registerAdvertiserRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(listRoute, async (c) => {
      const p = c.var.principal;
      if (p.role === 'affiliate')
        throw new ApiError(
          'forbidden',
          'GET /advertisers is for the admin and advertisers; an affiliate reads GET /me and its own /affiliates/{id} pages',
        );
      const rows =
        p.role === 'admin'
          ? await listAdvertisers(c.var.db)
          : [await readableAdvertiser(c, p.advertiserId)];
      return c.json(
        { success: true as const, data: await Promise.all(rows.map((a) => serialize(c, a))) },
        200,
      );
    })
    .openapi(getRoute, async (c) => {
      const { advertiser_id } = c.req.valid('param');
      const advertiser = await readableAdvertiser(c, advertiser_id);
      return c.json({ success: true as const, data: await serialize(c, advertiser) }, 200);
    })
    .openapi(createAdvertiserRoute, async (c) => {
      const body = c.req.valid('json');
      const { apiKey, apiKeyHash } = await issueApiKey(ADVERTISER_KEY_PREFIX);
      const id = await insertAdvertiser(c.var.db, {
        name: body.name,
        apiKeyHash,
        ...(body.status !== undefined && { status: body.status }),
        statusMap: storeStatusMap(body.status_map ?? null),
      });
      const advertiser = await published(c, id);
      return c.json(
        { success: true as const, data: { ...(await serialize(c, advertiser)), api_key: apiKey } },
        201,
      );
    })
    .openapi(updateRoute, async (c) => {
      const { advertiser_id } = c.req.valid('param');
      const body = c.req.valid('json');
      await findOr404(findAdvertiser(c.var.db, advertiser_id), `Advertiser ${advertiser_id}`);
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.status_map !== undefined && { statusMap: storeStatusMap(body.status_map) }),
      };
      if (Object.keys(changes).length) await updateAdvertiser(c.var.db, advertiser_id, changes);
      return c.json(
        { success: true as const, data: await serialize(c, await published(c, advertiser_id)) },
        200,
      );
    })
    .openapi(rotateKeyRoute, async (c) => {
      const { advertiser_id } = c.req.valid('param');
      await findOr404(findAdvertiser(c.var.db, advertiser_id), `Advertiser ${advertiser_id}`);
      const { apiKey, apiKeyHash } = await issueApiKey(ADVERTISER_KEY_PREFIX);
      await updateAdvertiser(c.var.db, advertiser_id, { apiKeyHash });
      await published(c, advertiser_id);
      return c.json({ success: true as const, data: { api_key: apiKey } }, 200);
    })
    .openapi(rotateSecretRoute, async (c) => {
      const { advertiser_id } = c.req.valid('param');
      const graceHours =
        (c.req.valid('json') as { grace_hours?: number } | undefined)?.grace_hours ??
        DEFAULT_GRACE_HOURS;
      const current = await findOr404(
        findAdvertiser(c.var.db, advertiser_id),
        `Advertiser ${advertiser_id}`,
      );
      await updateAdvertiser(
        c.var.db,
        advertiser_id,
        rotatedSecretVersion(current.postbackSecretVersion, graceHours),
      );
      const advertiser = await published(c, advertiser_id);
      return c.json({ success: true as const, data: await serialize(c, advertiser) }, 200);
    });
}
