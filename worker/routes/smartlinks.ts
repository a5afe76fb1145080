import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Smartlink } from '../../drizzle/schema.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import {
  deleteSmartlink,
  findSmartlink,
  insertSmartlink,
  listSmartlinks,
  updateSmartlink,
} from '../db/queries/smartlinks.ts';
import { ApiError } from '../errors.ts';
import { findOr404, publicBase } from '../http/route-helpers.ts';
import { smartlinkJson, smartlinkToJson } from '../serializers/smartlink.ts';
import { publishSmartlink } from '../config/read-model.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import { idParam, textField } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';

const entry = z.strictObject({
  campaign_id: z
    .number({ error: 'campaign_id must be a number' })
    .int('campaign_id must be a whole number')
    .min(1, 'campaign_id must be positive')
    .max(2147483647, 'campaign_id is too large'),
  weight: z
    .number({ error: 'weight must be a number' })
    .int('weight must be a whole number')
    .min(0, 'weight must not be negative')
    .max(1_000_000, 'weight must be at most 1000000'),
});

const campaignsField = z
  .array(entry, {
    error: (issue) =>
      issue.input === undefined
        ? 'campaigns is required'
        : 'campaigns must be a list of {campaign_id, weight}',
  })
  .min(1, 'campaigns needs at least one campaign')
  .max(50, 'campaigns has at most 50 entries')
  .refine(
    (list) => new Set(list.map((e) => e.campaign_id)).size === list.length,
    'campaigns lists a campaign twice',
  )
  .refine((list) => list.some((e) => e.weight > 0), 'campaigns: the weights must sum above zero');

const smartlinkStatus = z.enum(['active', 'paused'], { error: 'status must be active or paused' });

const createBody = z.strictObject({
  name: textField('name', 100),
  campaigns: campaignsField,
  status: smartlinkStatus.optional(),
});
const updateBody = z.strictObject({
  name: textField('name', 100).optional(),
  campaigns: campaignsField.optional(),
  status: smartlinkStatus.optional(),
});
const smartlinkParams = z.object({ smartlink_id: idParam('smartlink_id') });

const admin = { ...bearerSecurity };

const listRoute = createRoute({
  operationId: 'listSmartlinks',
  method: 'get',
  path: '/smartlinks',
  summary: 'Smartlinks (admin)',
  ...admin,
  middleware: [requireAuth(), requireAdmin()] as const,
  responses: {
    200: { description: 'Smartlinks', content: okContent(z.array(smartlinkJson)) },
    ...errorResponses,
  },
});

const createSmartlinkRoute = createRoute({
  operationId: 'createSmartlink',
  method: 'post',
  path: '/smartlinks',
  summary: 'Create a smartlink (admin)',
  ...admin,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { body: jsonBody(createBody) },
  responses: {
    201: { description: 'Created', content: okContent(smartlinkJson) },
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  operationId: 'updateSmartlink',
  method: 'patch',
  path: '/smartlinks/{smartlink_id}',
  summary: 'Update a smartlink (admin)',
  ...admin,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: smartlinkParams, body: jsonBody(updateBody) },
  responses: {
    200: { description: 'Updated', content: okContent(smartlinkJson) },
    ...errorResponses,
  },
});

const deleteRoute = createRoute({
  operationId: 'deleteSmartlink',
  method: 'delete',
  path: '/smartlinks/{smartlink_id}',
  summary: 'Delete a smartlink (admin)',
  ...admin,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: smartlinkParams },
  responses: {
    200: { description: 'Deleted', content: okContent(z.object({ id: z.number().int() })) },
    ...errorResponses,
  },
});

const mustFind = (c: Context<AppEnv>, id: number): Promise<Smartlink> =>
  findOr404(findSmartlink(c.var.db, id), `Smartlink ${id}`);

async function checkCampaigns(
  c: Context<AppEnv>,
  entries: { campaign_id: number }[],
): Promise<void> {
  const found = await Promise.all(entries.map((e) => findCampaign(c.var.db, e.campaign_id)));
  const missing = entries.filter((_, i) => !found[i]).map((e) => e.campaign_id);
  if (missing.length)
    throw new ApiError(
      'bad_request',
      `Invalid body field: campaigns: no campaign ${missing.join(', ')}`,
      { issues: [{ path: 'campaigns', message: `no campaign ${missing.join(', ')}` }] },
    );
}

export function registerSmartlinkRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(listRoute, async (c) => {
      const rows = await listSmartlinks(c.var.db);
      return c.json(
        { success: true as const, data: rows.map((s) => smartlinkToJson(s, publicBase(c))) },
        200,
      );
    })
    .openapi(createSmartlinkRoute, async (c) => {
      const body = c.req.valid('json');
      await checkCampaigns(c, body.campaigns);
      const id = await insertSmartlink(c.var.db, {
        name: body.name,
        campaigns: JSON.stringify(body.campaigns),
        ...(body.status && { status: body.status }),
      });
      const smartlink = await mustFind(c, id);
      await publishSmartlink(c.var.config, id, smartlink);
      return c.json(
        { success: true as const, data: smartlinkToJson(smartlink, publicBase(c)) },
        201,
      );
    })
    .openapi(updateRoute, async (c) => {
      const { smartlink_id } = c.req.valid('param');
      const body = c.req.valid('json');
      if (body.campaigns) await checkCampaigns(c, body.campaigns);
      await mustFind(c, smartlink_id);
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.campaigns !== undefined && { campaigns: JSON.stringify(body.campaigns) }),
      };
      if (Object.keys(changes).length) await updateSmartlink(c.var.db, smartlink_id, changes);
      const smartlink = await mustFind(c, smartlink_id);
      await publishSmartlink(c.var.config, smartlink_id, smartlink);
      return c.json(
        { success: true as const, data: smartlinkToJson(smartlink, publicBase(c)) },
        200,
      );
    })
    .openapi(deleteRoute, async (c) => {
      const { smartlink_id } = c.req.valid('param');
      await mustFind(c, smartlink_id);
      await deleteSmartlink(c.var.db, smartlink_id);
      await publishSmartlink(c.var.config, smartlink_id, undefined);
      return c.json({ success: true as const, data: { id: smartlink_id } }, 200);
    });
}
