import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import {
  findAffiliate,
  insertAffiliate,
  listAffiliates,
  updateAffiliate,
} from '../db/queries/affiliates.ts';
import { toIso } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { isHttpUrlTemplate, sampleUrl } from '../lib/macros.ts';
import { destinationPolicy, destinationProblem } from '../lib/postback-destination.ts';
import {
  DEFAULT_GRACE_HOURS,
  issueApiKey,
  postbackSecret,
  rotatedSecretVersion,
} from '../lib/secrets.ts';
import { publishAffiliate } from '../config/read-model.ts';
import { assertCanRead, requireAdmin, requireAuth } from '../middleware/auth.ts';
import { textField } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses, jsonBody, okContent } from '../schemas/responses.ts';
import { affiliateParams, findOr404, publicBase } from '../http/route-helpers.ts';
import { postbackUrl } from '../lib/postback-url.ts';
import { affiliateJson, affiliateToJson } from '../serializers/affiliate.ts';

const credentials = z.object({
  api_key: z.string().optional(),
  postback_secret: z.string().optional(),
  postback_url: z.string().optional(),
});

const outgoingUrl = z
  .string({ error: 'outgoing_postback_url must be a URL or null' })
  .max(2048, 'outgoing_postback_url must be at most 2048 characters')
  .refine(isHttpUrlTemplate, 'outgoing_postback_url must be an http(s) URL template')
  .nullable();

const createBody = z.strictObject({
  name: textField('name', 100),
  outgoing_postback_url: outgoingUrl.optional(),
});

const updateBody = z.strictObject({
  name: textField('name', 100).optional(),
  status: z.enum(['active', 'disabled'], { error: 'status must be active or disabled' }).optional(),
  outgoing_postback_url: outgoingUrl.optional(),
});

const rotateSecretBody = z.strictObject({
  grace_hours: z
    .number({ error: 'grace_hours must be a number' })
    .int('grace_hours must be whole hours')
    .min(0)
    .max(720)
    .optional(),
});

const listRoute = createRoute({
  operationId: 'listAffiliates',
  method: 'get',
  path: '/affiliates',
  summary:
    'Affiliates the caller can see (all for the admin, itself for an affiliate; an advertiser key is refused)',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: { description: 'Affiliates', content: okContent(z.array(affiliateJson)) },
    ...errorResponses,
  },
});

const createAffiliateRoute = createRoute({
  operationId: 'createAffiliate',
  method: 'post',
  path: '/affiliates',
  summary: 'Create an affiliate (admin); the API key is shown only in this answer',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { body: jsonBody(createBody) },
  responses: {
    201: { description: 'Created', content: okContent(affiliateJson.extend(credentials.shape)) },
    ...errorResponses,
  },
});

const updateRoute = createRoute({
  operationId: 'updateAffiliate',
  method: 'patch',
  path: '/affiliates/{affiliate_id}',
  summary: 'Update an affiliate (admin; an affiliate may set only its own outgoing_postback_url)',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: affiliateParams, body: jsonBody(updateBody) },
  responses: {
    200: { description: 'Updated', content: okContent(affiliateJson) },
    ...errorResponses,
  },
});

const rotateKeyRoute = createRoute({
  operationId: 'rotateAffiliateApiKey',
  method: 'post',
  path: '/affiliates/{affiliate_id}/api-key',
  summary: 'Issue a new API key (admin); the old key stops working at once',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: affiliateParams },
  responses: {
    200: {
      description: 'New key, shown once',
      content: okContent(z.object({ api_key: z.string() })),
    },
    ...errorResponses,
  },
});

const rotateSecretRoute = createRoute({
  operationId: 'rotateAffiliatePostbackSecret',
  method: 'post',
  path: '/affiliates/{affiliate_id}/postback-secret',
  summary:
    'Rotate the postback secret (admin); the previous one is accepted for grace_hours (default 24)',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { params: affiliateParams, body: { ...jsonBody(rotateSecretBody), required: false } },
  responses: {
    200: {
      description: 'New secret',
      content: okContent(credentials.extend({ previous_valid_until: z.string().nullable() })),
    },
    ...errorResponses,
  },
});

// Refuses outgoing URLs that would call this tracker or a private network (SSRF); checked again at send time.
function assertPublicDestination(c: Context<AppEnv>, template: string | null | undefined): void {
  if (!template) return;
  const problem = destinationProblem(
    sampleUrl(template),
    destinationPolicy(c.var.settings, c.req.url),
  );
  if (!problem) return;
  const message = `outgoing_postback_url ${problem}`;
  throw new ApiError('bad_request', message, {
    issues: [{ path: 'outgoing_postback_url', message }],
  });
}

export function registerAffiliateRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(listRoute, async (c) => {
      const p = c.var.principal;
      if (p.role === 'advertiser') {
        throw new ApiError(
          'forbidden',
          "An advertiser key does not list affiliates: read your campaigns' totals across affiliates with GET /advertisers/{id}/summary",
        );
      }
      const rows = await listAffiliates(
        c.var.db,
        p.role === 'affiliate' ? p.affiliateId : undefined,
      );
      return c.json({ success: true as const, data: rows.map(affiliateToJson) }, 200);
    })
    .openapi(createAffiliateRoute, async (c) => {
      const body = c.req.valid('json');
      assertPublicDestination(c, body.outgoing_postback_url);
      const { apiKey, apiKeyHash } = await issueApiKey('ak_');
      const id = await insertAffiliate(c.var.db, {
        name: body.name,
        apiKeyHash,
        outgoingPostbackUrl: body.outgoing_postback_url ?? null,
      });
      const affiliate = await findOr404(findAffiliate(c.var.db, id), `Affiliate ${id}`);
      await publishAffiliate(c.var.config, affiliate);
      const secret = await postbackSecret(
        c.var.settings.TRACKER_SECRET,
        id,
        affiliate.postbackSecretVersion,
      );
      return c.json(
        {
          success: true as const,
          data: {
            ...affiliateToJson(affiliate),
            api_key: apiKey,
            postback_secret: secret,
            postback_url: postbackUrl(publicBase(c), id, secret),
          },
        },
        201,
      );
    })
    .openapi(updateRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      const body = c.req.valid('json');
      assertCanRead(c.var.principal, affiliate_id);
      if (
        c.var.principal.role !== 'admin' &&
        (body.name !== undefined || body.status !== undefined)
      ) {
        throw new ApiError('forbidden', 'Only the admin can change name or status');
      }
      assertPublicDestination(c, body.outgoing_postback_url);
      await findOr404(findAffiliate(c.var.db, affiliate_id), `Affiliate ${affiliate_id}`);
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.status !== undefined && { status: body.status }),
        ...(body.outgoing_postback_url !== undefined && {
          outgoingPostbackUrl: body.outgoing_postback_url,
        }),
      };
      if (Object.keys(changes).length) await updateAffiliate(c.var.db, affiliate_id, changes);
      const affiliate = await findOr404(
        findAffiliate(c.var.db, affiliate_id),
        `Affiliate ${affiliate_id}`,
      );
      await publishAffiliate(c.var.config, affiliate);
      return c.json({ success: true as const, data: affiliateToJson(affiliate) }, 200);
    })
    .openapi(rotateKeyRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      await findOr404(findAffiliate(c.var.db, affiliate_id), `Affiliate ${affiliate_id}`);
      const { apiKey, apiKeyHash } = await issueApiKey('ak_');
      await updateAffiliate(c.var.db, affiliate_id, { apiKeyHash });
      return c.json({ success: true as const, data: { api_key: apiKey } }, 200);
    })
    .openapi(rotateSecretRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      const graceHours =
        (c.req.valid('json') as { grace_hours?: number } | undefined)?.grace_hours ??
        DEFAULT_GRACE_HOURS;
      const current = await findOr404(
        findAffiliate(c.var.db, affiliate_id),
        `Affiliate ${affiliate_id}`,
      );
      const rotation = rotatedSecretVersion(current.postbackSecretVersion, graceHours);
      await updateAffiliate(c.var.db, affiliate_id, rotation);
      const { postbackSecretVersion: version, previousSecretValidUntil: validUntil } = rotation;
      await publishAffiliate(
        c.var.config,
        await findOr404(findAffiliate(c.var.db, affiliate_id), `Affiliate ${affiliate_id}`),
      );
      const secret = await postbackSecret(c.var.settings.TRACKER_SECRET, affiliate_id, version);
      return c.json(
        {
          success: true as const,
          data: {
            postback_secret: secret,
            postback_url: postbackUrl(publicBase(c), affiliate_id, secret),
            previous_valid_until: validUntil && toIso(validUntil),
          },
        },
        200,
      );
    });
}
