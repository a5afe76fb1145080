import { ApiFailure, failureFromBody } from './failure.ts';
import type {
  AffiliateRow,
  CampaignRow,
  ClickItem,
  ConversionItem,
  GetInput,
  GetPath,
  GroupBy,
  Links,
  LiveTicket,
  Me,
  Ok,
  Page,
  PostbackAnswer,
  QualityAnswer,
  StatsRow,
  Summary,
  TrackedClick,
} from './routes.ts';

export interface DayRange {
  from: string;
  to: string;
}

export interface PageRequest extends DayRange {
  cursor: string | null;
  limit: number;
}

export type ActivityKind = 'clicks' | 'conversions';

export interface CsvFile {
  filename: string;
  blob: Blob;
}

export interface PostbackRequest {
  affiliate_id: number;
  click_id: string;
  amount: string;
  // Omitted: the campaign's currency.
  currency?: string;
  event: string;
  txid: string;
  // The affiliate's own postback secret: it reports pending conversions and sets no status.
  token: string;
}

export interface ApiClient {
  readonly baseUrl: string;
  me(key?: string): Promise<Me>;
  affiliates(): Promise<AffiliateRow[]>;
  campaigns(): Promise<CampaignRow[]>;
  summary(affiliateId: number, range: DayRange): Promise<Summary>;
  stats(affiliateId: number, groupBy: GroupBy, range: DayRange): Promise<StatsRow[]>;
  quality(affiliateId: number, range: DayRange): Promise<QualityAnswer>;
  clicks(affiliateId: number, request: PageRequest): Promise<Page<ClickItem>>;
  conversions(affiliateId: number, request: PageRequest): Promise<Page<ConversionItem>>;
  csv(affiliateId: number, kind: ActivityKind, range: DayRange): Promise<CsvFile>;
  links(affiliateId: number): Promise<Links>;
  trackClick(affiliateId: number, campaignId: number): Promise<TrackedClick>;
  postback(request: PostbackRequest): Promise<PostbackAnswer>;
  liveTicket(): Promise<LiveTicket>;
  /** Any other call with the signed-in key; the console's pages bring their own typed wrappers. */
  request<T>(path: string, init?: RequestInit): Promise<T>;
}

export type Query = Record<string, string | number | null | undefined>;

export function withQuery(url: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

// Fills `:name` segments of a typed route path, so the path string itself is checked against the worker.
// Page requests as the wire wants them: strings, and no empty cursor.
function pageQuery(request: PageRequest) {
  const { from, to, cursor, limit } = request;
  return {
    from,
    to,
    ...(cursor ? { cursor } : {}),
    ...(limit !== undefined ? { limit: String(limit) } : {}),
  };
}

function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-z_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    throw new ApiFailure(
      'bad_response',
      `The API answered ${res.status} with something that is not JSON`,
      res.status,
    );
  }
}

/** A fetch wrapper around the worker's report API; `key()` is read on every call. */
export function createApiClient(
  baseUrl: string,
  key: () => string | null,
  fetcher: typeof fetch = (...a) => fetch(...a),
): ApiClient {
  const base = baseUrl.replace(/\/+$/, '');

  // `auth: false` for the public tracking endpoints, which must not receive the API key.
  async function send(
    url: string,
    init: RequestInit = {},
    auth: string | boolean = true,
  ): Promise<Response> {
    const token = typeof auth === 'string' ? auth : auth ? key() : null;
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    try {
      return await fetcher(`${base}${url}`, { ...init, headers });
    } catch {
      throw new ApiFailure('network', `Can't reach ${base}`);
    }
  }

  async function json<T>(
    url: string,
    init?: RequestInit,
    auth: string | boolean = true,
  ): Promise<T> {
    const res = await send(url, init, auth);
    const body = await readJson(res);
    if (!res.ok) throw failureFromBody(res.status, body);
    return body as T;
  }

  function get<P extends GetPath>(
    path: P,
    input: GetInput<P>,
    auth: string | boolean = true,
  ): Promise<Ok<P>> {
    const { param, query } = input as { param?: Record<string, string>; query?: Query };
    return json<Ok<P>>(withQuery(fillPath(path, param), query), undefined, auth);
  }

  const id = (n: number) => ({ affiliate_id: String(n) });

  return {
    baseUrl: base,
    me: async (candidate) => (await get('/me', {}, candidate ?? true)).data,
    affiliates: async () => (await get('/affiliates', {})).data,
    campaigns: async () => (await get('/campaigns', {})).data,
    summary: async (affiliateId, range) =>
      (await get('/affiliates/:affiliate_id/summary', { param: id(affiliateId), query: range }))
        .data,
    stats: async (affiliateId, groupBy, range) =>
      (
        await get('/affiliates/:affiliate_id/stats', {
          param: id(affiliateId),
          query: { ...range, group_by: groupBy },
        })
      ).data,
    quality: (affiliateId, range) =>
      get('/affiliates/:affiliate_id/quality', {
        param: id(affiliateId),
        query: { ...range, group_by: 'sub1' },
      }),
    clicks: (affiliateId, request) =>
      get('/affiliates/:affiliate_id/clicks', {
        param: id(affiliateId),
        query: pageQuery(request),
      }),
    conversions: (affiliateId, request) =>
      get('/affiliates/:affiliate_id/conversions', {
        param: id(affiliateId),
        query: pageQuery(request),
      }),
    csv: async (affiliateId, kind, range) => {
      const res = await send(withQuery(`/affiliates/${affiliateId}/${kind}.csv`, { ...range }));
      if (!res.ok) throw failureFromBody(res.status, await readJson(res));
      const disposition = res.headers.get('content-disposition') ?? '';
      const named = /filename="([^"]+)"/.exec(disposition)?.[1];
      return { filename: named ?? `${kind}-${affiliateId}.csv`, blob: await res.blob() };
    },
    links: async (affiliateId) =>
      (await get('/affiliates/:affiliate_id/postback-url', { param: id(affiliateId) })).data,
    trackClick: async (affiliateId, campaignId) =>
      (
        await get(
          '/click',
          {
            query: {
              affiliate_id: String(affiliateId),
              campaign_id: String(campaignId),
              format: 'json',
              sub1: 'test-postback',
            },
          },
          false,
        )
      ).data,
    postback: (request) =>
      json<PostbackAnswer>(
        '/postback',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        },
        false,
      ),
    liveTicket: async () =>
      (await json<{ data: LiveTicket }>('/live/ticket', { method: 'POST' })).data,
    request: (path, init) => json(path, init),
  };
}
