import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { idParam } from '../schemas/fields.ts';
import { publicSecurity } from '../schemas/responses.ts';
import { trackingQuery, trackingResponses } from '../schemas/tracking-link.ts';
import { trackClick, visitorHook } from '../tracking/track-click.ts';
import { trackSmartlinkClick } from '../tracking/track-smartlink.ts';

const clickQuery = trackingQuery.extend({
  affiliate_id: idParam('affiliate_id'),
  campaign_id: idParam('campaign_id'),
});

const shortLinkParams = z.object({
  campaign_id: idParam('campaign_id'),
  affiliate_id: idParam('affiliate_id'),
});

const clickRoute = createRoute({
  operationId: 'trackClick',
  method: 'get',
  path: '/click',
  summary: 'Track a click (tracking link)',
  ...publicSecurity,
  request: { query: clickQuery },
  responses: trackingResponses,
});

const shortLinkRoute = createRoute({
  operationId: 'trackShortLinkClick',
  method: 'get',
  path: '/c/{campaign_id}/{affiliate_id}',
  summary: 'Track a click (short tracking link)',
  ...publicSecurity,
  request: { params: shortLinkParams, query: trackingQuery },
  responses: trackingResponses,
});


const smartlinkParams = z.object({
  smartlink_id: idParam('smartlink_id'),
  affiliate_id: idParam('affiliate_id'),
});

const smartlinkRoute = createRoute({
  operationId: 'trackSmartlinkClick',
  method: 'get',
  path: '/s/{smartlink_id}/{affiliate_id}',
  summary: 'Track a click through a smartlink: the campaign is chosen per visitor by rules and weights',
  ...publicSecurity,
  request: { params: smartlinkParams, query: trackingQuery },
  responses: trackingResponses,
});

export function registerClickRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(clickRoute, (c) => trackClick(c, c.req.valid('query')), visitorHook)
    .openapi(shortLinkRoute, (c) => trackClick(c, { ...c.req.valid('query'), ...c.req.valid('param') }), visitorHook)
    .openapi(smartlinkRoute, (c) => trackSmartlinkClick(c, { ...c.req.valid('query'), ...c.req.valid('param') }), visitorHook);
}

