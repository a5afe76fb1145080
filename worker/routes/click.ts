import { createRoute, z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { idParam } from '../schemas/fields.ts';
import { publicSecurity } from '../schemas/responses.ts';
import { trackingQuery, trackingResponses } from '../schemas/tracking-link.ts';
import { trackClick, visitorHook } from '../http/track-click.ts';
import { trackSmartlinkClick } from '../http/track-smartlink.ts';

const clickQuery = trackingQuery.extend({
  affiliate_id: idParam('affiliate_id'),
  campaign_id: idParam('campaign_id'),
});

const shortLinkParams = z.object({
  campaign_id: idParam('campaign_id'),
  affiliate_id: idParam('affiliate_id'),
});

const smartlinkParams = z.object({
  smartlink_id: idParam('smartlink_id'),
  affiliate_id: idParam('affiliate_id'),
});

// A tracking link: public, answered with a redirect (or the seed's JSON).
const trackingRoute = <P extends string, R extends RouteConfig['request']>(
  operationId: string,
  path: P,
  summary: string,
  request: R,
) =>
  createRoute({
    operationId,
    method: 'get',
    path,
    summary,
    ...publicSecurity,
    request,
    responses: trackingResponses,
  });

const clickRoute = trackingRoute('trackClick', '/click', 'Track a click (tracking link)', {
  query: clickQuery,
});
const shortLinkRoute = trackingRoute(
  'trackShortLinkClick',
  '/c/{campaign_id}/{affiliate_id}',
  'Track a click (short tracking link)',
  {
    params: shortLinkParams,
    query: trackingQuery,
  },
);
const smartlinkRoute = trackingRoute(
  'trackSmartlinkClick',
  '/s/{smartlink_id}/{affiliate_id}',
  'Track a click through a smartlink: the campaign is chosen per visitor by rules and weights',
  { params: smartlinkParams, query: trackingQuery },
);

export function registerClickRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(clickRoute, (c) => trackClick(c, c.req.valid('query')), visitorHook)
    .openapi(
      shortLinkRoute,
      (c) => trackClick(c, { ...c.req.valid('query'), ...c.req.valid('param') }),
      visitorHook,
    )
    .openapi(
      smartlinkRoute,
      (c) => trackSmartlinkClick(c, { ...c.req.valid('query'), ...c.req.valid('param') }),
      visitorHook,
    );
}
