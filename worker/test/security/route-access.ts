import { newApp } from '../../app.ts';

/**
 * Who may call each route. A route missing here fails the matrix, so every new route is classified.
 * - any-key: the admin, any affiliate, any advertiser (each sees its own view).
 * - admin-or-affiliate: the admin and affiliates; an advertiser key is refused (403).
 * - admin-or-advertiser: the admin and advertisers (an advertiser sees its own); an affiliate key is refused (403).
 * - own-affiliate: the admin, or the affiliate in the path; everyone else 404, advertisers included.
 * - own-advertiser: the admin, or the advertiser in the path; everyone else 404.
 * - own-campaign: the admin, or the advertiser owning the campaign in the path; everyone else 404.
 * - admin: the admin token only; every key 403.
 */
export type Access =
  | 'public'
  | 'any-key'
  | 'admin-or-affiliate'
  | 'admin-or-advertiser'
  | 'own-affiliate'
  | 'own-advertiser'
  | 'own-campaign'
  | 'admin'
  | 'live-ticket';

export const routeAccess: Record<string, Access> = {
  'GET /health': 'public',
  'GET /openapi.json': 'public',
  'GET /click': 'public',
  'GET /c/:campaign_id/:affiliate_id': 'public',
  'GET /s/:smartlink_id/:affiliate_id': 'public',
  // Postbacks carry their own credential (token or signature): see postback-forgery.test.ts.
  'GET /postback': 'public',
  'POST /postback': 'public',
  'GET /postback/:preset': 'public',
  'POST /postback/:preset': 'public',
  'GET /me': 'any-key',
  'GET /affiliates': 'admin-or-affiliate',
  'GET /campaigns': 'any-key',
  'GET /campaigns/:campaign_id': 'own-campaign',
  'GET /advertisers': 'admin-or-advertiser',
  'GET /advertisers/:advertiser_id': 'own-advertiser',
  'GET /advertisers/:advertiser_id/summary': 'own-advertiser',
  'POST /advertisers': 'admin',
  'PATCH /advertisers/:advertiser_id': 'admin',
  'POST /advertisers/:advertiser_id/api-key': 'admin',
  'POST /advertisers/:advertiser_id/postback-secret': 'admin',
  'PATCH /affiliates/:affiliate_id': 'own-affiliate',
  'GET /affiliates/:affiliate_id/postback-url': 'own-affiliate',
  'GET /affiliates/:affiliate_id/outgoing-postbacks': 'own-affiliate',
  'GET /affiliates/:affiliate_id/clicks': 'own-affiliate',
  'GET /affiliates/:affiliate_id/conversions': 'own-affiliate',
  'GET /affiliates/:affiliate_id/clicks.csv': 'own-affiliate',
  'GET /affiliates/:affiliate_id/conversions.csv': 'own-affiliate',
  'GET /affiliates/:affiliate_id/summary': 'own-affiliate',
  'GET /affiliates/:affiliate_id/stats': 'own-affiliate',
  'GET /affiliates/:affiliate_id/quality': 'own-affiliate',
  'GET /quality': 'admin',
  'GET /affiliates/:affiliate_id/stats.csv': 'own-affiliate',
  'POST /affiliates': 'admin',
  'POST /affiliates/:affiliate_id/api-key': 'admin',
  'POST /affiliates/:affiliate_id/postback-secret': 'admin',
  'POST /campaigns': 'admin',
  'PATCH /campaigns/:campaign_id': 'admin',
  'GET /campaigns/:campaign_id/rules': 'own-campaign',
  'PUT /campaigns/:campaign_id/rules': 'admin',
  'POST /campaigns/:campaign_id/rules/preview': 'own-campaign',
  'GET /campaigns/:campaign_id/payout-rules': 'own-campaign',
  'PUT /campaigns/:campaign_id/payout-rules': 'admin',
  'GET /campaigns/:campaign_id/payout-rules/preview': 'own-campaign',
  'GET /campaigns/:campaign_id/caps': 'own-campaign',
  'PUT /campaigns/:campaign_id/caps': 'admin',
  'GET /smartlinks': 'admin',
  'POST /smartlinks': 'admin',
  'PATCH /smartlinks/:smartlink_id': 'admin',
  'DELETE /smartlinks/:smartlink_id': 'admin',
  // Any key gets a ticket for its own scope; the WebSocket takes only that ticket (matrix below).
  'POST /live/ticket': 'any-key',
  'GET /live': 'live-ticket',
  'GET /conversions': 'admin-or-advertiser',
  'PATCH /conversions/:conversion_id': 'admin-or-advertiser',
  'POST /conversions/review': 'admin-or-advertiser',
  'GET /conversions/:conversion_id/history': 'admin-or-advertiser',
  'GET /postback-log': 'admin-or-advertiser',
};

// POST routes that act on existing things and answer 200, not 201.
export const actionPosts = new Set(['POST /conversions/review']);

// A body each write route accepts from a caller allowed to use it.
export const validBodies: Record<string, unknown> = {
  'POST /affiliates': { name: 'Matrix partner' },
  'PATCH /affiliates/:affiliate_id': { outgoing_postback_url: null },
  'POST /affiliates/:affiliate_id/postback-secret': { grace_hours: 0 },
  'POST /campaigns': { name: 'Matrix campaign' },
  'PATCH /campaigns/:campaign_id': { name: 'Matrix campaign renamed' },
  'PUT /campaigns/:campaign_id/rules': { rules: [] },
  'POST /campaigns/:campaign_id/rules/preview': { country: 'US' },
  'PUT /campaigns/:campaign_id/payout-rules': { rules: [] },
  'PUT /campaigns/:campaign_id/caps': { caps: [] },
  // The matrix creates its campaign first, so campaign 1 exists.
  'POST /smartlinks': { name: 'Matrix smartlink', campaigns: [{ campaign_id: 1, weight: 1 }] },
  'PATCH /smartlinks/:smartlink_id': { name: 'Matrix smartlink' },
  'POST /advertisers': { name: 'Matrix advertiser' },
  'PATCH /advertisers/:advertiser_id': { name: 'Matrix advertiser renamed' },
  'POST /advertisers/:advertiser_id/postback-secret': { grace_hours: 0 },
  // Approving an approved conversion changes nothing: the matrix leaves the data as it found it.
  'PATCH /conversions/:conversion_id': { status: 'approved' },
  'POST /conversions/review': { ids: [1], status: 'approved' },
};

export interface RouteEntry {
  key: string;
  method: string;
  path: string;
}

// Every method and path the app answers, read from the router itself (middleware entries excluded).
export function appRoutes(): RouteEntry[] {
  const seen = new Map<string, RouteEntry>();
  for (const r of newApp().routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    seen.set(key, { key, method: r.method, path: r.path });
  }
  return [...seen.values()];
}

export type BearerAccess = Exclude<Access, 'public' | 'live-ticket'>;

/** Routes behind "Authorization: Bearer". */
export function guardedRoutes(): (RouteEntry & { access: BearerAccess })[] {
  return appRoutes()
    .filter(
      (r) =>
        routeAccess[r.key] &&
        routeAccess[r.key] !== 'public' &&
        routeAccess[r.key] !== 'live-ticket',
    )
    .map((r) => ({ ...r, access: routeAccess[r.key] as BearerAccess }));
}

/** Routes that take a live ticket instead of a key. */
export function ticketRoutes(): RouteEntry[] {
  return appRoutes().filter((r) => routeAccess[r.key] === 'live-ticket');
}

export interface PathIds {
  affiliate: number;
  campaign: number;
  smartlink?: number;
  advertiser?: number;
  conversion?: number;
}

export function fillPath(path: string, ids: PathIds): string {
  return path
    .replace(':affiliate_id', String(ids.affiliate))
    .replace(':campaign_id', String(ids.campaign))
    .replace(':smartlink_id', String(ids.smartlink ?? ids.campaign))
    .replace(':advertiser_id', String(ids.advertiser ?? 1))
    .replace(':conversion_id', String(ids.conversion ?? 1));
}

// The status a route answers an allowed caller with.
export function successStatus(route: RouteEntry): number {
  return route.method === 'POST' && !route.path.includes(':') && !actionPosts.has(route.key)
    ? 201
    : 200;
}

export function requestInit(
  route: RouteEntry,
  extraHeaders: Record<string, string> = {},
): RequestInit {
  const body = validBodies[route.key];
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: route.method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  };
}
